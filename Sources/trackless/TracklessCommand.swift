import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import Trackless

@main
struct TracklessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trackless",
        abstract: "Remove mail tracking: open pixels, tracking CSS and fonts, wrapped links and tracking parameters.",
        discussion: """
            Examples:
              trackless filter < message.eml > cleaned.eml
              trackless filter --strict --log /var/log/trackless.log
            """,
        version: TracklessVersion.string,
        subcommands: [FilterCommand.self, CleanCommand.self, PreviewCommand.self, RulesCommand.self, AuditCommand.self, MilterCommand.self]
    )

    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        // `filter` runs once per delivered message: a well-formed filter command line skips
        // ArgumentParser's reflection-based set-up, which costs several milliseconds a process.
        // Anything unusual (help, errors) takes the normal path below.
        if arguments.first == "filter", let fast = FilterCommand.fastParse(Array(arguments.dropFirst())) {
            do {
                try fast.run()
                _exit(0)
            } catch {
                exit(withError: error)
            }
        }
        if arguments.first == "milter" {
            // The configuration file's settings go in front of the command line's, which win.
            do {
                if let expanded = try MilterConfig.expand(Array(arguments.dropFirst())) {
                    arguments = ["milter"] + expanded
                }
            } catch {
                _ = try? IO.writeAll(fd: 2, "trackless milter: \(error)\n")
                _exit(ExitStatus.config.rawValue)
            }
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            // `filter` runs inside an MDA: a bad command line must not bounce mail. It exits
            // EX_TEMPFAIL so the message is kept and retried while the admin fixes the setup.
            if arguments.first == "filter", exitCode(for: error) != .success {
                _ = try? IO.writeAll(fd: 2, "trackless filter: \(message(for: error))\n")
                _exit(ExitStatus.tempFail.rawValue)
            }
            exit(withError: error)
        }
    }
}
