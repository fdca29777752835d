#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes Maildir unique names: `<seconds>.M<microseconds>P<pid>Q<counter>.<host>`.
///
/// The form Dovecot and Courier use: time, process id and a per-process counter make the
/// name unique on this host; the host name makes it unique across hosts sharing the
/// mailbox. `/` and `:` cannot appear in a name and `,` would start a field, so the host
/// name is sanitised (`\057`, `\072`, `\054`, as Courier does for the first two).
public final class UniqueNameGenerator: Sendable {
    /// The sanitised host name used in every name.
    public let host: String
    /// The process id used in every name.
    public let processID: Int32
    private let counter = Counter()

    public init(hostName: String? = nil, processID: Int32? = nil) {
        self.host = Self.sanitizedHost(hostName ?? Sys.hostName)
        self.processID = processID ?? Sys.processID
    }

    /// A new unique name; thread-safe.
    public func next() -> String {
        let now = Sys.now()
        let n = counter.next()
        return "\(now.tv_sec).M\(now.tv_nsec / 1000)P\(processID)Q\(n).\(host)"
    }

    /// Replaces every byte outside `A-Z a-z 0-9 . - _` by a backslash and three octal digits.
    public static func sanitizedHost(_ host: String) -> String {
        var out = ""
        for byte in host.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let octal = String(byte, radix: 8)
                out += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            }
        }
        return out.isEmpty ? "localhost" : out
    }

    final class Counter: @unchecked Sendable {
        private let lock = Lock()
        private var value = 0
        func next() -> Int {
            lock.withLock {
                value += 1
                return value
            }
        }
    }
}

/// The parts of a unique name made by `UniqueNameGenerator` (or by Dovecot, which uses the
/// same form): seconds, process id and host.
public struct UniqueNameParts: Equatable, Sendable {
    public var seconds: Int
    public var processID: Int32
    public var host: String

    /// Parses `<seconds>.M<usec>P<pid>Q<n>.<host>`; nil for any other form.
    public init?(_ unique: String) {
        let pieces = unique.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, let seconds = Int(pieces[0]) else { return nil }
        let middle = pieces[1]
        guard middle.first == "M", let p = middle.firstIndex(of: "P"), let q = middle.firstIndex(of: "Q"), p < q,
              Int(middle[middle.index(after: middle.startIndex)..<p]) != nil,
              let pid = Int32(middle[middle.index(after: p)..<q]),
              Int(middle[middle.index(after: q)...]) != nil
        else { return nil }
        self.seconds = seconds
        self.processID = pid
        self.host = String(pieces[2])
    }
}

/// The files Trackless leaves in a folder's `tmp/` while it replaces a message, recognised
/// by their suffix: `<unique>.trackless-new` (the new content; the unique part is also that
/// of the new message's name) and `<unique>.trackless-intent` (the journal naming the old and
/// new files: of one message, sharing its unique part, or of a batch, with a unique part of
/// its own).
public enum TracklessTmpFile {
    public static let newSuffix = ".trackless-new"
    public static let intentSuffix = ".trackless-intent"

    public enum Kind: Sendable, Equatable { case content, intent }

    /// Recognises one of our tmp names: its kind and unique part; nil for anything else.
    /// Compared on bytes: a combining character before the suffix must not hide it.
    public static func parse(_ name: String) -> (kind: Kind, unique: String, parts: UniqueNameParts)? {
        let bytes = Array(name.utf8)
        let kind: Kind
        let suffix: String
        if bytes.count > newSuffix.utf8.count && bytes.suffix(newSuffix.utf8.count).elementsEqual(newSuffix.utf8) {
            (kind, suffix) = (.content, newSuffix)
        } else if bytes.count > intentSuffix.utf8.count && bytes.suffix(intentSuffix.utf8.count).elementsEqual(intentSuffix.utf8) {
            (kind, suffix) = (.intent, intentSuffix)
        } else {
            return nil
        }
        let unique = String(decoding: bytes.dropLast(suffix.utf8.count), as: UTF8.self)
        guard let parts = UniqueNameParts(unique) else { return nil }
        return (kind, unique, parts)
    }
}
