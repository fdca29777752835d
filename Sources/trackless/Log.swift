#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `filter` records what it did. Off by default: stderr is never used, because
/// Exim copies a filter's stderr into the message and getmail treats it as failure.
struct FilterLog {
    var path: String?
    var useSyslog: Bool

    var isEnabled: Bool { path != nil || useSyslog }

    /// Appends one line; failures to log are ignored (logging must never cost a message).
    func record(_ line: String) {
        guard isEnabled else { return }
        if let path {
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            if fd >= 0 {
                var ts = timespec()
                clock_gettime(CLOCK_REALTIME, &ts)
                var tmv = tm()
                var secs = ts.tv_sec
                gmtime_r(&secs, &tmv)
                let stamp = String(format4(Int(tmv.tm_year) + 1900)) + "-" + pad2(Int(tmv.tm_mon) + 1) + "-" + pad2(Int(tmv.tm_mday))
                    + "T" + pad2(Int(tmv.tm_hour)) + ":" + pad2(Int(tmv.tm_min)) + ":" + pad2(Int(tmv.tm_sec)) + "Z"
                // One write per line: O_APPEND keeps concurrent filters' lines whole.
                _ = try? IO.writeAll(fd: fd, "\(stamp) trackless[\(getpid())]: \(line)\n")
                close(fd)
            }
        }
        if useSyslog {
            openlog("trackless", LOG_PID, LOG_MAIL)
            withVaList([]) { args in
                line.withCString { cs in
                    // Pass the line as an argument, never as the format.
                    withVaList([cs]) { vsyslog(LOG_INFO, "%s", $0) }
                }
                _ = args
            }
            closelog()
        }
    }
}

private func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
private func format4(_ v: Int) -> String { String(v) }
