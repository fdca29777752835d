import Foundation
import Testing

@Suite struct CleanCLITests {
    /// A small Maildir++ tree: a newsletter with trackers, a personal mail, a forwarded folder message.
    func makeMaildir() throws -> String {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("trackless-clean-\(UUID().uuidString)").path
        for folder in ["", "/.Newsletters"] {
            for sub in ["cur", "new", "tmp"] { try fm.createDirectory(atPath: root + folder + "/" + sub, withIntermediateDirectories: true) }
        }
        let sample = CLI.repositoryRoot.appendingPathComponent("SampleMail")
        try fm.copyItem(atPath: sample.appendingPathComponent("newsletter.eml").path, toPath: root + "/.Newsletters/cur/1700000000.M1P1.test:2,S")
        try fm.copyItem(atPath: sample.appendingPathComponent("plain.eml").path, toPath: root + "/cur/1700000001.M2P1.test:2,RS")
        try fm.copyItem(atPath: sample.appendingPathComponent("transactional.eml").path, toPath: root + "/new/1700000002.M3P1.test")
        let old = Date(timeIntervalSince1970: 1_700_000_000)
        for path in try files(root) { try fm.setAttributes([.modificationDate: old], ofItemAtPath: path) }
        return root
    }

    func files(_ root: String) throws -> [String] {
        let fm = FileManager.default
        return (fm.enumerator(atPath: root)?.compactMap { $0 as? String } ?? [])
            .filter { ($0.contains("/cur/") || $0.contains("/new/") || $0.hasPrefix("cur/") || $0.hasPrefix("new/")) }
            .map { root + "/" + $0 }.sorted()
    }

    @Test func dryRunWritesNothing() throws {
        let root = try makeMaildir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let before = try files(root)
        let r = try CLI.run(["clean", "--dry-run", root])
        #expect(r.status == 0)
        #expect(r.stdoutText.contains("2 would change"))
        #expect(try files(root) == before)
    }

    @Test func cleanReplacesChangedMessagesKeepingFlagsAndDate() throws {
        let root = try makeMaildir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try CLI.run(["clean", root])
        #expect(r.status == 0)
        let after = try files(root)
        #expect(after.count == 3)
        #expect(after.contains(root + "/cur/1700000001.M2P1.test:2,RS"))  // unchanged: same name
        let newsletter = try #require(after.first { $0.contains(".Newsletters/cur/") })
        #expect(newsletter.hasSuffix(":2,S"))
        let size = try #require(FileManager.default.attributesOfItem(atPath: newsletter)[.size] as? Int)
        #expect(newsletter.contains(",S=\(size):"))
        let date = try #require(FileManager.default.attributesOfItem(atPath: newsletter)[.modificationDate] as? Date)
        #expect(date.timeIntervalSince1970 == 1_700_000_000)
        let text = try String(contentsOfFile: newsletter, encoding: .utf8)
        #expect(!text.contains("list-manage.com/track/open.php"))
        // A second run changes nothing.
        let again = try CLI.run(["clean", "--json", root])
        #expect(again.status == 0)
        #expect(again.stdoutText.contains("\"changed\": 0"))
        #expect(try files(root) == after)
    }

    @Test func backupKeepsTheOriginals() throws {
        let root = try makeMaildir()
        let backup = root + "-backup"
        defer { try? FileManager.default.removeItem(atPath: root); try? FileManager.default.removeItem(atPath: backup) }
        let r = try CLI.run(["clean", "--quiet", "--backup", backup, root])
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        let saved = FileManager.default.enumerator(atPath: backup)?.compactMap { $0 as? String }.filter { $0.hasSuffix("M1P1.test:2,S") } ?? []
        #expect(saved.count == 1)
    }

