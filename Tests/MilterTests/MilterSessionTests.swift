import Foundation
import MailMIME
import Testing
@testable import Milter

/// A filter that answers what it is told, and records what it was given.
final class ScriptedFilter: MilterMessageFilter, @unchecked Sendable {
    var transform: @Sendable ([UInt8]) -> MilterFilterOutcome
    var seen: [([UInt8], [String])] = []

    init(_ transform: @escaping @Sendable ([UInt8]) -> MilterFilterOutcome) { self.transform = transform }

    func filter(_ message: [UInt8], recipients: [String], queueID: String?) -> MilterFilterOutcome {
        seen.append((message, recipients))
        return transform(message)
    }
}

/// The MTA's side of a conversation, as Postfix offers it.
struct MTA {
    static let allSteps: UInt32 = 0x1F_FFFF

    static func negotiate(version: UInt32 = 6, actions: UInt32 = 0x1FF, steps: UInt32 = allSteps) -> MilterPacket {
        var d: [UInt8] = []
        d.appendBigEndian(version)
        d.appendBigEndian(actions)
        d.appendBigEndian(steps)
        return MilterPacket(code: MilterCommand.optionNegotiation.rawValue, data: d)
    }

    static func packet(_ c: MilterCommand, _ strings: [String]) -> MilterPacket {
        MilterPacket(code: c.rawValue, data: strings.flatMap { Array($0.utf8) + [0] })
    }

    static func body(_ text: String) -> MilterPacket { MilterPacket(code: MilterCommand.body.rawValue, data: Array(text.utf8)) }
    static func eom() -> MilterPacket { MilterPacket(code: MilterCommand.endOfBody.rawValue) }

    /// One message: envelope, header fields (name, value with its leading space), body.
    static func message(headers: [(String, String)], body: String, rcpt: [String] = ["<reader@example.net>"]) -> [MilterPacket] {
        var out = [packet(.mail, ["<news@sender.example>"])]
        out += rcpt.map { packet(.recipient, [$0]) }
        out += headers.map { packet(.header, [$0.0, $0.1]) }
        out.append(MilterPacket(code: MilterCommand.endOfHeaders.rawValue))
        out.append(Self.body(body))
        out.append(eom())
        return out
    }
}

func run(_ session: inout MilterSession, _ packets: [MilterPacket]) throws -> [MilterPacket] {
    var replies: [MilterPacket] = []
    for p in packets { replies += try session.handle(p) }
    return replies
}

@Suite struct MilterSessionTests {
    @Test func negotiatesVersionSixWithLeadingSpaceAndNoReplies() throws {
        var session = MilterSession(filter: ScriptedFilter { _ in .unchanged })
        let reply = try #require(try session.handle(MTA.negotiate()).first)
        #expect(reply.code == MilterReply.optionNegotiation.rawValue)
        let d = reply.data[...]
        #expect(d.bigEndianUInt32(at: 0) == 6)
        #expect(d.bigEndianUInt32(at: 4) == (MilterActions.addHeaders.rawValue | MilterActions.changeHeaders.rawValue | MilterActions.changeBody.rawValue))
        let steps = MilterSteps(rawValue: d.bigEndianUInt32(at: 8) ?? 0)
        #expect(steps.contains(.headerLeadingSpace))
        #expect(steps.contains(.noReplyHeader) && steps.contains(.noReplyBody))
        #expect(!steps.contains(.noBody) && !steps.contains(.noHeaders))
    }

    @Test func refusesAnMTAThatCannotChangeTheMessage() {
        var session = MilterSession(filter: ScriptedFilter { _ in .unchanged })
        #expect(throws: MilterSessionError.self) { try session.handle(MTA.negotiate(actions: 0x01)) }
        var other = MilterSession(filter: ScriptedFilter { _ in .unchanged })
        #expect(throws: MilterSessionError.self) { try other.handle(MTA.negotiate(steps: 0xFFFFF)) }
    }

