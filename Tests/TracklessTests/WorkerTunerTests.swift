import Testing
@testable import Trackless

/// `--jobs auto`: the hill climb over measured rates, and a run whose worker count changes
/// under it.
@Suite struct WorkerTunerTests {
    @Test func climbsWhileTheRateGrowsAndTurnsBackWhenItFalls() {
        var tuner = WorkerTuner(maximum: 8, start: 4)
        tuner.observe(rate: 100)  // first window: no comparison, keeps climbing
        #expect(tuner.active == 5)
        tuner.observe(rate: 120)
        #expect(tuner.active == 6)
        tuner.observe(rate: 90)  // worse at 6: back down
        #expect(tuner.active == 5)
        tuner.observe(rate: 119)  // better than 90: keep going down
        #expect(tuner.active == 4)
        tuner.observe(rate: 100)  // worse: up again
        #expect(tuner.active == 5)
    }

    @Test func noiseBelowTheToleranceDoesNotTurnIt() {
        var tuner = WorkerTuner(maximum: 8, start: 2)
        tuner.observe(rate: 100)
        tuner.observe(rate: 98)  // 2% less: noise
        #expect(tuner.active == 4)
    }

    @Test func staysWithinOneAndTheMaximum() {
        var tuner = WorkerTuner(maximum: 3, start: 9)
        #expect(tuner.active == 3)
        for rate in [100.0, 100, 100, 100, 100, 100, 100] {
            tuner.observe(rate: rate)
            #expect((1...3).contains(tuner.active))
        }
        var single = WorkerTuner(maximum: 1, start: 4)
        single.observe(rate: 10)
        single.observe(rate: 5)
        #expect(single.active == 1)
        var falling = WorkerTuner(maximum: 4, start: 1)
        for rate in [100.0, 50, 25, 12, 6] {
            falling.observe(rate: rate)
            #expect((1...4).contains(falling.active))
        }
    }

    @Test func aWindowEndsAfterBothItsTimeAndItsCount() {
        var window = TuningWindow(now: 0, seconds: 1, messages: 3)
        #expect(window.finished(at: 0.5) == nil)
        #expect(window.finished(at: 0.9) == nil)
        #expect(window.finished(at: 1.0) == 3.0)  // third message at 1 s: 3 per second
        #expect(window.finished(at: 5.0) == nil)  // a new window: one message so far
    }

    @Test func everyMessageIsCleanedOnceWhileTheCountChanges() throws {
        // Windows of a few messages: workers pause (replacing what they hold) and resume
        // many times in one run.
        let maildir = try BatchMaildir(count: 300)
        var options = BatchOptions()
        options.jobs = 6
        options.tunesJobs = true
        options.tuningWindow = (seconds: 0, messages: 5)
        let summary = cleanMaildirs([maildir.root], options: options, transform: removeTrackerLines)
        #expect(summary.scanned == 300)
        #expect(summary.changed == (0..<300).filter(BatchMaildir.tracked).count)
        #expect(summary.failed == 0 && summary.vanished == 0)
        #expect(maildir.check(requireCleaned: true) == [])
        #expect(maildir.ourTmpFiles().isEmpty)
        let workers = try #require(summary.workers)
        #expect(workers.lowerBound >= 1 && workers.upperBound <= 6)
        #expect(workers.count > 1)
    }

    @Test func aFixedCountReportsNoRange() throws {
        let maildir = try BatchMaildir(count: 20)
        var options = BatchOptions()
        options.jobs = 3
        let summary = cleanMaildirs([maildir.root], options: options, transform: removeTrackerLines)
        #expect(summary.workers == nil)
        #expect(maildir.check(requireCleaned: true) == [])
    }
}
