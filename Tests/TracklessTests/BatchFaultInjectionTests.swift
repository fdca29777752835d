import Foundation
@testable import Maildir
import Testing
@testable import Trackless

/// Kills a cleaning run (the `maildir-fault-driver` child process) just before each of its
/// mutating system calls in turn, and checks after every kill that no message is lost or
/// doubled beyond what recovery resolves, that recovery restores exactly one copy of each,
/// that a following run finishes the job, and that a run after that changes nothing.
@Suite(.serialized) struct BatchFaultInjectionTests {
    /// The driver built next to the test bundle.
    static var driver: String {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = runner.deletingLastPathComponent()
        if dir.lastPathComponent == "MacOS" {
            dir = dir.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        }
        return dir.appendingPathComponent("maildir-fault-driver").path
    }

    struct DriverRun {
        var status: Int32
        var output: String
    }

    static func runDriver(_ arguments: [String], faultAt: Int? = nil) throws -> DriverRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: driver)
        process.arguments = arguments
        var environment: [String: String] = [:]
        if let faultAt { environment["TRACKLESS_FAULT_AT"] = String(faultAt) }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return DriverRun(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Recovery alone (no cleaning), in this process.
    static func recoverOnly(_ maildir: BatchMaildir) -> [MaildirRecovery.Action] {
        let names = UniqueNameGenerator()
        return MaildirDiscovery.folders(in: [maildir.root]).folders.flatMap { MaildirRecovery.recover($0, names: names) }
    }

    /// The full check after a kill at `step`: returns problems (empty when all is well).
    static func checkAfterKill(_ maildir: BatchMaildir, step: Int, jobs: String) throws -> [String] {
        var problems: [String] = []
        func note(_ stage: String, _ found: [String]) {
            problems += found.map { "step \(step), jobs \(jobs), \(stage): \($0)" }
        }
        // Right after the kill: nothing lost; a second copy only where a journal explains it.
        note("after kill", maildir.check(allowDuplicates: true))
        let copies = Dictionary(grouping: maildir.files(), by: { BatchMaildir.index(of: $0.content) ?? -1 })
        let doubled = copies.filter { $0.value.count > 1 }
        // Each doubled message must be named (old and new file) by an entry of some journal.
        let entries = maildir.ourTmpFiles().filter { $0.hasSuffix(TracklessTmpFile.intentSuffix) }.flatMap { path in
            (try? MessageFile.read(path, limit: IntentJournal.readLimit)).flatMap { IntentJournal.decode($0.bytes) } ?? []
        }
        let explained = Set(entries.flatMap { [MaildirName($0.oldName).base, MaildirName($0.newName).base] })
        let unexplained = doubled.filter { _, files in !files.allSatisfy { explained.contains(MaildirName($0.name).base) } }
        if !unexplained.isEmpty {
            note("after kill", ["\(unexplained.count) doubled messages no journal entry names (\(entries.count) entries)"])
        }

        // Recovery alone restores exactly one copy of each message.
        _ = recoverOnly(maildir)
        note("after recovery", maildir.check())
        note("after recovery", maildir.ourTmpFiles().map { "leftover \($0)" })

        // A full run finishes the job; the run after it changes nothing.
        let finish = cleanMaildirs([maildir.root], transform: removeTrackerLines)
        if finish.hasFailures { note("finishing run", finish.problems.map { "\($0.path): \($0.status)" } + ["failed"]) }
        note("after finishing run", maildir.check(requireCleaned: true))
        note("after finishing run", maildir.ourTmpFiles().map { "leftover \($0)" })
        let before = maildir.files()
        let idle = cleanMaildirs([maildir.root], transform: removeTrackerLines)
        if idle.changed != 0 || maildir.files() != before { note("idle run", ["changed \(idle.changed) messages"]) }
        return problems
    }

    static func countSteps(jobs: Int) throws -> Int {
        let maildir = try BatchMaildir(in: BatchMaildir.memoryBacked)
        let run = try runDriver(["--count-steps", "--jobs", String(jobs), maildir.root])
        guard run.status == 0, let line = run.output.split(separator: "\n").first(where: { $0.hasPrefix("steps=") }),
              let steps = Int(line.dropFirst("steps=".count)) else {
            throw DriverError.unexpected(run.output)
        }
        return steps
    }

    enum DriverError: Error { case unexpected(String) }

    @Test func driverIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.driver), "build the maildir-fault-driver product")
    }

    @Test func killedAtEveryStepNoMessageIsLostOrDoubled() throws {
        let steps = try Self.countSteps(jobs: 1)
        // 16 of the 20 messages change; replaced in batches, each is still at least six
        // steps (its new content created and written, its times set, a link, an unlink, the
        // tmp file removed) besides the batch's journal and syncs.
        #expect(steps >= 16 * 6)
        var problems: [String] = []
        var killed = 0
        for step in 1...(steps + 1) {
            let maildir = try BatchMaildir(in: BatchMaildir.memoryBacked)
            let run = try Self.runDriver(["--jobs", "1", maildir.root], faultAt: step)
            if step <= steps {
                #expect(run.status == 9, "step \(step): the driver was not killed: \(run.output)")
                killed += run.status == 9 ? 1 : 0
            } else {
                #expect(run.status == 0, "a run past the last step completes: \(run.output)")
            }
            problems += try Self.checkAfterKill(maildir, step: step, jobs: "1")
        }
        #expect(killed == steps)
        #expect(problems == [])
    }

    @Test func killedWhileTheWorkerCountChanges() throws {
        // `--jobs auto` with windows of three messages: workers pause, replace what they
        // hold and resume all through the run, so batch boundaries move with timing. The
        // step count is that of three fixed workers, an estimate: a kill past the run's end
        // leaves a finished run, which the check accepts too.
        let steps = try Self.countSteps(jobs: 3)
        var problems: [String] = []
        var killed = 0
        let tried = Array(stride(from: 1, through: steps, by: 4))
        for step in tried {
            let maildir = try BatchMaildir(in: BatchMaildir.memoryBacked)
            let run = try Self.runDriver(["--jobs", "auto", maildir.root], faultAt: step)
            killed += run.status == 9 ? 1 : 0
            problems += try Self.checkAfterKill(maildir, step: step, jobs: "auto")
        }
        #expect(killed * 2 >= tried.count, "most of the kills land inside the run")
        #expect(problems == [])
    }

    @Test func killedWhileRunningInParallel() throws {
        let steps = try Self.countSteps(jobs: 3)
        var problems: [String] = []
        for step in stride(from: 1, through: steps, by: 5) {
            let maildir = try BatchMaildir(in: BatchMaildir.memoryBacked)
            _ = try Self.runDriver(["--jobs", "3", maildir.root], faultAt: step)
            problems += try Self.checkAfterKill(maildir, step: step, jobs: "3")
        }
        #expect(problems == [])
    }

    @Test func killedAgainDuringRecovery() throws {
        var problems: [String] = []
        for first in stride(from: 3, through: 120, by: 13) {
            for second in 1...6 {
                let maildir = try BatchMaildir(in: BatchMaildir.memoryBacked)
                _ = try Self.runDriver(["--jobs", "1", maildir.root], faultAt: first)
                _ = try Self.runDriver(["--jobs", "1", maildir.root], faultAt: second)
                problems += try Self.checkAfterKill(maildir, step: first * 100 + second, jobs: "1")
            }
        }
        #expect(problems == [])
    }

    @Test func killedWhileWritingBackups() throws {
        let steps: Int = try {
            let maildir = try BatchMaildir(in: BatchMaildir.memoryBacked)
            let run = try Self.runDriver(["--count-steps", "--backup", maildir.base + "/backup", maildir.root])
            return Int(run.output.split(separator: "\n").first { $0.hasPrefix("steps=") }?.dropFirst(6) ?? "") ?? 0
        }()
        #expect(steps > 0)
        var problems: [String] = []
        for step in stride(from: 1, through: steps, by: 3) {
            let maildir = try BatchMaildir(in: BatchMaildir.memoryBacked)
            _ = try Self.runDriver(["--backup", maildir.base + "/backup", maildir.root], faultAt: step)
            problems += try Self.checkAfterKill(maildir, step: step, jobs: "1")
        }
        #expect(problems == [])
    }
}
