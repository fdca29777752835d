import ArgumentParser
import Trackless
#if canImport(Glibc)
import Glibc
#endif

/// `trackless preview`: what would be removed, and why. Never writes anything.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Show what Trackless would remove from messages, and why.",
        discussion: """
            Reads message files, maildirs (every folder, cur/ and new/), or - for standard input.
            Nothing is written. On a maildir the output ends with a privacy report: which
            senders and vendors track you, and how often.

            Examples:
              trackless preview message.eml
              trackless preview --diff - < message.eml
              trackless preview --json ~/Maildir > report.json
            """
    )

    @Argument(help: "Message files, maildirs, or - for standard input.")
    var paths: [String]

    @Flag(help: "Print the unified diff of what would change.")
    var diff = false

    @Flag(name: [.short, .long], help: "After the summary, one row per finding: URLs before and after, reasons.")
    var verbose = false

    @Option(help: "Write one page to FILE that shows the message as sent and as cleaned, side by side, loading nothing (one message only).")
    var html: String?

    @Flag(help: "Print a JSON report (schema trackless-preview/1, see docs/preview.md).")
    var json = false

    @OptionGroup var cleaning: CleaningOptions

    func run() throws {
        // One message at a time in this thread, as `filter` cleans: blocks of 128 KiB and
        // more go back to the kernel when freed. (glibc's default raises that threshold
        // after the first such free, and a large message then kept its freed blocks.)
        HeapTuning.oneMessage()
        let rules = RulesFiles.load(paths: cleaning.rulesFiles, includeDefault: true)
        for p in rules.problems { printError("trackless preview: \(p)") }
        if !rules.problems.isEmpty { throw ExitStatus.config }
        let cleaner = Cleaner(options: cleaning.cleanOptions(rules: rules))
        let style = PreviewStyle(width: terminalWidth(), color: colorWanted())
        var summary = PrivacySummary()
        var messagesJSON: [JSONWriter.Value] = []
        var sawMaildir = false
        var failures = 0

        for path in paths {
            let inputs: [MessageSource]
            do {
                inputs = try MessageSource.expand(path)
            } catch {
                printError("trackless preview: \(path): \(error)")
                failures += 1
                continue
            }
            if inputs.count != 1 || inputs.first?.isMaildirMessage == true { sawMaildir = true }
            for input in inputs {
                let bytes: [UInt8]
                do {
                    bytes = try input.read()
                } catch {
                    printError("trackless preview: \(input.displayName): \(error)")
                    failures += 1
                    continue
                }
                if let html {
                    guard inputs.count == 1, paths.count == 1 else {
                        printError("trackless preview: --html takes one message")
                        throw ExitStatus.usage
                    }
                    let options = cleaner.options
                    guard let page = PreviewPage.render(bytes, options: options, title: "Trackless preview: \(input.displayName)") else {
                        printError("trackless preview: \(input.displayName): no HTML part to show")
                        throw ExitStatus.dataError
                    }
                    do {
                        try IO.writeFile(html, Array(page.utf8))
                    } catch {
                        printError("trackless preview: \(html): \(error)")
                        throw ExitStatus.ioError
                    }
                }
                let result = cleaner.clean(bytes)
                summary.add(result.report)
                if json {
                    messagesJSON.append(result.report.json(path: input.displayName, changed: result.changed))
                } else {
                    print(PreviewRenderer.render(result.report, path: input.displayName, changed: result.changed, style: style, verbose: verbose), terminator: "")
                    if diff, result.changed {
                        let name = input.displayName.hasPrefix("/") ? String(input.displayName.dropFirst()) : input.displayName
                        print(UnifiedDiff.make(old: bytes, new: result.bytes, oldName: "a/" + name, newName: "b/" + name), terminator: "")
                    }
                }
            }
        }
        if json {
            var fields: [(String, JSONWriter.Value)] = [("schema", .string("trackless-preview/1")), ("messages", .array(messagesJSON))]
            fields.append(("summary", summary.json))
            print(JSONWriter.Value.object(fields).render())
        } else if sawMaildir {
            print(summary.render(style: style), terminator: "")
        }
        if failures > 0 { throw ExitStatus.noInput }
    }
}

func printError(_ line: String) {
    _ = try? IO.writeAll(fd: 2, line + "\n")
}

func terminalWidth() -> Int {
    var ws = winsize()
    if isatty(1) != 0, ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
    return 100
}

/// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
func colorWanted() -> Bool {
    if let v = getenv("NO_COLOR"), v.pointee != 0 { return false }
    return isatty(1) != 0
}
