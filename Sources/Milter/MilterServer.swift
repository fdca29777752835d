#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Synchronization

/// Where the daemon listens, in the notations of Postfix and libmilter.
public enum MilterAddress: Sendable, Equatable, CustomStringConvertible {
    case unix(path: String)
    case inet(host: String, port: UInt16)

    /// `unix:/run/trackless/milter.sock` (or a bare path), `inet:PORT@HOST` (libmilter),
    /// `inet:HOST:PORT` (Postfix), `inet:PORT` (loopback), `inet6:PORT@HOST`.
    public init?(_ spec: String) {
        if spec.hasPrefix("/") {
            self = .unix(path: spec)
            return
        }
        if spec.hasPrefix("unix:") || spec.hasPrefix("local:") {
            let path = String(spec.drop { $0 != ":" }.dropFirst())
            guard !path.isEmpty else { return nil }
            self = .unix(path: path)
            return
        }
        let rest: Substring
        if spec.hasPrefix("inet6:") {
            rest = spec.dropFirst(6)
        } else if spec.hasPrefix("inet:") {
            rest = spec.dropFirst(5)
        } else {
            return nil
        }
        var host = "127.0.0.1"
        var portText = rest
        if let at = rest.firstIndex(of: "@") {
            portText = rest[..<at]
            host = String(rest[rest.index(after: at)...])
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            portText = rest[rest.index(after: colon)...]
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let port = UInt16(portText), port > 0, !host.isEmpty else { return nil }
        self = .inet(host: host == "localhost" ? "127.0.0.1" : host, port: port)
    }

    public var description: String {
        switch self {
        case .unix(let path): return "unix:\(path)"
        case .inet(let host, let port): return host.contains(":") ? "inet:[\(host)]:\(port)" : "inet:\(host):\(port)"
        }
    }
}

/// Settings of the daemon.
public struct MilterServerOptions: Sendable {
    public var address: MilterAddress
    /// Connections served at once; more wait in the listen queue (the MTA's own timeouts
    /// and default action then apply), so nothing queues without bound.
    public var maxConnections: Int = 64
    /// An MTA silent this long in the middle of a connection is dropped.
    public var idleTimeoutSeconds: Int32 = 600
    /// After a stop request, how long connections already open are still served. Postfix
    /// sends the envelope of a transaction only at DATA (it waits for no reply to MAIL and
    /// RCPT), so a connection that looks idle may hold a message on its way: closing it at
    /// once would let that message pass uncleaned.
    public var drainSeconds: Double = 30
    /// Mode of a unix socket (and owner, when set, by uid/gid).
    public var socketMode: mode_t = 0o660
    public var socketOwner: (uid: uid_t, gid: gid_t)?
    public var session = MilterSessionOptions()

    public init(address: MilterAddress) { self.address = address }
}

/// Why the daemon could not start.
public struct MilterServerError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// The daemon: one listening socket, a thread per connection (as libmilter does), at most
/// `maxConnections` at once. A stop request ends the listening at once and each connection
/// after the message it is in.
public final class MilterServer: @unchecked Sendable {
    public let options: MilterServerOptions
    let filter: any MilterMessageFilter
    let log: @Sendable (String) -> Void
    /// Counted when set (the daemon's --metrics endpoint reads them).
    public let metrics: MilterMetrics?
    let stopRequested = Atomic<Bool>(false)
    /// When the stop was asked for (CLOCK_MONOTONIC nanoseconds), 0 before.
    let stopTime = Atomic<Int>(0)
    let active = Atomic<Int>(0)
    let slots: Slots
    var listener: Int32 = -1

    public init(options: MilterServerOptions, filter: any MilterMessageFilter, metrics: MilterMetrics? = nil,
                log: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.filter = filter
        self.metrics = metrics
        self.log = log
        self.slots = Slots(options.maxConnections)
    }

