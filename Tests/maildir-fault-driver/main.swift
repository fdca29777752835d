// Test-only driver for the batch engine: cleans Maildir trees with a marker-line transform
// (every line that is exactly the marker, default `X-Tracker: yes`, is removed).
//
// It is the only program that arms the crash points: with TRACKLESS_FAULT_AT=N it ends
// itself with _exit(9) just before the Nth mutating system call, so that the fault-injection
// test can interrupt a run at every step. The benchmark uses it too (no fault armed).
//
//   maildir-fault-driver [--jobs N|auto] [--backup DIR] [--dry-run] [--marker LINE] [--count-steps] ROOT...
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Maildir
import Trackless

struct Report: Sendable {
    var removedLines: Int
}

func usage() -> Never {
    let text = "usage: maildir-fault-driver [--jobs N|auto] [--backup DIR] [--dry-run] [--marker LINE] [--count-steps] ROOT...\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
    exit(64)
}

var options = BatchOptions()
options.jobs = 1
var marker = Array("X-Tracker: yes".utf8)
var countSteps = false
var roots: [String] = []
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--jobs":
        guard let value = arguments.next() else { usage() }
        if value == "auto" {
            // Windows of a few messages, so that workers pause and resume within a small run.
            options.jobs = 4
            options.tunesJobs = true
            options.tuningWindow = (seconds: 0, messages: 3)
        } else {
            guard let count = Int(value) else { usage() }
            options.jobs = count
        }
    case "--backup":
        guard let value = arguments.next() else { usage() }
        options.backupDirectory = value
    case "--dry-run":
        options.dryRun = true
    case "--marker":
        guard let value = arguments.next() else { usage() }
        marker = Array(value.utf8)
    case "--count-steps":
        countSteps = true
    default:
        if argument.hasPrefix("--") { usage() }
        roots.append(argument)
    }
}
if roots.isEmpty { usage() }

if countSteps {
    _MaildirFaults.setCrashHook { _, _ in }
} else {
    _MaildirFaults.armCrashFromEnvironment()
}

let lineMarker = marker
let summary = cleanMaildirs(roots, options: options, transform: { bytes in
    removeMarkerLines(bytes, marker: lineMarker)
})

/// Drops every line (LF or CRLF ended) whose content is exactly `marker`.
@Sendable func removeMarkerLines(_ bytes: [UInt8], marker: [UInt8]) -> (output: [UInt8]?, report: Report) {
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var removed = 0
    var start = 0
    while start < bytes.count {
        var end = start
        while end < bytes.count && bytes[end] != 0x0A { end += 1 }
        let next = end < bytes.count ? end + 1 : end
        var contentEnd = end
        if contentEnd > start && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
        if contentEnd - start == marker.count && bytes[start..<contentEnd].elementsEqual(marker) {
            removed += 1
        } else {
            output += bytes[start..<next]
        }
        start = next
    }
    return (removed > 0 ? output : nil, Report(removedLines: removed))
}

print("scanned=\(summary.scanned) changed=\(summary.changed) unchanged=\(summary.unchanged) failed=\(summary.failed) vanished=\(summary.vanished) skipped=\(summary.skipped) bytesRead=\(summary.bytesRead) bytesWritten=\(summary.bytesWritten) elapsed=\(summary.elapsedSeconds) stopped=\(summary.stopped)")
for line in summary.recovery { print("recovery: \(line)") }
for problem in summary.problems { print("problem: \(problem.path): \(problem.status)") }
for problem in summary.pathProblems { print("path-problem: \(problem.path): \(problem.reason)") }
if countSteps { print("steps=\(_MaildirFaults.stepCount)") }
exit(summary.hasFailures ? 1 : 0)
