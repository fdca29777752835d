import Glibc

/// A Maildir file name split into its parts: `<unique>[,<field>]...[:<info>]`.
///
/// The base (everything before the first `:`) is the message's identity for Dovecot: it
/// keys the UID in `dovecot-uidlist`, and its `,S=<size>` and `,W=<vsize>` fields are read
/// as the physical size and the size with CRLF line endings. The info after `:` is
/// `2,<flags>` in `cur/` (flags `D F P R S T`, Dovecot keywords `a`-`z`, and after a further
/// `,` non-standard fields) and usually absent in `new/`.
///
/// Parsing is total: any string gives a name, and `description` gives the string back.
public struct MaildirName: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The separator between base and info. Dovecot can be built to use `;` instead; this
    /// code follows the Maildir standard.
    public static let infoSeparator: Character = ":"

    /// The unique part: the base up to its first `,`.
    public var unique: String
    /// The `,`-separated fields after the unique part, in order, without the commas
    /// (`"S=1234"`, `"W=1260"`, or anything else another program put there).
    public var fields: [String]
    /// The text after the first `:`, e.g. `"2,FS"`; nil when the name has no `:`.
    public var info: String?

    public init(unique: String, fields: [String] = [], info: String? = nil) {
        self.unique = unique
        self.fields = fields
        self.info = info
    }

    /// Splits a file name; never fails. It splits on bytes, as Dovecot does: a combining
    /// character before `:` or `,` must not hide the separator (a Swift `Character` would
    /// swallow it into one grapheme, and the flags would be lost on a rewrite).
    public init(_ name: String) {
        let bytes = Array(name.utf8)
        let colon = bytes.firstIndex(of: UInt8(ascii: ":"))
        let baseBytes = bytes[..<(colon ?? bytes.count)]
        info = colon.map { String(decoding: bytes[($0 + 1)...], as: UTF8.self) }
        let parts = baseBytes.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        unique = parts.first.map { String(decoding: $0, as: UTF8.self) } ?? ""
        fields = parts.dropFirst().map { String(decoding: $0, as: UTF8.self) }
    }

    /// Everything before the `:`: the message's identity.
    public var base: String {
        fields.isEmpty ? unique : unique + "," + fields.joined(separator: ",")
    }

    public var description: String {
        info.map { base + String(Self.infoSeparator) + $0 } ?? base
    }

    /// The value of `,S=` (the file size Dovecot expects), if present and numeric.
    public var size: Int? { numericField("S") }

    /// The value of `,W=` (the size with CRLF line endings), if present and numeric.
    public var virtualSize: Int? { numericField("W") }

    /// True when the base carries a `,W=` field (numeric or not).
    public var hasVirtualSizeField: Bool { fields.contains { $0.hasPrefix("W=") } }

    /// The flag letters of a `2,<flags>` info (up to a further `,`), or nil for other infos.
    public var flags: String? {
        guard let info, info.hasPrefix("2,") else { return nil }
        let rest = info.dropFirst(2)
        return String(rest.prefix { $0 != "," })
    }

    /// The number in field `<key>=<digits>`, if present.
    public func numericField(_ key: Character) -> Int? {
        for field in fields {
            guard field.first == key, field.dropFirst().first == "=" else { continue }
            let digits = field.dropFirst(2)
            guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(digits)
        }
        return nil
    }

    /// The name for a rewritten copy of this message: a new unique part, `,S=<size>`, and
    /// `,W=<vsize>` only when this name had a `,W=`; the same info (flags) as this name.
    /// Other fields are dropped: they described the old file.
    public func forRewrite(unique newUnique: String, size: Int, virtualSize: Int) -> MaildirName {
        var newFields = ["S=\(size)"]
        if hasVirtualSizeField { newFields.append("W=\(virtualSize)") }
        return MaildirName(unique: newUnique, fields: newFields, info: info)
    }
}

/// The size of a message with every bare LF counted as CRLF: Dovecot's `,W=` and the IMAP
/// RFC822.SIZE.
public func maildirVirtualSize<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
    // Contiguous bytes (every caller here): jump from line feed to line feed with memchr.
    if let size = bytes.withContiguousStorageIfAvailable({ b -> Int in
        guard let base = b.baseAddress else { return 0 }
        var size = b.count
        var at = 0
        while at < b.count, let hit = memchr(base + at, 0x0A, b.count - at) {
            let i = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
            if i == 0 || base[i - 1] != 0x0D { size += 1 }
            at = i + 1
        }
        return size
    }) {
        return size
    }
    var size = 0
    var previous: UInt8 = 0
    for byte in bytes {
        if byte == 0x0A && previous != 0x0D { size += 1 }
        size += 1
        previous = byte
    }
    return size
}