    @Test func rebuildsTheMessageByteForByteAndAcceptsWhenUnchanged() throws {
        let filter = ScriptedFilter { _ in .unchanged }
        var session = MilterSession(filter: filter)
        _ = try session.handle(MTA.negotiate())
        let replies = try run(&session, MTA.message(
            headers: [("Subject", " Hello"), ("X-Folded", " one\n\ttwo"), ("From", "  <a@sender.example>")],
            body: "line\r\n", rcpt: ["<Reader@Example.NET>", "<b@example.net> NOTIFY=NEVER"]))
        #expect(replies == [MilterPacket(.accept)])
        let (message, rcpts) = try #require(filter.seen.first)
        #expect(String(decoding: message, as: UTF8.self) == "Subject: Hello\r\nX-Folded: one\r\n\ttwo\r\nFrom:  <a@sender.example>\r\n\r\nline\r\n")
        #expect(rcpts == ["reader@example.net", "b@example.net"])
    }

    @Test func aChangedMessageBecomesHeaderEditsAndANewBody() throws {
        let filter = ScriptedFilter { message in
            var text = String(decoding: message, as: UTF8.self)
            text = "X-Trackless: 0.1.0; pixel=1\r\n" + text.replacingOccurrences(of: "Disposition-Notification-To: a@b\r\n", with: "")
            text = text.replacingOccurrences(of: "<img src=\"https://t.example/o.gif\">", with: "")
            return .changed(Array(text.utf8))
        }
        var session = MilterSession(filter: filter)
        _ = try session.handle(MTA.negotiate())
        let replies = try run(&session, MTA.message(
            headers: [("Subject", " Hi"), ("Disposition-Notification-To", " a@b"), ("Content-Type", " text/html")],
            body: "<p>x</p><img src=\"https://t.example/o.gif\">\r\n"))
        #expect(replies.last == MilterPacket(.accept))
        #expect(replies.contains(MilterPacket(.changeHeader, [0, 0, 0, 1] + Array("Disposition-Notification-To".utf8) + [0, 0])))
        #expect(replies.contains(MilterPacket(.insertHeader, [0, 0, 0, 0] + Array("X-Trackless".utf8) + [0] + Array(" 0.1.0; pixel=1".utf8) + [0])))
        #expect(replies.contains(MilterPacket(.replaceBody, Array("<p>x</p>\r\n".utf8))))
    }

    @Test func failuresAcceptOrTempfailButNeverReject() throws {
        for tempfail in [false, true] {
            var session = MilterSession(filter: ScriptedFilter { _ in .failed("boom") },
                                        options: MilterSessionOptions(tempfailOnError: tempfail))
            _ = try session.handle(MTA.negotiate())
            let replies = try run(&session, MTA.message(headers: [("Subject", " x")], body: "b\r\n"))
            #expect(replies == [MilterPacket(tempfail ? .tempfail : .accept)])
            #expect(session.reports.first?.outcome == .failed)
        }
    }

    @Test func anOversizeMessageIsAcceptedAtTheFirstChunkPastTheLimit() throws {
        let filter = ScriptedFilter { _ in .changed([]) }
        var session = MilterSession(filter: filter, options: MilterSessionOptions(maxMessageSize: 100))
        _ = try session.handle(MTA.negotiate())
        var packets = MTA.message(headers: [("Subject", " x")], body: String(repeating: "a", count: 60))
        packets.insert(MTA.body(String(repeating: "b", count: 60)), at: packets.count - 1)
        let replies = try run(&session, packets)
        #expect(replies.first == MilterPacket(.accept))
        #expect(filter.seen.isEmpty)
        #expect(session.reports.first?.outcome == .oversize)
    }

    @Test func anOversizeMessageWithBodyRepliesIsAcceptedAtOnce() throws {
        var session = MilterSession(filter: ScriptedFilter { _ in .changed([]) }, options: MilterSessionOptions(maxMessageSize: 100))
        // An MTA that does not offer "no reply to body chunks".
        _ = try session.handle(MTA.negotiate(steps: MTA.allSteps & ~MilterSteps.noReplyBody.rawValue))
        let first = try run(&session, Array(MTA.message(headers: [("Subject", " x")], body: String(repeating: "a", count: 200)).dropLast()))
        #expect(first == [MilterPacket(.accept)])
    }

