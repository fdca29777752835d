// Small byte-level helpers shared by the MIME parser and decoders.

@usableFromInline let byteCR: UInt8 = 0x0D
@usableFromInline let byteLF: UInt8 = 0x0A
@usableFromInline let byteSpace: UInt8 = 0x20
@usableFromInline let byteTab: UInt8 = 0x09
@usableFromInline let byteColon: UInt8 = 0x3A
@usableFromInline let byteDash: UInt8 = 0x2D

/// The line ending a part (or a message) uses.
public enum LineEnding: Sendable, Equatable {
    case lf
    case crlf

    public var bytes: [UInt8] { self == .crlf ? [byteCR, byteLF] : [byteLF] }
}

extension UInt8 {
    @inlinable var asciiLowercased: UInt8 { (self >= 0x41 && self <= 0x5A) ? self | 0x20 : self }
    @inlinable var isASCIIWhitespace: Bool { self == byteSpace || self == byteTab || self == byteCR || self == byteLF }
}

/// Index of the next LF at or after `from`, or `end` when there is none.
/// Uses memchr: lines of many megabytes are common in base64-less binary parts.
@inlinable
func indexOfLF(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, end: Int) -> Int {
    guard from < end, let base = bytes.baseAddress else { return end }
    guard let hit = memchr(base + from, Int32(byteLF), end - from) else { return end }
    return UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
}

/// ASCII case-insensitive comparison of `bytes[at..<at+pattern.count]` with a lowercase pattern.
@inlinable
func matchesLowercase(_ bytes: UnsafeBufferPointer<UInt8>, at: Int, end: Int, _ pattern: [UInt8]) -> Bool {
    guard at >= 0, end - at >= pattern.count else { return false }
    for i in 0..<pattern.count where bytes[at + i].asciiLowercased != pattern[i] { return false }
    return true
}

extension Array where Element == UInt8 {
    /// ASCII-lowercased copy.
    var asciiLowercased: [UInt8] { map { $0.asciiLowercased } }
}

/// Decodes bytes as UTF-8, replacing invalid sequences.
@inlinable
func utf8String<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    String(decoding: bytes, as: UTF8.self)
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
