import Foundation
import Testing

private let receiptMessage = Array("""
    From: shop@news.example\r
    To: reader@example.org\r
    Subject: Spring sale\r
    Disposition-Notification-To: shop@news.example\r
    Message-ID: <cli-1@news.example>\r
    \r
    Hello\r

    """.utf8)

private let plainMessage = Array("From: a@example.org\nTo: b@example.org\nSubject: hi\n\nNothing to see.\n".utf8)

@Suite(.serialized) struct FilterCLITests {
    @Test func cleansAndExitsZero() throws {
        let r = try CLI.run(["filter"], input: receiptMessage)
        #expect(r.status == 0)
        #expect(!r.stdoutText.contains("Disposition-Notification-To"))
        #expect(r.stdoutText.hasPrefix("X-Trackless: "))
        #expect(r.stdoutText.contains("Subject: Spring sale\r\n"))
        #expect(r.stderr.isEmpty)
    }

    @Test func unchangedMessageIsByteIdentical() throws {
        let r = try CLI.run(["filter"], input: plainMessage)
        #expect(r.status == 0)
        #expect(r.stdout == plainMessage)
        #expect(r.stderr.isEmpty)
    }

    @Test func emptyInputExitsTempfailWithoutOutput() throws {
        let r = try CLI.run(["filter"], input: [])
        #expect(r.status == 75)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.isEmpty)
    }

    @Test func binaryGarbagePassesThroughUnchanged() throws {
        var rng = SystemRandomNumberGenerator()
        let garbage = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let r = try CLI.run(["filter"], input: garbage)
        #expect(r.status == 0)
        #expect(r.stdout == garbage)
    }

    @Test func messageCutInTheMiddleStillComesOut() throws {
        let full = Array("Content-Type: multipart/mixed; boundary=zz\n\n--zz\nContent-Type: text/html\n\n<p>hello</p>\n--zz\nContent-Type: applic".utf8)
        let r = try CLI.run(["filter"], input: full)
        #expect(r.status == 0)
        #expect(r.stdout == full)
    }

    @Test func fiftyMegabyteAttachmentPassesThrough() throws {
        var msg = Array("From: a@example.org\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee attachment\n--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n".utf8)
        let line = Array(String(repeating: "QUJD", count: 19).utf8) + [0x0A]
        while msg.count < 50 << 20 { msg.append(contentsOf: line) }
        msg.append(contentsOf: Array("--b--\n".utf8))
        let r = try CLI.run(["filter"], input: msg)
        #expect(r.status == 0)
        #expect(r.stdout == msg)
    }

    @Test func crashInsideTheCleanerPassesTheOriginalThrough() throws {
        let r = try CLI.run(["filter"], input: receiptMessage, environment: ["TRACKLESS_TEST_FAULT": "crash"])
        #expect(r.status == 0)
        #expect(r.stdout == receiptMessage)
        #expect(r.stderr.isEmpty)
    }

    @Test func crashWithTempfailExitsSeventyFiveAndWritesNothing() throws {
        let r = try CLI.run(["filter", "--on-error", "tempfail"], input: receiptMessage, environment: ["TRACKLESS_TEST_FAULT": "crash"])
        #expect(r.status == 75)
        #expect(r.stdout.isEmpty)
    }

    @Test func timeoutPassesTheOriginalThrough() throws {
        let r = try CLI.run(["filter", "--timeout", "0.3"], input: receiptMessage, environment: ["TRACKLESS_TEST_FAULT": "hang"])
        #expect(r.status == 0)
        #expect(r.stdout == receiptMessage)
    }

    @Test func timeoutWithTempfailExitsSeventyFive() throws {
        let r = try CLI.run(["filter", "--timeout", "0.3", "--on-error", "tempfail"], input: receiptMessage, environment: ["TRACKLESS_TEST_FAULT": "hang"])
        #expect(r.status == 75)
        #expect(r.stdout.isEmpty)
    }

    @Test func oversizeMessagePassesThroughUntouched() throws {
        let r = try CLI.run(["filter", "--max-size", "20"], input: receiptMessage)
        #expect(r.status == 0)
        #expect(r.stdout == receiptMessage)
    }

    @Test func badArgumentsExitTempfailSoMailIsNotBounced() throws {
        let r = try CLI.run(["filter", "--no-such-flag"], input: receiptMessage)
        #expect(r.status == 75)
        #expect(r.stdout.isEmpty)
    }

    @Test func worksWithNoEnvironmentAndUnwritableDirectory() throws {
        let r = try CLI.run(["filter"], input: receiptMessage, environment: [:], currentDirectory: "/proc")
        #expect(r.status == 0)
        #expect(r.stdoutText.contains("X-Trackless"))
    }

    @Test func logFileGetsOneLinePerMessage() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("trackless-cli-\(getpid()).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        _ = try CLI.run(["filter", "--log", log], input: receiptMessage)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.contains("<cli-1@news.example> header=1"))
        #expect(text.split(separator: "\n").count == 1)
    }

    @Test func recipientFlagIsAccepted() throws {
        let r = try CLI.run(["filter", "--recipient", "Reader@Example.org"], input: plainMessage)
        #expect(r.status == 0)
        #expect(r.stdout == plainMessage)
    }

    @Test func versionPrints() throws {
        let r = try CLI.run(["--version"])
        #expect(r.status == 0)
        #expect(!r.stdoutText.isEmpty)
    }
}

@Suite struct FilterArgumentTests {
    /// The fast path and ArgumentParser must accept the same filter options.
    @Test(arguments: [
        ["--strict"], ["--unwrap-security-links"], ["--syslog"], ["--on-error", "tempfail"], ["--on-error=passthrough"],
        ["--timeout", "3"], ["--timeout=2.5"], ["--max-size", "1000000"], ["--recipient", "a@example.org"],
        ["--recipient=a@example.org", "--recipient", "b@example.org"], ["--log", "/dev/null"],
    ])
    func everyFilterOptionIsAccepted(_ options: [String]) throws {
        let input = Array("From: a@example.org\nSubject: s\n\nbody\n".utf8)
        let r = try CLI.run(["filter"] + options, input: input)
        #expect(r.status == 0)
        #expect(r.stdout == input)
    }

    @Test func helpGoesThroughArgumentParser() throws {
        let r = try CLI.run(["filter", "--help"])
        #expect(r.status == 0)
        #expect(r.stdoutText.contains("--on-error"))
    }

    @Test func invalidTimeoutIsAUsageErrorWithTempfail() throws {
        let r = try CLI.run(["filter", "--timeout", "-1"], input: Array("Subject: s\n\nx\n".utf8))
        #expect(r.status == 75)
        #expect(r.stderrText.contains("--timeout"))
    }
}