    @Test func theSharedBudgetBoundsWhatAllSessionsHold() throws {
        let budget = MilterMemoryBudget(limit: 150)
        let options = MilterSessionOptions(budget: budget)
        var a = MilterSession(filter: ScriptedFilter { _ in .unchanged }, options: options)
        var b = MilterSession(filter: ScriptedFilter { _ in .unchanged }, options: options)
        _ = try a.handle(MTA.negotiate())
        _ = try b.handle(MTA.negotiate())
        // a holds 100 bytes of body; b's 100 would pass the budget: it goes unmodified.
        _ = try run(&a, Array(MTA.message(headers: [], body: String(repeating: "a", count: 100)).dropLast()))
        #expect(budget.inUse == 100)
        _ = try run(&b, MTA.message(headers: [], body: String(repeating: "b", count: 100)))
        #expect(b.reports.first?.outcome == .oversize)
        #expect(budget.inUse == 100)
        // a finishes and lets go; a connection that ends in the middle of a message too.
        _ = try a.handle(MTA.eom())
        #expect(budget.inUse == 0)
        _ = try run(&b, Array(MTA.message(headers: [], body: "x").dropLast()))
        #expect(budget.inUse == 1)
        b.end()
        #expect(budget.inUse == 0)
    }

    /// The MTA holds header and body apart whatever it says: with the end of headers missing
    /// (Tests/Fixtures/fuzz/milter/no-end-of-headers.milter) or sent twice, the message the
    /// filter sees has one blank line between them, as when it comes once.
    @Test func theBlankLineAfterTheHeaderComesOnceWhateverTheMTASays() throws {
        let headers = [("Subject", " Hi"), ("To", " reader@example.net")]
        let endOfHeaders = MilterPacket(code: MilterCommand.endOfHeaders.rawValue)
        let normal = MTA.message(headers: headers, body: "b\r\n")
        let missing = normal.filter { $0 != endOfHeaders }
        let twice = normal.flatMap { $0 == endOfHeaders ? [$0, $0] : [$0] }
        for packets in [normal, missing, twice] {
            let filter = ScriptedFilter { _ in .unchanged }
            var session = MilterSession(filter: filter)
            _ = try session.handle(MTA.negotiate())
            #expect(try run(&session, packets) == [MilterPacket(.accept)])
            let (message, _) = try #require(filter.seen.first)
            #expect(String(decoding: message, as: UTF8.self) == "Subject: Hi\r\nTo: reader@example.net\r\n\r\nb\r\n")
        }
    }

    @Test func aHeaderNameNoFieldCanHavePassesTheMessageUnmodified() throws {
        let filter = ScriptedFilter { _ in .changed(Array("X: y\r\n\r\nz".utf8)) }
        var session = MilterSession(filter: filter)
        _ = try session.handle(MTA.negotiate())
        let replies = try run(&session, MTA.message(headers: [("List-Unsub<v:image<https", " x\n <y>")], body: "b\r\n"))
        #expect(replies == [MilterPacket(.accept)])
        #expect(filter.seen.isEmpty)
        #expect(session.reports.first?.outcome == .failed)
    }

    @Test func theVersionNeverExceedsTheOffer() throws {
        var session = MilterSession(filter: ScriptedFilter { _ in .unchanged })
        let reply = try #require(try session.handle(MTA.negotiate(version: 4)).first)
        #expect(reply.data[...].bigEndianUInt32(at: 0) == 4)
    }

    @Test func abortForgetsTheMessageAndTheNextOneStartsClean() throws {
        let filter = ScriptedFilter { _ in .unchanged }
        var session = MilterSession(filter: filter)
        _ = try session.handle(MTA.negotiate())
        var first = MTA.message(headers: [("Subject", " one")], body: "1\r\n")
        first.removeLast()  // no end of body: aborted instead
        _ = try run(&session, first + [MilterPacket(code: MilterCommand.abort.rawValue)])
        _ = try run(&session, MTA.message(headers: [("Subject", " two")], body: "2\r\n", rcpt: ["<c@example.net>"]))
        #expect(filter.seen.count == 1)
        #expect(String(decoding: filter.seen[0].0, as: UTF8.self) == "Subject: two\r\n\r\n2\r\n")
        #expect(filter.seen[0].1 == ["c@example.net"])
    }

    @Test func protocolSurprisesEndTheConnection() {
        var session = MilterSession(filter: ScriptedFilter { _ in .unchanged })
        #expect(throws: MilterSessionError.self) { try session.handle(MTA.packet(.mail, ["<a@b>"])) }
        var other = MilterSession(filter: ScriptedFilter { _ in .unchanged })
        _ = try? other.handle(MTA.negotiate())
        #expect(throws: MilterSessionError.self) { try other.handle(MilterPacket(code: 0x7A)) }
    }
}

