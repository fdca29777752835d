import TrackerRules
#if canImport(Glibc)
import Glibc
#endif

/// Finds and reads user rules files (docs/rules.md).
public enum RulesFiles {
    /// `$XDG_CONFIG_HOME/trackless/rules`, else `$HOME/.config/trackless/rules`; nil when
    /// neither variable is set (MDAs often run filters with no environment).
    public static func defaultPath(environment: (String) -> String? = { name in getenv(name).map { String(cString: $0) } }) -> String? {
        if let xdg = environment("XDG_CONFIG_HOME"), xdg.hasPrefix("/") { return xdg + "/trackless/rules" }
        if let home = environment("HOME"), home.hasPrefix("/") { return home + "/.config/trackless/rules" }
        return nil
    }

    /// The outcome of loading: the rules in force and one line per problem.
    public struct Loaded: Sendable {
        /// nil when no user file was read: the built-in rules alone.
        public var ruleset: Ruleset?
        public var problems: [String]
        public var origins: [String]
    }

    /// Built-in rules plus `paths` (which must exist) plus the default file when it exists.
    /// A file with errors is left out entirely and reported: half a rules file could block
    /// what its author meant to allow.
    public static func load(paths: [String], includeDefault: Bool) -> Loaded {
        var ruleset: Ruleset?
        var problems: [String] = []
        var origins: [String] = []
        var candidates = paths.map { ($0, true) }
        if includeDefault, let def = defaultPath(), !paths.contains(def) { candidates.append((def, false)) }
        for (path, required) in candidates {
            guard let text = readText(path) else {
                if required { problems.append("\(path): cannot read: \(String(cString: strerror(errno)))") }
                continue
            }
            do {
                ruleset = try (ruleset ?? .builtIn).adding(userRulesText: text, origin: path)
                origins.append(path)
            } catch {
                problems.append(error.description)
            }
        }
        for p in ruleset?.builtInProblems ?? [] { problems.append("built-in rules: \(p)") }
        return Loaded(ruleset: ruleset, problems: problems, origins: origins)
    }

    /// Reads a small text file; nil when it does not exist or cannot be read.
    static func readText(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
            // Rules files are small; a huge one is a mistake, not a rules file.
            if bytes.count > 8 << 20 { errno = EFBIG; return nil }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