    @Test func jobsAreAutoByDefaultOrAFixedCount() throws {
        let root = try makeMaildir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let auto = try CLI.run(["clean", "--dry-run", root])
        #expect(auto.status == 0)
        #expect(auto.stdoutText.contains(" workers"))  // the counts that cleaned at once
        let json = try CLI.run(["clean", "--dry-run", "--json", "--jobs", "auto", root])
        #expect(json.stdoutText.contains("\"workers\": ["))
        let fixed = try CLI.run(["clean", "--dry-run", "--json", "--jobs", "2", root])
        #expect(fixed.status == 0)
        #expect(fixed.stdoutText.contains("\"workers\": null"))
        for bad in ["0", "257", "many"] {
            let r = try CLI.run(["clean", "--jobs", bad, root])
            #expect(r.status == 64, "--jobs \(bad)")
            #expect(r.stderrText.contains("jobs"))
        }
    }

    /// The summary's counts by kind equal the findings `preview` lists for the same messages
    /// (those not kept): two ways to the same figures.
    @Test func totalsByKindMatchThePreviewsFindings() throws {
        let root = try makeMaildir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let sample = CLI.repositoryRoot.appendingPathComponent("SampleMail")
        let originals = ["newsletter.eml", "plain.eml", "transactional.eml"].map { sample.appendingPathComponent($0).path }
        let preview = try CLI.run(["preview", "--json"] + originals)
        #expect(preview.status == 0)
        let previewObject = try JSONSerialization.jsonObject(with: Data(preview.stdout)) as? [String: Any]
        let messages = try #require(previewObject?["messages"] as? [[String: Any]])
        var expected: [String: Int] = [:]
        for message in messages {
            for finding in message["findings"] as? [[String: Any]] ?? [] where finding["action"] as? String != "kept" {
                expected[finding["kind"] as? String ?? "?", default: 0] += 1
            }
        }
        #expect(expected.count >= 4)  // pixels, stylesheets, links and parameters at least

        let clean = try CLI.run(["clean", "--json", root])
        #expect(clean.status == 0)
        let cleanObject = try JSONSerialization.jsonObject(with: Data(clean.stdout)) as? [String: Any]
        let byKind = try #require(cleanObject?["byKind"] as? [String: Int])
        #expect(byKind == expected)
        let links = (expected["link"] ?? 0) + (expected["param"] ?? 0)
        #expect(cleanObject?["linksRewritten"] as? Int == links)
    }

    @Test func missingPathExitsNoInput() throws {
        let r = try CLI.run(["clean", "/nonexistent/maildir-\(UUID().uuidString)"])
        #expect(r.status == 66)
        #expect(r.stderrText.contains("/nonexistent/maildir-"))
    }
}

/// `trackless clean --check`: what an interrupted run left, nothing changed.
@Suite struct CleanCheckCLITests {
    /// The fault driver, built next to `trackless`: it cleans with a transform that drops
    /// `X-Tracker: yes` lines and can be killed before its Nth file-system-changing call.
    static var driver: String {
        URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().appendingPathComponent("maildir-fault-driver").path
    }

    /// One folder: a message the driver changes (in cur/) and one it does not (in new/).
    func makeMaildir() throws -> String {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("trackless-check-\(UUID().uuidString)").path
        for sub in ["cur", "new", "tmp"] { try fm.createDirectory(atPath: root + "/" + sub, withIntermediateDirectories: true) }
        let tracked = "From: a@example.org\nMessage-ID: <tracked@example.org>\nX-Tracker: yes\nSubject: one\n\nHello.\n"
        let plain = "From: a@example.org\nMessage-ID: <plain@example.org>\nSubject: two\n\nHello.\n"
        try Data(tracked.utf8).write(to: URL(fileURLWithPath: root + "/cur/1700000000.M1P1.test:2,FS"))
        try Data(plain.utf8).write(to: URL(fileURLWithPath: root + "/new/1700000001.M2P1.test"))
        return root
    }

    /// Every file and directory under `root`: name, bytes, inode, mtime and ctime-changing
    /// attributes (link count, mode).
    func tree(_ root: String) throws -> [String: String] {
        let fm = FileManager.default
        var result: [String: String] = [:]
        for relative in (fm.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []) {
            let path = root + "/" + relative
            let a = try fm.attributesOfItem(atPath: path)
            let bytes: String = fm.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? "<dir>"
            let inode = String(describing: a[.systemFileNumber] ?? 0)
            let mtime = String(describing: a[.modificationDate] ?? 0)
            let links = String(describing: a[.referenceCount] ?? 0)
            let mode = String(describing: a[.posixPermissions] ?? 0)
            result[relative] = [inode, mtime, links, mode, bytes].joined(separator: " ")
        }
        return result
    }