@Suite struct MilterFramingTests {
    @Test func packetsAreSplitWhateverTheReadSizes() throws {
        let packets = [MilterPacket(code: 0x42, data: Array(repeating: 7, count: 300)), MilterPacket(code: 0x45)]
        let stream = packets.flatMap(\.encoded)
        for step in [1, 3, 5, 64, stream.count] {
            var reader = MilterPacketReader()
            var got: [MilterPacket] = []
            var i = 0
            while i < stream.count {
                reader.append(stream[i..<min(stream.count, i + step)])
                while let p = try reader.next() { got.append(p) }
                i += step
            }
            #expect(got == packets)
        }
    }

    @Test func emptyAndHugePacketsAreErrors() {
        var reader = MilterPacketReader(maxPacketSize: 1000)
        reader.append([0, 0, 0, 0])
        #expect(throws: MilterFramingError.emptyPacket) { try reader.next() }
        var big = MilterPacketReader(maxPacketSize: 1000)
        big.append([0, 0, 0x10, 0, 0x42])
        #expect(throws: MilterFramingError.packetTooLarge(4096)) { try big.next() }
    }

    @Test func addressesInPostfixAndLibmilterNotation() {
        #expect(MilterAddress("unix:/run/t.sock") == .unix(path: "/run/t.sock"))
        #expect(MilterAddress("inet:8894@127.0.0.1") == .inet(host: "127.0.0.1", port: 8894))
        #expect(MilterAddress("inet:127.0.0.1:8894") == .inet(host: "127.0.0.1", port: 8894))
        #expect(MilterAddress("inet:[::1]:8894") == .inet(host: "::1", port: 8894))
        #expect(MilterAddress("inet:8894") == .inet(host: "127.0.0.1", port: 8894))
        #expect(MilterAddress("tcp:1") == nil)
        #expect(MilterAddress("inet:0") == nil)
    }

    @Test func editsRoundTripThroughTheHeaderList() throws {
        let original = Array("A: 1\r\nDisposition-Notification-To: x\r\nB: 2\r\nDisposition-Notification-To: y\r\n\r\nbody\r\n".utf8)
        let cleaned = Array("X-T: v\r\nA: 1\r\nB: 2\r\n\r\nbody\r\n".utf8)
        let edits = try #require(MilterEdits.between(original: original, cleaned: cleaned))
        #expect(edits.body == nil)
        #expect(edits.headerEdits == [
            .change(name: "Disposition-Notification-To", occurrence: 2, value: []),
            .change(name: "Disposition-Notification-To", occurrence: 1, value: []),
            .insert(index: 0, name: "X-T", value: Array(" v".utf8)),
        ])
    }

    @Test func aBodyLargerThanAChunkGoesInSeveralPackets() {
        var edits = MilterEdits()
        edits.body = Array(repeating: 0x61, count: MilterEdits.maxChunk * 2 + 5)
        let packets = edits.packets
        #expect(packets.count == 3)
        #expect(packets.allSatisfy { $0.code == MilterReply.replaceBody.rawValue })
        #expect(packets.map(\.data.count) == [MilterEdits.maxChunk, MilterEdits.maxChunk, 5])
    }
}

@Suite struct MilterMetricsTests {
    @Test func countersAndHistogramInTheTextFormat() {
        let m = MilterMetrics()
        m.record(outcome: "changed", bytes: 100, seconds: 0.003)
        m.record(outcome: "unchanged", bytes: 50, seconds: 0.2)
        m.addFindings(["pixel": 2, "param": 5])
        let text = m.render()
        #expect(text.contains("trackless_milter_messages_total{outcome=\"changed\"} 1\n"))
        #expect(text.contains("trackless_milter_findings_total{kind=\"pixel\"} 2\n"))
        #expect(text.contains("trackless_milter_bytes_total 150\n"))
        #expect(text.contains("trackless_milter_clean_seconds_bucket{le=\"0.005\"} 1\n"))
        #expect(text.contains("trackless_milter_clean_seconds_bucket{le=\"0.25\"} 2\n"))
        #expect(text.contains("trackless_milter_clean_seconds_count 2\n"))
    }
}
