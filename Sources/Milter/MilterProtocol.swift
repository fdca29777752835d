/// The Sendmail milter protocol, version 6, as Postfix and Sendmail speak it: packets of a
/// 4-byte big-endian length (the command byte included), a command byte, and its data.

/// Commands from the MTA.
public enum MilterCommand: UInt8, Sendable {
    case abort = 0x41  // 'A': forget the current message
    case body = 0x42  // 'B': a body chunk
    case connect = 0x43  // 'C': host name, family, port, address
    case macro = 0x44  // 'D': macros for the next command
    case endOfBody = 0x45  // 'E': end of message: modifications, then the verdict
    case helo = 0x48  // 'H'
    case quitNewConnection = 0x4B  // 'K': the connection is kept for a new SMTP session
    case header = 0x4C  // 'L': name NUL value NUL
    case mail = 0x4D  // 'M': MAIL FROM arguments
    case endOfHeaders = 0x4E  // 'N'
    case optionNegotiation = 0x4F  // 'O': version, actions, protocol steps
    case quit = 0x51  // 'Q'
    case recipient = 0x52  // 'R': RCPT TO arguments
    case data = 0x54  // 'T'
    case unknown = 0x55  // 'U': an SMTP command the MTA did not know
}

/// Reply codes to the MTA.
public enum MilterReply: UInt8, Sendable {
    case addHeader = 0x68  // 'h': name NUL value NUL
    case insertHeader = 0x69  // 'i': index, name NUL value NUL
    case changeHeader = 0x6D  // 'm': index, name NUL value NUL (an empty value deletes)
    case replaceBody = 0x62  // 'b': a chunk of the new body
    case accept = 0x61  // 'a': accept the message, send no more of it
    case `continue` = 0x63  // 'c'
    case tempfail = 0x74  // 't'
    case progress = 0x70  // 'p': still working, reset the MTA's timer
    case optionNegotiation = 0x4F  // 'O'
}

/// What the milter may do to a message (SMFIF_*).
public struct MilterActions: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let addHeaders = MilterActions(rawValue: 0x01)
    public static let changeBody = MilterActions(rawValue: 0x02)
    public static let changeHeaders = MilterActions(rawValue: 0x10)
}

/// Protocol steps the milter does not want, or wants without a reply (SMFIP_*).
public struct MilterSteps: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let noConnect = MilterSteps(rawValue: 0x1)
    public static let noHelo = MilterSteps(rawValue: 0x2)
    public static let noMail = MilterSteps(rawValue: 0x4)
    public static let noRecipient = MilterSteps(rawValue: 0x8)
    public static let noBody = MilterSteps(rawValue: 0x10)
    public static let noHeaders = MilterSteps(rawValue: 0x20)
    public static let noEndOfHeaders = MilterSteps(rawValue: 0x40)
    public static let noReplyHeader = MilterSteps(rawValue: 0x80)
    public static let noUnknown = MilterSteps(rawValue: 0x100)
    public static let noData = MilterSteps(rawValue: 0x200)
    public static let skip = MilterSteps(rawValue: 0x400)
    public static let noReplyConnect = MilterSteps(rawValue: 0x1000)
    public static let noReplyHelo = MilterSteps(rawValue: 0x2000)
    public static let noReplyMail = MilterSteps(rawValue: 0x4000)
    public static let noReplyRecipient = MilterSteps(rawValue: 0x8000)
    public static let noReplyData = MilterSteps(rawValue: 0x10000)
    public static let noReplyUnknown = MilterSteps(rawValue: 0x20000)
    public static let noReplyEndOfHeaders = MilterSteps(rawValue: 0x40000)
    public static let noReplyBody = MilterSteps(rawValue: 0x80000)
    /// Header values are sent and taken with the space after the colon: needed to give
    /// the message back byte for byte.
    public static let headerLeadingSpace = MilterSteps(rawValue: 0x100000)
}

/// One packet: a command (or reply) byte and its data.
public struct MilterPacket: Sendable, Equatable {
    public var code: UInt8
    public var data: [UInt8]

    public init(code: UInt8, data: [UInt8] = []) {
        self.code = code
        self.data = data
    }

    public init(_ reply: MilterReply, _ data: [UInt8] = []) {
        self.init(code: reply.rawValue, data: data)
    }

    /// The packet on the wire.
    public var encoded: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(5 + data.count)
        out.appendBigEndian(UInt32(data.count + 1))
        out.append(code)
        out.append(contentsOf: data)
        return out
    }

    /// The NUL-terminated strings of the data (a trailing piece without NUL included).
    public var strings: [[UInt8]] {
        var result: [[UInt8]] = []
        var start = 0
        for (i, b) in data.enumerated() where b == 0 {
            result.append(Array(data[start..<i]))
            start = i + 1
        }
        if start < data.count { result.append(Array(data[start...])) }
        return result
    }
}

/// Why the MTA's byte stream cannot be read as milter packets.
public enum MilterFramingError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptyPacket
    case packetTooLarge(Int)

    public var description: String {
        switch self {
        case .emptyPacket: return "a packet of length 0"
        case .packetTooLarge(let n): return "a packet of \(n) bytes (over the limit)"
        }
    }
}

/// Splits a byte stream into packets, whatever the read sizes.
public struct MilterPacketReader: Sendable {
    /// Larger packets are a protocol error: the MTA sends body chunks of at most 64 KiB.
    public let maxPacketSize: Int
    private var buffer: [UInt8] = []
    private var head = 0

    public init(maxPacketSize: Int = 1 << 20) { self.maxPacketSize = maxPacketSize }

    public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if head > 0 && head == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            head = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next whole packet, or nil when more bytes are needed.
    public mutating func next() throws(MilterFramingError) -> MilterPacket? {
        guard buffer.count - head >= 4 else { return nil }
        let length = Int(buffer[head]) << 24 | Int(buffer[head + 1]) << 16 | Int(buffer[head + 2]) << 8 | Int(buffer[head + 3])
        guard length > 0 else { throw .emptyPacket }
        guard length <= maxPacketSize else { throw .packetTooLarge(length) }
        guard buffer.count - head >= 4 + length else { return nil }
        let packet = MilterPacket(code: buffer[head + 4], data: Array(buffer[(head + 5)..<(head + 4 + length)]))
        head += 4 + length
        // Keep the buffer from growing with what was already read.
        if head > 1 << 16 && head * 2 > buffer.count {
            buffer.removeFirst(head)
            head = 0
        }
        return packet
    }
}

extension Array where Element == UInt8 {
    public mutating func appendBigEndian(_ value: UInt32) {
        append(UInt8(truncatingIfNeeded: value >> 24))
        append(UInt8(truncatingIfNeeded: value >> 16))
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }
}

extension ArraySlice where Element == UInt8 {
    public func bigEndianUInt32(at offset: Int) -> UInt32? {
        let i = startIndex + offset
        guard i + 4 <= endIndex else { return nil }
        return UInt32(self[i]) << 24 | UInt32(self[i + 1]) << 16 | UInt32(self[i + 2]) << 8 | UInt32(self[i + 3])
    }
}
