#if canImport(Glibc)
import Glibc
#endif

/// The milter's configuration file: the daemon's long options written one per line, so a
/// service manager's unit can stay `trackless milter --config FILE`.
///
/// ```
/// # /etc/trackless/milter.conf
/// listen = unix:/run/trackless/milter.sock
/// socket-owner = postfix:postfix
/// timeout = 20
/// rules = /etc/trackless/rules.txt
/// strict = no
/// ```
///
/// `name = value` per line; `#` starts a comment line; blank lines are skipped; a value may
/// be wrapped in double quotes. Flags take `yes`/`no` (or `true`/`false`). `rules` may be
/// given more than once. Options on the command line win over the file (they are read
/// after it).
enum MilterConfig {
    /// Settings that take a value, by their option name.
    static let valued: Set<String> = [
        "listen", "socket-mode", "socket-owner", "max-connections", "drain-timeout", "timeout", "max-size",
        "memory-limit", "metrics", "on-error", "rules",
    ]
    /// Settings that are flags.
    static let flags: Set<String> = ["strict", "unwrap-security-links"]
    /// Settings that may appear more than once.
    static let repeatable: Set<String> = ["rules"]

    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// The file's settings as command-line arguments (`--name value`, `--flag`).
    static func arguments(fromFile path: String) throws(Problem) -> [String] {
        guard let bytes = try? IO.readFile(path) else { throw Problem(description: "\(path): cannot read") }
        return try arguments(from: String(decoding: bytes, as: UTF8.self), origin: path)
    }

    static func arguments(from text: String, origin: String) throws(Problem) -> [String] {
        var out: [String] = []
        var seen: Set<String> = []
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = trim(rawLine)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let at = "\(origin) line \(number + 1)"
            guard let equals = line.firstIndex(of: "=") else {
                throw Problem(description: "\(at): expected 'name = value'")
            }
            let name = trim(line[..<equals]).lowercased()
            var value = trim(line[line.index(after: equals)...])
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            guard valued.contains(name) || flags.contains(name) else {
                throw Problem(description: "\(at): unknown setting '\(name)'")
            }
            if !repeatable.contains(name), !seen.insert(name).inserted {
                throw Problem(description: "\(at): '\(name)' is set twice")
            }
            if flags.contains(name) {
                switch value.lowercased() {
                case "yes", "true", "on", "1": out.append("--\(name)")
                case "no", "false", "off", "0": break
                default: throw Problem(description: "\(at): '\(name)' takes yes or no, not '\(value)'")
                }
                continue
            }
            guard !value.isEmpty else { throw Problem(description: "\(at): '\(name)' has no value") }
            out += ["--\(name)", value]
        }
        return out
    }

    static func trim<S: StringProtocol>(_ s: S) -> String {
        String(s.drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }

    /// `arguments` (those after `milter`) with the file named by `--config` read in front of
    /// them; nil when there is no `--config`.
    static func expand(_ arguments: [String]) throws(Problem) -> [String]? {
        var path: String?
        var k = 0
        while k < arguments.count {
            let a = arguments[k]
            if a == "--" { break }
            if a == "--config" {
                guard k + 1 < arguments.count else { throw Problem(description: "--config needs a file") }
                path = arguments[k + 1]
                k += 2
                continue
            }
            if a.hasPrefix("--config=") { path = String(a.dropFirst("--config=".count)) }
            k += 1
        }
        guard let path else { return nil }
        return try MilterConfig.arguments(fromFile: path) + arguments
    }
}