    /// Opens the socket; throws with a one-line reason.
    public func bind() throws(MilterServerError) {
        switch options.address {
        case .unix(let path):
            var st = stat()
            if lstat(path, &st) == 0 {
                guard (st.st_mode & S_IFMT) == S_IFSOCK else {
                    throw MilterServerError(description: "\(path) exists and is not a socket")
                }
                unlink(path)
            }
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw MilterServerError(description: "socket: \(Self.errno())") }
            var addr = sockaddr_un()
            addr.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else {
                close(fd)
                throw MilterServerError(description: "socket path too long: \(path)")
            }
            withUnsafeMutableBytes(of: &addr.sun_path) { raw in
                for (i, b) in bytes.enumerated() { raw[i] = b }
            }
            let rc = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard rc == 0 else {
                close(fd)
                throw MilterServerError(description: "bind \(path): \(Self.errno())")
            }
            chmod(path, options.socketMode)
            if let owner = options.socketOwner, chown(path, owner.uid, owner.gid) != 0 {
                close(fd)
                throw MilterServerError(description: "chown \(path): \(Self.errno())")
            }
            listener = fd
        case .inet(let host, let port):
            let fd = try Self.tcpSocket(host: host, port: port)
            listener = fd
        }
        guard listen(listener, 128) == 0 else {
            throw MilterServerError(description: "listen \(options.address): \(Self.errno())")
        }
    }

    /// Serves until `stop()`; returns when every connection has ended.
    public func run() {
        while !stopRequested.load(ordering: .relaxed) {
            // Wait for a free slot first: an MTA over the limit waits in the listen queue.
            guard slots.acquire(timeoutMilliseconds: 500) else { continue }
            var pfd = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, 500)
            if ready <= 0 {
                slots.release()
                continue
            }
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                slots.release()
                continue
            }
            if case .inet = options.address {
                // Replies are small and each one is awaited: send them at once.
                var one: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            }
            active.add(1, ordering: .relaxed)
            let connection = Connection(server: self, fd: fd)
            spawn { connection.serve() }
        }
        close(listener)
        if case .unix(let path) = options.address { unlink(path) }
        while active.load(ordering: .relaxed) > 0 { usleep(50_000) }
    }

    /// Asks the daemon to stop: safe from a signal handler's thread.
    public func stop() {
        stopTime.store(Self.monotonicNanoseconds(), ordering: .relaxed)
        stopRequested.store(true, ordering: .relaxed)
    }

    var stopping: Bool { stopRequested.load(ordering: .relaxed) }

    /// Stopping, and the time for connections to finish is over.
    var drained: Bool {
        guard stopping else { return false }
        return Double(Self.monotonicNanoseconds() - stopTime.load(ordering: .relaxed)) / 1e9 >= options.drainSeconds
    }

    static func monotonicNanoseconds() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return ts.tv_sec * 1_000_000_000 + ts.tv_nsec
    }

    func connectionEnded() {
        active.subtract(1, ordering: .relaxed)
        slots.release()
    }

    static func errno() -> String { String(cString: strerror(Glibc.errno)) }

    /// A TCP socket bound to a numeric address (no name lookups), not yet listening.
    static func tcpSocket(host: String, port: UInt16) throws(MilterServerError) -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let info = result else {
            throw MilterServerError(description: "not a numeric address: \(host) (no name lookups)")
        }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw MilterServerError(description: "socket: \(errno())") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard Glibc.bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            close(fd)
            throw MilterServerError(description: "bind \(host):\(port): \(errno())")
        }
        return fd
    }

    func spawn(_ body: @escaping @Sendable () -> Void) {
        final class Box { let body: @Sendable () -> Void; init(_ b: @escaping @Sendable () -> Void) { body = b } }
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        // Cleaning recurses on deep but bounded structures: a large stack, as for `filter`.
        pthread_attr_setstacksize(&attr, 64 << 20)
        pthread_attr_setdetachstate(&attr, Int32(PTHREAD_CREATE_DETACHED))
        let box = Unmanaged.passRetained(Box(body))
        var thread = pthread_t()
        let rc = pthread_create(&thread, &attr, { arg in
            guard let arg else { return nil }
            Unmanaged<Box>.fromOpaque(arg).takeRetainedValue().body()
            return nil
        }, box.toOpaque())
        pthread_attr_destroy(&attr)
        if rc != 0 {
            box.release()
            body()
        }
    }

    /// A counting semaphore with a timed wait.
    final class Slots: @unchecked Sendable {
        var free: Int
        var mutex = pthread_mutex_t()
        var cond = pthread_cond_t()

        init(_ count: Int) {
            free = max(1, count)
            pthread_mutex_init(&mutex, nil)
            pthread_cond_init(&cond, nil)
        }

        func acquire(timeoutMilliseconds: Int) -> Bool {
            pthread_mutex_lock(&mutex)
            defer { pthread_mutex_unlock(&mutex) }
            if free == 0 {
                var ts = timespec()
                clock_gettime(CLOCK_REALTIME, &ts)
                ts.tv_nsec += timeoutMilliseconds * 1_000_000
                ts.tv_sec += ts.tv_nsec / 1_000_000_000
                ts.tv_nsec %= 1_000_000_000
                while free == 0 {
                    if pthread_cond_timedwait(&cond, &mutex, &ts) != 0 { break }
                }
            }
            guard free > 0 else { return false }
            free -= 1
            return true
        }

        func release() {
            pthread_mutex_lock(&mutex)
            free += 1
            pthread_cond_signal(&cond)
            pthread_mutex_unlock(&mutex)
        }
    }
}