    /// Message files (cur/ and new/) holding `<id@example.org>`.
    func copies(of id: String, in root: String) -> [String] {
        var found: [String] = []
        for sub in ["cur", "new"] {
            let names: [String] = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + sub)) ?? []
            for name in names.sorted() {
                let path = root + "/" + sub + "/" + name
                let text: String = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                if text.contains("<\(id)@example.org>") { found.append(path) }
            }
        }
        return found
    }

    /// Runs the driver on `root`, killing it just before the first call whose trace line
    /// (`unlink <path>`, `link <path>` ...) satisfies `call`; the step is found by a traced
    /// run on a copy of the maildir.
    func killDriver(_ root: String, before call: (String) -> Bool) throws {
        let copy = root + "-trace"
        try FileManager.default.copyItem(atPath: root, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let traced = try run(driver: [copy], environment: ["TRACKLESS_FAULT_TRACE": "1"])
        let step = try #require(traced.split(separator: "\n").compactMap { line -> Int? in
            let parts = line.split(separator: " ", maxSplits: 2)
            guard parts.count == 3, parts[0] == "fault-step",
                  call(String(parts[2]).replacingOccurrences(of: copy, with: root)) else { return nil }
            return Int(parts[1])
        }.first, "no such step in \(traced)")
        _ = try run(driver: [root], environment: ["TRACKLESS_FAULT_AT": String(step)])
    }

    func run(driver arguments: [String], environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.driver)
        process.arguments = arguments
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func driverIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.driver), "build the maildir-fault-driver product")
    }

    @Test func aMaildirWithoutLeftoversExitsZero() throws {
        let root = try makeMaildir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try CLI.run(["clean", "--check", root])
        #expect(r.status == 0)
        #expect(r.stdoutText == "1 folder checked: nothing left by an interrupted run\n")
        let j = try CLI.run(["clean", "--check", "--json", root])
        #expect(j.status == 0)
        #expect(j.stdoutText.contains("\"schema\": \"trackless-clean-check/1\""))
        #expect(j.stdoutText.contains("\"found\": 0"))
        let q = try CLI.run(["clean", "--check", "--quiet", root])
        #expect(q.status == 0)
        #expect(q.stdout.isEmpty)
    }

    @Test func aDuplicateIsReportedUnchangedAndTheNextRunLeavesOneCopy() throws {
        let root = try makeMaildir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let old = root + "/cur/1700000000.M1P1.test:2,FS"
        // Killed between the link of the new copy and the unlink of the old one.
        try killDriver(root) { $0 == "unlink \(old)" }
        let duplicate = copies(of: "tracked", in: root)
        #expect(duplicate.count == 2)
        let new = try #require(duplicate.first { $0 != old })
        #expect(new.hasSuffix(":2,FS"))
        let before = try tree(root)

        let r = try CLI.run(["clean", "--check", root])
        #expect(r.status == 1)
        let lines = r.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("duplicate: \(old) -> \(new): both copies of an interrupted replace (old -> new); "
            + "next run: removes the old copy \(old), finishing the replace, then its 2 tmp files") == true)
        #expect(lines.last == "1 folder checked: 1 duplicate message")
        #expect(r.stderr.isEmpty)

        let j = try CLI.run(["clean", "--check", "--json", root])
        #expect(j.status == 1)
        #expect(j.stdoutText.contains("\"found\": 1"))
        #expect(j.stdoutText.contains("\"kind\": \"duplicate\""))
        #expect(j.stdoutText.contains("\"folder\": \"INBOX\""))
        let q = try CLI.run(["clean", "--check", "--quiet", root])
        #expect(q.status == 1)
        #expect(q.stdoutText.split(separator: "\n").count == 1)
        #expect(try tree(root) == before, "--check changed the maildir")

        // The next run does what --check said: one copy, the new one; then nothing is left.
        let clean = try CLI.run(["clean", "--json", root])
        #expect(clean.status == 0)
        #expect(clean.stdoutText.contains("finished interrupted replacement: removed \(old), kept \(new)"))
        #expect(copies(of: "tracked", in: root).count == 1)
        #expect(!FileManager.default.fileExists(atPath: old))
        #expect(try CLI.run(["clean", "--check", root]).status == 0)
    }

    @Test func tmpFilesOfAKilledReplaceAreReported() throws {
        let root = try makeMaildir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Killed just before the link: new content and journal in tmp/, one copy in cur/.
        try killDriver(root) { $0.hasPrefix("link ") }
        let tmp = try FileManager.default.contentsOfDirectory(atPath: root + "/tmp").sorted()
        #expect(tmp.count == 2)
        let before = try tree(root)
        let r = try CLI.run(["clean", "--check", root])
        #expect(r.status == 1)
        let line = try #require(r.stdoutText.split(separator: "\n").first.map(String.init))
        #expect(line.hasPrefix("interrupted: "))
        for name in tmp { #expect(line.contains(root + "/tmp/" + name)) }
        #expect(line.hasSuffix("the original is the only copy); next run: removes them"))
        #expect(r.stdoutText.hasSuffix("1 folder checked: 1 interrupted replace\n"))
        #expect(try tree(root) == before)
        #expect(try CLI.run(["clean", root]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/tmp").isEmpty)
        #expect(try CLI.run(["clean", "--check", root]).status == 0)
    }

    /// Three changed messages of one folder are replaced as one batch with one journal: a
    /// kill before the first unlink leaves three duplicates and that journal; --check shows
    /// them (the journal as its own kind, not as a fourth interrupted replace), and the next
    /// run leaves one copy of each and an empty tmp/.
    @Test func aKilledBatchShowsItsJournalOnce() throws {
        let root = try makeMaildir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for k in 2...3 {
            let text = "From: a@example.org\nMessage-ID: <tracked\(k)@example.org>\nX-Tracker: yes\nSubject: \(k)\n\nHi.\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/cur/170000000\(k).M\(k)P1.test:2,S"))
        }
        try killDriver(root) { $0.hasPrefix("unlink \(root)/cur/") }
        for id in ["tracked", "tracked2", "tracked3"] { #expect(copies(of: id, in: root).count == 2, "\(id)") }
        let journals = try FileManager.default.contentsOfDirectory(atPath: root + "/tmp")
            .filter { $0.hasSuffix(".trackless-intent") }
        #expect(journals.count == 1)
        let before = try tree(root)

        let r = try CLI.run(["clean", "--check", root])
        #expect(r.status == 1)
        let lines = r.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("duplicate: ") }.count == 3)
        #expect(lines.filter { $0.hasPrefix("journal: \(root)/tmp/\(journals[0]): journal of an interrupted batch of 3 replaces") }.count == 1)
        #expect(lines.last == "1 folder checked: 3 duplicate messages, 1 batch journal")
        let j = try CLI.run(["clean", "--check", "--json", root])
        #expect(j.stdoutText.contains("\"kind\": \"journal\""))
        #expect(try tree(root) == before, "--check changed the maildir")

        #expect(try CLI.run(["clean", root]).status == 0)
        for id in ["tracked", "tracked2", "tracked3"] { #expect(copies(of: id, in: root).count == 1, "\(id)") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/tmp").isEmpty)
        #expect(try CLI.run(["clean", "--check", root]).status == 0)
    }

    @Test func checkWithDryRunIsAUsageError() throws {
        let root = try makeMaildir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try CLI.run(["clean", "--check", "--dry-run", root])
        #expect(r.status == 64)
    }

    @Test func aMissingPathExitsNoInput() throws {
        let r = try CLI.run(["clean", "--check", "/nonexistent/maildir-\(UUID().uuidString)"])
        #expect(r.status == 66)
        #expect(r.stderrText.contains("/nonexistent/maildir-"))
    }
}
