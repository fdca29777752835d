import Foundation
@testable import Maildir
import Testing

/// Kills a real cleaning run (the `maildir-fault-driver` child process) before each of its
/// file-system-changing calls in turn; after every kill, the recovery plan (what
/// `trackless clean --check` prints) must leave the tree untouched and must be exactly what
/// recovery then does, and recovery must leave every message exactly once.
@Suite(.serialized) struct RecoveryPlanKillTests {
    /// The driver built next to the test bundle (`swift build --build-tests` builds it).
    static var driver: String {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = runner.deletingLastPathComponent()
        if dir.lastPathComponent == "MacOS" {
            dir = dir.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        }
        return dir.appendingPathComponent("maildir-fault-driver").path
    }

    static func runDriver(_ arguments: [String], faultAt: Int? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: driver)
        process.arguments = arguments
        process.environment = faultAt.map { ["TRACKLESS_FAULT_AT": String($0)] } ?? [:]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let messageCount = 6

    /// A root and a `.Sent` folder with six messages, four of which the driver changes.
    static func makeMaildir(_ scratch: Scratch) throws -> String {
        let root = try scratch.makeFolder("Maildir")
        try scratch.makeFolder("Maildir/.Sent")
        for i in 0..<messageCount {
            let folder = i % 2 == 0 ? "Maildir" : "Maildir/.Sent"
            let sub = i % 3 == 0 ? "new" : "cur"
            let name = "16000000\(i).M\(i)P100Q\(i).origin" + (sub == "cur" ? ":2,S" : "")
            try scratch.write("\(folder)/\(sub)/\(name)", sampleMessage(i, tracked: i % 3 != 2), mtime: 1_600_000_000 + i)
        }
        return root
    }

    /// Problems with the message files: each message exactly once, and our tmp files gone.
    static func problems(_ root: String) -> [String] {
        var copies: [Int: Int] = [:]
        var problems: [String] = []
        for folder in MaildirDiscovery.folders(in: [root]).folders {
            for sub in ["cur", "new"] {
                for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path + "/" + sub)) ?? [] {
                    let text = (try? String(contentsOfFile: folder.path + "/" + sub + "/" + name, encoding: .utf8)) ?? ""
                    guard let id = (0..<messageCount).first(where: { text.contains("<msg\($0)@example.org>") }) else {
                        problems.append("unknown file \(name)")
                        continue
                    }
                    copies[id, default: 0] += 1
                }
            }
            let ours = ((try? FileManager.default.contentsOfDirectory(atPath: folder.tmpPath)) ?? []).filter { $0.contains(".trackless-") }
            problems += ours.map { "leftover \($0)" }
        }
        for i in 0..<messageCount where copies[i] != 1 { problems.append("message \(i) exists \(copies[i] ?? 0) times") }
        return problems
    }

    @Test func thePlanIsWhatRecoveryDoesAfterAKillAtEveryStep() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.driver) else {
            Issue.record("build the maildir-fault-driver product first (swift build --build-tests)")
            return
        }
        let counting = try Scratch()
        let counted = try Self.runDriver(["--count-steps", try Self.makeMaildir(counting)])
        let steps = try #require(counted.output.split(separator: "\n").first { $0.hasPrefix("steps=") }
            .flatMap { Int($0.dropFirst("steps=".count)) }, "\(counted.output)")
        #expect(steps >= 4 * 8)

        let names = UniqueNameGenerator()
        var kinds: [MaildirRecovery.Step.Kind: Int] = [:]
        var problems: [String] = []
        for step in 1...steps {
            let scratch = try Scratch()
            let root = try Self.makeMaildir(scratch)
            let run = try Self.runDriver([root], faultAt: step)
            #expect(run.status == 9, "step \(step): not killed: \(run.output)")
            let folders = MaildirDiscovery.folders(in: [root]).folders
            #expect(folders.count == 2)

            let before = try TreeState(scratch.path)
            let plans = folders.map { MaildirRecovery.plan($0, names: names) }
            if try TreeState(scratch.path) != before { problems.append("step \(step): the plan changed the tree") }
            for (folder, plan) in zip(folders, plans) {
                for s in plan.steps { kinds[s.kind, default: 0] += 1 }
                let actions = MaildirRecovery.recover(folder, names: names)
                if actions != plan.expectedActions {
                    problems.append("step \(step), \(folder): planned \(plan.expectedActions), did \(actions)")
                }
            }
            problems += Self.problems(root).map { "step \(step) after recovery: \($0)" }
        }
        #expect(problems == [])
        // Every kind a killed run can leave came up: duplicates and tmp files alone.
        #expect(kinds[.duplicate, default: 0] > 0)
        #expect(kinds[.interrupted, default: 0] > 0)
        #expect(kinds[.inUse] == nil && kinds[.unresolved] == nil && kinds[.error] == nil)
    }
}
