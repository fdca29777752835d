#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Synchronization

/// Counters of a running daemon, in the Prometheus text format: messages by outcome,
/// findings by kind, failures, and a histogram of the time each message took.
public final class MilterMetrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    public static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    private struct State {
        var messages: [String: Int] = [:]
        var findings: [String: Int] = [:]
        var bytes = 0
        var bucketCounts = [Int](repeating: 0, count: MilterMetrics.buckets.count)
        var latencySum = 0.0
        var latencyCount = 0
        var connections = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// One message done: its outcome (`changed`, `unchanged`, `oversize`, `failed`,
    /// `aborted`), size, and the time its cleaning took.
    public func record(outcome: String, bytes: Int, seconds: Double?) {
        state.withLock { s in
            s.messages[outcome, default: 0] += 1
            s.bytes += bytes
            if let seconds {
                s.latencySum += seconds
                s.latencyCount += 1
                for (i, bound) in Self.buckets.enumerated() where seconds <= bound { s.bucketCounts[i] += 1 }
            }
        }
    }

    /// Findings of one cleaned message, by kind.
    public func addFindings(_ findings: [String: Int]) {
        state.withLock { s in for (kind, n) in findings { s.findings[kind, default: 0] += n } }
    }

    public func connectionOpened() { state.withLock { $0.connections += 1 } }
    public func connectionClosed() { state.withLock { $0.connections -= 1 } }

    /// The exposition text (format version 0.0.4).
    public func render() -> String {
        let s = state.withLock { $0 }
        var out = ""
        out += "# HELP trackless_milter_messages_total Messages finished, by outcome.\n"
        out += "# TYPE trackless_milter_messages_total counter\n"
        for outcome in ["changed", "unchanged", "oversize", "failed", "aborted"] {
            out += "trackless_milter_messages_total{outcome=\"\(outcome)\"} \(s.messages[outcome] ?? 0)\n"
        }
        out += "# HELP trackless_milter_findings_total Trackers and tracking parameters found, by kind.\n"
        out += "# TYPE trackless_milter_findings_total counter\n"
        for (kind, n) in s.findings.sorted(by: { $0.key < $1.key }) {
            out += "trackless_milter_findings_total{kind=\"\(kind)\"} \(n)\n"
        }
        out += "# HELP trackless_milter_bytes_total Bytes of messages received.\n"
        out += "# TYPE trackless_milter_bytes_total counter\n"
        out += "trackless_milter_bytes_total \(s.bytes)\n"
        out += "# HELP trackless_milter_connections Connections open now.\n"
        out += "# TYPE trackless_milter_connections gauge\n"
        out += "trackless_milter_connections \(s.connections)\n"
        out += "# HELP trackless_milter_clean_seconds Time to clean a message, from the end of its body to the verdict.\n"
        out += "# TYPE trackless_milter_clean_seconds histogram\n"
        for (i, bound) in Self.buckets.enumerated() {
            out += "trackless_milter_clean_seconds_bucket{le=\"\(bound)\"} \(s.bucketCounts[i])\n"
        }
        out += "trackless_milter_clean_seconds_bucket{le=\"+Inf\"} \(s.latencyCount)\n"
        out += "trackless_milter_clean_seconds_sum \(s.latencySum)\n"
        out += "trackless_milter_clean_seconds_count \(s.latencyCount)\n"
        return out
    }
}

/// A minimal HTTP listener that answers `GET /metrics` (and nothing else) with the metrics
/// text: one request per connection, no keep-alive, on its own thread.
public final class MetricsEndpoint: @unchecked Sendable {
    let metrics: MilterMetrics
    let fd: Int32

    /// Binds `host:port` (numeric host only: no name lookups).
    public init(metrics: MilterMetrics, host: String, port: UInt16) throws(MilterServerError) {
        self.metrics = metrics
        let s: Int32
        do {
            s = try MilterServer.tcpSocket(host: host, port: port)
        } catch {
            throw MilterServerError(description: "metrics: \(error)")
        }
        guard listen(s, 16) == 0 else {
            close(s)
            throw MilterServerError(description: "metrics: cannot listen on \(host):\(port): \(MilterServer.errno())")
        }
        fd = s
    }

    /// Serves requests one at a time until the process ends.
    public func serve() {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 { continue }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var request: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            // Read the request line and headers (up to 16 KiB), no body.
            while request.count < 16_384, !request.ends(with: [13, 10, 13, 10]) {
                let n = buffer.withUnsafeMutableBytes { read(client, $0.baseAddress, $0.count) }
                guard n > 0 else { break }
                request += buffer[0..<n]
            }
            let line = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
            let response: String
            if line.hasPrefix("GET /metrics ") || line == "GET /metrics" {
                let body = metrics.render()
                response = "HTTP/1.0 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
            } else {
                response = "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n"
            }
            let bytes = Array(response.utf8)
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { send(client, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
                guard n > 0 else { break }
                offset += n
            }
            close(client)
        }
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix) }
}
