#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import MailMIME
import Synchronization

/// What the milter does to one message: the pipeline behind it (`Cleaner` in the daemon).
public protocol MilterMessageFilter: Sendable {
    /// The message as the MTA would deliver it (header fields, a blank line, the body, CRLF
    /// line endings) and its envelope recipients; the new message, or nil to leave it as it is.
    /// Returning nil is also the answer to any internal failure.
    func filter(_ message: [UInt8], recipients: [String], queueID: String?) -> MilterFilterOutcome
}

/// What the filter made of one message.
public enum MilterFilterOutcome: Sendable, Equatable {
    /// Nothing to change.
    case unchanged
    /// The new message.
    case changed([UInt8])
    /// The filter could not decide (timeout, internal failure): the message passes as it is,
    /// or gets a temporary failure when the daemon is set up that way.
    case failed(String)
}

/// Settings of a session.
public struct MilterSessionOptions: Sendable {
    /// Larger messages pass through unmodified (accepted at the first body chunk past it).
    public var maxMessageSize: Int
    /// Answer a failure with a temporary failure (4xx) instead of accepting unmodified.
    public var tempfailOnError: Bool
    /// Shared by every session of a daemon: the bytes of messages held at once.
    public var budget: MilterMemoryBudget?

    public init(maxMessageSize: Int = 64 << 20, tempfailOnError: Bool = false, budget: MilterMemoryBudget? = nil) {
        self.maxMessageSize = maxMessageSize
        self.tempfailOnError = tempfailOnError
        self.budget = budget
    }
}

/// The bytes of messages all sessions hold together. A message that would take the total
/// past the limit is not held: it passes unmodified, as an oversize one does, so memory
/// stays bounded however many large messages arrive at once.
public final class MilterMemoryBudget: Sendable {
    public let limit: Int
    private let used = Atomic<Int>(0)

    public init(limit: Int) { self.limit = limit }

    public var inUse: Int { used.load(ordering: .relaxed) }