/// One MTA connection: packets in, replies out, until QUIT, an error, or a stop between
/// messages.
final class Connection: @unchecked Sendable {
    let server: MilterServer
    let fd: Int32

    init(server: MilterServer, fd: Int32) {
        self.server = server
        self.fd = fd
    }

    func serve() {
        defer {
            close(fd)
            server.connectionEnded()
        }
        var session = MilterSession(filter: server.filter, options: server.options.session)
        server.metrics?.connectionOpened()
        defer {
            session.end()
            server.metrics?.connectionClosed()
        }
        var reader = MilterPacketReader()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var idle: Int32 = 0
        while true {
            // On a stop, open connections are served until the MTA ends them or the drain
            // time is over; even then a message under way is finished first.
            if server.drained && !session.inMessage { return }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, 1000)
            if ready == 0 {
                idle += 1
                if idle >= server.options.idleTimeoutSeconds {
                    server.log("connection idle for \(idle) s: closed")
                    return
                }
                continue
            }
            idle = 0
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && (Glibc.errno == EINTR || Glibc.errno == EAGAIN) { continue }
            guard n > 0 else { return }  // the MTA closed the connection
            reader.append(buffer[0..<n])
            do {
                while let packet = try reader.next() {
                    let replies = try session.handle(packet)
                    for report in session.reports {
                        server.log(Self.line(report))
                        server.metrics?.record(outcome: report.outcome.rawValue, bytes: report.size, seconds: report.seconds)
                    }
                    session.reports.removeAll()
                    // All replies to one packet in one write: with Nagle and delayed ACKs a
                    // reply split over writes can stall ~40 ms on a TCP socket.
                    if !replies.isEmpty {
                        guard writeAll(replies.count == 1 ? replies[0].encoded : replies.flatMap(\.encoded)) else { return }
                    }
                    if session.finished { return }
                }
            } catch {
                // The MTA applies its default action (milter_default_action) to the message.
                server.log("protocol error, connection closed: \(error)")
                return
            }
        }
    }

    func writeAll(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 && Glibc.errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    static func line(_ r: MilterMessageReport) -> String {
        var s = "\(r.queueID ?? "-"): \(r.outcome.rawValue), \(r.size) bytes"
        if let t = r.seconds { s += ", \(Int((t * 1000).rounded())) ms" }
        if let d = r.detail { s += ": \(d)" }
        return s
    }
}
