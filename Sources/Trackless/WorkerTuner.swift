/// How many of a batch run's workers clean at once (`--jobs auto`), chosen from the
/// throughput the run measures. The best count depends on the disk (how long an fsync takes,
/// and how well the file system merges concurrent ones) and on the cores: on one machine 4
/// workers beat both 2 and 16, and a fixed default cannot fit every disk.
///
/// Hill climbing over windows of work: each window's rate is compared with the one before;
/// the count keeps moving the same way while the rate holds or improves and turns back when
/// it falls. It settles beside the best count and goes on probing one step either side, so
/// it follows a change of load (another process taking the disk, a folder of larger
/// messages).
struct WorkerTuner: Sendable {
    /// The most workers that may run at once (all the threads started).
    let maximum: Int
    /// Workers allowed to clean in the next window.
    private(set) var active: Int
    private var step = 1
    private var previousRate: Double?
    /// A fall in rate smaller than this share is noise, not a reason to turn back.
    static let tolerance = 0.03

    init(maximum: Int, start: Int) {
        self.maximum = max(1, maximum)
        active = min(max(1, start), self.maximum)
    }

    /// Takes the rate of the window just ended (messages per second at `active` workers)
    /// and sets `active` for the next one.
    mutating func observe(rate: Double) {
        if let previousRate, rate < previousRate * (1 - Self.tolerance) { step = -step }
        previousRate = rate
        var next = active + step
        if next < 1 || next > maximum {
            step = -step
            next = active + step
        }
        active = min(max(next, 1), maximum)
    }
}

/// When a window of tuning ends: after at least `seconds` and `messages` finished messages
/// (changed ones arrive a batch at a time, so a window holds several batches).
struct TuningWindow {
    let seconds: Double
    let messages: Int

    private var started: Double
    private var done = 0

    init(now: Double, seconds: Double, messages: Int) {
        started = now
        self.seconds = seconds
        self.messages = messages
    }

    /// Counts one finished message; returns the window's rate when it ends there.
    mutating func finished(at now: Double) -> Double? {
        done += 1
        let elapsed = now - started
        guard elapsed >= seconds, done >= messages else { return nil }
        let rate = Double(done) / elapsed
        started = now
        done = 0
        return rate
    }
}
