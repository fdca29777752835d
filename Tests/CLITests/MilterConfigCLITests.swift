import Foundation
import Testing

/// `trackless milter --config FILE`: the daemon's options, one per line; `--check` reads
/// the file, the options and the rules, prints the settings in force and exits.
@Suite struct MilterConfigCLITests {
    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trackless-milter-\(UUID().uuidString).conf").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func everySettingIsReadAndTheCommandLineWins() throws {
        let rules = try Self.write("")
        let file = try Self.write("""
            # a comment
            listen = inet:127.0.0.1:8894
            socket-mode = 600
            socket-owner = "root"
            max-connections = 12
            drain-timeout = 5
            timeout = 9
            max-size = 1000000
            memory-limit = 2000000

            metrics = 127.0.0.1:9120
            on-error = tempfail
            strict = yes
            unwrap-security-links = true
            rules = \(rules)
            """)
        defer { try? FileManager.default.removeItem(atPath: file); try? FileManager.default.removeItem(atPath: rules) }
        let r = try CLI.run(["milter", "--config", file, "--timeout", "3", "--check"])
        #expect(r.status == 0, "\(r.stderrText)")
        for line in ["listen = inet:127.0.0.1:8894", "socket-mode = 600", "socket-owner = root", "max-connections = 12",
                     "drain-timeout = 5.0", "timeout = 3.0", "max-size = 1000000", "memory-limit = 2000000",
                     "metrics = 127.0.0.1:9120", "on-error = tempfail", "strict = yes", "unwrap-security-links = yes",
                     "rules = \(rules)"] {
            #expect(r.stdoutText.split(separator: "\n").contains(Substring(line)), "missing '\(line)' in:\n\(r.stdoutText)")
        }
    }

    @Test(arguments: [
        ("colour = blue", "line 2: unknown setting 'colour'"),
        ("strict = maybe", "line 2: 'strict' takes yes or no, not 'maybe'"),
        ("timeout = 5\ntimeout = 6", "line 3: 'timeout' is set twice"),
        ("listen", "line 2: expected 'name = value'"),
        ("metrics =", "line 2: 'metrics' has no value"),
    ])
    func aBadFileIsOneLineAndExit78(_ body: String, _ expected: String) throws {
        let file = try Self.write("# settings\n" + body + "\n")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let r = try CLI.run(["milter", "--config", file, "--check"])
        #expect(r.status == 78)
        #expect(r.stderrText == "trackless milter: \(file) \(expected)\n")
    }

    @Test func aMissingFileIsExit78() throws {
        let r = try CLI.run(["milter", "--config", "/nonexistent/milter.conf", "--check"])
        #expect(r.status == 78)
        #expect(r.stderrText.contains("/nonexistent/milter.conf: cannot read"))
    }

    @Test func aBadValueIsAUsageError() throws {
        let file = try Self.write("listen = nowhere\n")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let r = try CLI.run(["milter", "--config", file, "--check"])
        #expect(r.status == 64, "\(r.stderrText)")
    }

    /// The shipped example stays valid.
    @Test func theExampleFileChecks() throws {
        let example = CLI.repositoryRoot.appendingPathComponent("docs/recipes/milter.conf").path
        let r = try CLI.run(["milter", "--config", example, "--check"])
        #expect(r.status == 0, "\(r.stderrText)")
        #expect(r.stdoutText.contains("listen = unix:/run/trackless/milter.sock"))
    }

    /// Every long option of `trackless milter` may be set in the file, except those that
    /// only make sense on a command line.
    @Test func theFileKnowsEveryOption() throws {
        let help = try CLI.run(["milter", "--help"]).stdoutText
        var options = Set<String>()
        for word in help.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," || $0 == "<" })
        where word.hasPrefix("--") && word.count > 2 {
            options.insert(String(word.dropFirst(2).prefix { $0.isLetter || $0 == "-" }))
        }
        let commandLineOnly: Set<String> = ["config", "check", "help", "version", "recipient"]
        let file = try Self.write(options.subtracting(commandLineOnly).sorted().map { "# \($0)" }.joined(separator: "\n"))
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(options.count > 10, "\(help)")
        for option in options.subtracting(commandLineOnly) {
            // A setting the file refuses is named as unknown; any other answer means it is known.
            let probe = try Self.write("\(option) = 1\n")
            defer { try? FileManager.default.removeItem(atPath: probe) }
            let r = try CLI.run(["milter", "--config", probe, "--check"])
            #expect(!r.stderrText.contains("unknown setting"), "\(option): \(r.stderrText)")
        }
    }
}