    func reserve(_ bytes: Int) -> Bool {
        var current = used.load(ordering: .relaxed)
        while true {
            guard current + bytes <= limit else { return false }
            let (exchanged, original) = used.compareExchange(
                expected: current, desired: current + bytes, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
    }

    func release(_ bytes: Int) {
        if bytes > 0 { used.subtract(bytes, ordering: .relaxed) }
    }
}

/// What a session reports about each message it finished, for the log.
public struct MilterMessageReport: Sendable {
    public enum Outcome: String, Sendable {
        case unchanged, changed, oversize, failed, aborted
    }

    public var queueID: String?
    public var outcome: Outcome
    public var size: Int
    public var detail: String?
    /// From the end of the body to the verdict: what the MTA waited.
    public var seconds: Double?
}

/// Why a session ended the connection.
public enum MilterSessionError: Error, Sendable, Equatable, CustomStringConvertible {
    case unexpected(String)

    public var description: String {
        switch self {
        case .unexpected(let what): return what
        }
    }
}

/// One milter connection's protocol state: takes the MTA's packets, answers them, and at the
/// end of each message hands it to the filter and turns the result into modifications.
///
/// It speaks version 6: it asks for the space after each header colon (so the message is
/// rebuilt byte for byte), for no reply to headers and body chunks, and for none of the steps
/// it does not use (HELO, DATA, unknown commands). Envelope recipients are kept: they say
/// whose address a tracking URL may carry.
public struct MilterSession: Sendable {
    public static let version: UInt32 = 6

    let filter: any MilterMessageFilter
    var options: MilterSessionOptions

    /// Steps agreed on in negotiation.
    public private(set) var steps: MilterSteps = []
    public private(set) var actions: MilterActions = []
    var negotiated = false

    // The current message.
    var recipients: [String] = []
    var macros: [String: String] = [:]
    /// The header fields as received, each line ending in CRLF; the blank line that ends the
    /// header is added when the message is put together, so a missing or repeated end of
    /// headers from the MTA cannot leave the message without it, or with two.
    var header: [UInt8] = []
    var body: [UInt8] = []
    /// The MTA said the header ended: from then on the blank line counts in the size.
    var headerEnded = false
    /// The bytes held of the message, the blank line after the header included once it ended.
    var heldSize: Int { header.count + (headerEnded ? 2 : 0) + body.count }
    var oversize = false
    var inMessage = false
    /// Bytes of this message counted in the shared budget.
    var reserved = 0
    /// The MTA sent a header field whose name is not a field name.
    var badHeaderName = false

    /// Set when the MTA said goodbye (QUIT).
    public private(set) var finished = false
    /// One entry per finished message, for the caller to log; the caller empties it.
    public var reports: [MilterMessageReport] = []

    public init(filter: any MilterMessageFilter, options: MilterSessionOptions = MilterSessionOptions()) {
        self.filter = filter
        self.options = options
    }

    /// The replies to one packet (often none).
    public mutating func handle(_ packet: MilterPacket) throws(MilterSessionError) -> [MilterPacket] {
        guard let command = MilterCommand(rawValue: packet.code) else {
            throw .unexpected("unknown command 0x\(String(packet.code, radix: 16))")
        }
        if command != .optionNegotiation && command != .quit && !negotiated {
            throw .unexpected("\(command) before option negotiation")
        }
        switch command {
        case .optionNegotiation:
            return [try negotiate(packet.data)]
        case .macro:
            // The command letter, then name NUL value NUL pairs.
            let strings = MilterPacket(code: 0, data: Array(packet.data.dropFirst())).strings
            var i = 0
            while i + 1 < strings.count {
                var name = String(decoding: strings[i], as: UTF8.self)
                if name.hasPrefix("{") && name.hasSuffix("}") { name = String(name.dropFirst().dropLast()) }
                macros[name] = String(decoding: strings[i + 1], as: UTF8.self)
                i += 2
            }
            return []
        case .connect, .helo, .data, .unknown:
            return reply(.continue, unless: noReplyStep(command))
        case .mail:
            resetMessage()
            inMessage = true
            return reply(.continue, unless: steps.contains(.noReplyMail))
        case .recipient:
            if let first = packet.strings.first {
                recipients.append(Self.address(String(decoding: first, as: UTF8.self)))
            }
            return reply(.continue, unless: steps.contains(.noReplyRecipient))
        case .header:
            let strings = packet.strings
            guard strings.count >= 1 else { throw .unexpected("a header packet without a name") }
            if !oversize && !hold(packet.data.count + 4) {
                markOversize(size: heldSize + packet.data.count)
            }
            // A name no header can have (a colon, white space, a control byte): the message
            // cannot be rebuilt as the MTA holds it, so it will pass unmodified.
            if strings[0].isEmpty || strings[0].contains(where: { $0 <= 0x20 || $0 >= 0x7F || $0 == 0x3A }) {
                badHeaderName = true
            }
            if !oversize { appendHeader(name: strings[0], value: strings.count > 1 ? strings[1] : []) }
            return reply(.continue, unless: steps.contains(.noReplyHeader))
        case .endOfHeaders:
            headerEnded = true
            return reply(.continue, unless: steps.contains(.noReplyEndOfHeaders))
        case .body:
            // Past the limit: accept now where a reply is due (the MTA then sends no more of
            // the message), else at the end of the body. Either way it goes as it is.
            let acceptNow = steps.contains(.noReplyBody) ? [] : [MilterPacket(.accept)]
            if oversize { return acceptNow }
            if !hold(packet.data.count) {
                markOversize(size: heldSize + packet.data.count)
                return acceptNow
            }
            body.append(contentsOf: packet.data)
            return reply(.continue, unless: steps.contains(.noReplyBody))
        case .endOfBody:
            // The last chunk may come with the end of the body.
            if !oversize, !packet.data.isEmpty {
                if hold(packet.data.count) {
                    body.append(contentsOf: packet.data)
                } else {
                    markOversize(size: heldSize + packet.data.count)
                }
            }
            let replies = endOfMessage()
            resetMessage()
            return replies
        case .abort:
            if inMessage && !oversize { finish(.init(queueID: macros["i"], outcome: .aborted, size: heldSize)) }
            resetMessage()
            return []
        case .quitNewConnection:
            resetMessage()
            macros = [:]
            return []
        case .quit:
            finished = true
            return []
        }
    }

    func noReplyStep(_ command: MilterCommand) -> Bool {
        switch command {
        case .connect: return steps.contains(.noReplyConnect)
        case .helo: return steps.contains(.noReplyHelo)
        case .data: return steps.contains(.noReplyData)
        case .unknown: return steps.contains(.noReplyUnknown)
        default: return false
        }
    }

    func reply(_ code: MilterReply, unless noReply: Bool) -> [MilterPacket] {
        noReply ? [] : [MilterPacket(code)]
    }

    /// Agrees on version 6 with what the MTA offers, asking only for what is needed.
    mutating func negotiate(_ data: [UInt8]) throws(MilterSessionError) -> MilterPacket {
        let slice = data[...]
        guard let version = slice.bigEndianUInt32(at: 0), let offeredActions = slice.bigEndianUInt32(at: 4),
              let offeredSteps = slice.bigEndianUInt32(at: 8)
        else { throw .unexpected("a short option negotiation packet") }
        guard version >= 2 else { throw .unexpected("milter protocol version \(version)") }
        // Never above what the MTA offers: Postfix takes a higher version as an error.
        let agreed = min(version, Self.version)
        let wantedActions: MilterActions = [.addHeaders, .changeHeaders, .changeBody]
        guard offeredActions & wantedActions.rawValue == wantedActions.rawValue else {
            throw .unexpected("the MTA does not allow header and body changes (actions 0x\(String(offeredActions, radix: 16)))")
        }
        let offered = MilterSteps(rawValue: offeredSteps)
        guard offered.contains(.headerLeadingSpace) else {
            throw .unexpected("the MTA cannot pass header values as they are (no SMFIP_HDR_LEADSPC)")
        }
        // Steps left out, and steps without a reply, where the MTA offers them.
        let wanted: MilterSteps = [
            .noHelo, .noData, .noUnknown, .headerLeadingSpace,
            .noReplyConnect, .noReplyHeader, .noReplyEndOfHeaders, .noReplyBody, .noReplyRecipient, .noReplyMail,
        ]
        steps = wanted.intersection(offered)
        actions = wantedActions
        negotiated = true
        var reply: [UInt8] = []
        reply.appendBigEndian(agreed)
        reply.appendBigEndian(actions.rawValue)
        reply.appendBigEndian(steps.rawValue)
        return MilterPacket(.optionNegotiation, reply)
    }

    mutating func appendHeader(name: [UInt8], value: [UInt8]) {
        header.append(contentsOf: name)
        header.append(0x3A)
        // Folded lines come with a bare LF (or CRLF) between them: every line ends in CRLF here.
        var i = 0
        while i < value.count {
            let b = value[i]
            if b == 0x0A {
                if header.last != 0x0D { header.append(0x0D) }
                header.append(0x0A)
            } else {
                header.append(b)
            }
            i += 1
        }
        header.append(contentsOf: [0x0D, 0x0A])
    }

    /// Counts `bytes` more of the message against its limit and the shared budget; false
    /// when either would be passed.
    mutating func hold(_ bytes: Int) -> Bool {
        guard heldSize + bytes <= options.maxMessageSize else { return false }
        if let budget = options.budget {
            guard budget.reserve(bytes) else { return false }
            reserved += bytes
        }
        return true
    }

    /// The connection is gone: what was held of a message under way is let go.
    public mutating func end() {
        options.budget?.release(reserved)
        reserved = 0
    }

    /// The message passes unmodified: what was held of it is let go.
    mutating func markOversize(size: Int) {
        oversize = true
        finish(.init(queueID: macros["i"], outcome: .oversize, size: size))
        header = []
        body = []
        options.budget?.release(reserved)
        reserved = 0
    }

    mutating func resetMessage() {
        options.budget?.release(reserved)
        reserved = 0
        badHeaderName = false
        headerEnded = false
        header.removeAll(keepingCapacity: false)
        body.removeAll(keepingCapacity: false)
        oversize = false
        inMessage = false
        recipients = []
    }

    mutating func finish(_ report: MilterMessageReport) {
        reports.append(report)
    }

    /// The end of one message: the filter's verdict as modifications, then accept.
    mutating func endOfMessage() -> [MilterPacket] {
        if oversize { return [MilterPacket(.accept)] }
        let message = header + [0x0D, 0x0A] + body
        let queueID = macros["i"]
        if badHeaderName {
            finish(.init(queueID: queueID, outcome: .failed, size: message.count,
                         detail: "a header field name from the MTA is not a field name; passed unmodified"))
            return [MilterPacket(options.tempfailOnError ? .tempfail : .accept)]
        }
        let started = Self.now()
        defer { if !reports.isEmpty { reports[reports.count - 1].seconds = Self.now() - started } }
        switch filter.filter(message, recipients: recipients, queueID: queueID) {
        case .unchanged:
            finish(.init(queueID: queueID, outcome: .unchanged, size: message.count))
            return [MilterPacket(.accept)]
        case .failed(let why):
            finish(.init(queueID: queueID, outcome: .failed, size: message.count, detail: why))
            return [MilterPacket(options.tempfailOnError ? .tempfail : .accept)]
        case .changed(let output):
            guard let edits = MilterEdits.between(original: message, cleaned: output, headerLength: header.count + 2) else {
                finish(.init(queueID: queueID, outcome: .failed, size: message.count,
                             detail: "the cleaned message's header cannot be expressed as milter edits"))
                return [MilterPacket(options.tempfailOnError ? .tempfail : .accept)]
            }
            finish(.init(queueID: queueID, outcome: .changed, size: message.count))
            return edits.packets + [MilterPacket(.accept)]
        }
    }

    static func now() -> Double {
        Double(MilterServer.monotonicNanoseconds()) / 1e9
    }

    /// `<a@b>` and its ESMTP parameters, as the address alone.
    static func address(_ argument: String) -> String {
        var s = Substring(argument)
        while s.first == " " { s = s.dropFirst() }
        if s.first == "<", let close = s.firstIndex(of: ">") { s = s[s.index(after: s.startIndex)..<close] }
        return s.lowercased()
    }
}

/// The modifications that turn the message the MTA holds into the cleaned one.
public struct MilterEdits: Sendable, Equatable {
    public enum HeaderEdit: Sendable, Equatable {
        /// Insert a field at this position among all fields (0: first).
        case insert(index: Int, name: String, value: [UInt8])
        /// Change the nth (from 1) field of this name; an empty value deletes it.
        case change(name: String, occurrence: Int, value: [UInt8])
    }

    public var headerEdits: [HeaderEdit] = []
    /// The new body, when it changed.
    public var body: [UInt8]?

    /// Body chunks are at most this long (the MTA's own chunk size).
    public static let maxChunk = 65_535

    public var packets: [MilterPacket] {
        var out: [MilterPacket] = []
        for edit in headerEdits {
            switch edit {
            case .insert(let index, let name, let value):
                var data: [UInt8] = []
                data.appendBigEndian(UInt32(index))
                data += Array(name.utf8) + [0] + value + [0]
                out.append(MilterPacket(.insertHeader, data))
            case .change(let name, let occurrence, let value):
                var data: [UInt8] = []
                data.appendBigEndian(UInt32(occurrence))
                data += Array(name.utf8) + [0] + value + [0]
                out.append(MilterPacket(.changeHeader, data))
            }
        }
        if let body {
            var start = 0
            repeat {
                let end = min(body.count, start + Self.maxChunk)
                out.append(MilterPacket(.replaceBody, Array(body[start..<end])))
                start = end
            } while start < body.count
        }
        return out
    }

    /// The edits from `original` (as rebuilt from the MTA's packets) to `cleaned`; nil when
    /// the header changed in a way these edits cannot say. The cleaner inserts fields at the
    /// top only (the trace field), removes fields (read-receipt requests) and changes values
    /// in place (a charset), so the two lists line up from the end: what is left of the new
    /// list when the old one runs out was inserted first.
    public static func between(original: [UInt8], cleaned: [UInt8], headerLength: Int? = nil) -> MilterEdits? {
        let before = MIMEMessage(bytes: original)
        let after = MIMEMessage(bytes: cleaned)
        // The MTA's header must be the one the cleaner read: a field it sent that the parser
        // takes for body (or the other way round) would be edited twice or not at all.
        if let headerLength, before.root.bodyRange.lowerBound != headerLength { return nil }
        var edits = MilterEdits()
        let old = before.root.fields.map { Field($0, in: original) }
        let new = after.root.fields.map { Field($0, in: cleaned) }

        // The occurrence (from 1) of each old field among the fields of its name.
        var seen: [String: Int] = [:]
        let occurrence = old.map { field -> Int in
            seen[field.key, default: 0] += 1
            return seen[field.key]!
        }
        var i = old.count - 1
        var j = new.count - 1
        var changes: [HeaderEdit] = []
        while i >= 0 {
            if j >= 0, new[j] == old[i] {
                j -= 1
            } else if j >= 0, new[j].key == old[i].key {
                changes.append(.change(name: old[i].name, occurrence: occurrence[i], value: new[j].value))
                j -= 1
            } else {
                // Deleted; going from the last field back keeps the earlier occurrences' numbers.
                changes.append(.change(name: old[i].name, occurrence: occurrence[i], value: []))
            }
            i -= 1
        }
        edits.headerEdits = changes
        // What is left was put before every old field; inserted after the changes, so that a
        // new field of a name already there does not shift the occurrences above.
        if j >= 0 {
            for k in 0...j { edits.headerEdits.append(.insert(index: k, name: new[k].name, value: new[k].value)) }
        }
        // A field inserted anywhere but the top would have been taken for a change or a
        // deletion: check that the edits give the new list back.
        guard apply(edits.headerEdits, to: old) == new else { return nil }

        let oldBody = original[before.root.bodyRange.lowerBound...]
        let newBody = cleaned[after.root.bodyRange.lowerBound...]
        if !oldBody.elementsEqual(newBody) { edits.body = Array(newBody) }
        return edits
    }

    /// The header list after the edits, as the MTA applies them (in order).
    static func apply(_ edits: [HeaderEdit], to fields: [Field]) -> [Field] {
        var list = fields
        for edit in edits {
            switch edit {
            case .insert(let index, let name, let value):
                list.insert(Field(name: name, value: value), at: min(index, list.count))
            case .change(let name, let occurrence, let value):
                let key = name.lowercased()
                var n = 0
                guard let at = list.firstIndex(where: { f in
                    if f.key == key { n += 1 }
                    return f.key == key && n == occurrence
                }) else { continue }
                if value.isEmpty { list.remove(at: at) } else { list[at].value = value }
            }
        }
        return list
    }

    struct Field: Equatable {
        var name: String
        /// The value as the MTA takes it with SMFIP_HDR_LEADSPC: everything after the colon,
        /// folded lines joined by LF, without the final line ending.
        var value: [UInt8]
        var key: String { name.lowercased() }

        init(name: String, value: [UInt8]) {
            self.name = name
            self.value = value
        }

        init(_ field: HeaderField, in bytes: [UInt8]) {
            name = String(decoding: bytes[field.nameRange], as: UTF8.self)
            var v: [UInt8] = []
            let range = field.valueRange
            for k in range where !(bytes[k] == 0x0D && k + 1 < range.upperBound && bytes[k + 1] == 0x0A) { v.append(bytes[k]) }
            value = v
        }

        static func == (a: Field, b: Field) -> Bool { a.key == b.key && a.value == b.value }
    }
}
