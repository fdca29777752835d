@testable import MailHTML

/// A small JSON reader for the html5lib test files.
///
/// It keeps strings as UTF-16 code units so that the suite's lone surrogates survive
/// (Foundation's JSON reader would replace them), and objects in source order.
indirect enum HTML5LibJSON: Equatable {
    case object([(key: String, value: HTML5LibJSON)])
    case array([HTML5LibJSON])
    case string([UInt16])
    case number(Double)
    case bool(Bool)
    case null

    static func == (lhs: HTML5LibJSON, rhs: HTML5LibJSON) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let a), .array(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        default: false
        }
    }

    subscript(key: String) -> HTML5LibJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    var array: [HTML5LibJSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var units: [UInt16]? {
        if case .string(let units) = self { return units }
        return nil
    }

    var text: String? { units.map { String(decoding: $0, as: UTF16.self) } }

    struct SyntaxError: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "JSON syntax error at byte \(offset)" }
    }

    static func parse(_ bytes: [UInt8]) throws -> HTML5LibJSON {
        var parser = Parser(bytes: bytes)
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw SyntaxError(offset: parser.index) }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func expect(_ byte: UInt8) throws {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == byte else { throw SyntaxError(offset: index) }
            index += 1
        }

        mutating func value() throws -> HTML5LibJSON {
            skipWhitespace()
            guard index < bytes.count else { throw SyntaxError(offset: index) }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var members: [(key: String, value: HTML5LibJSON)] = []
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(members)
                }
                while true {
                    skipWhitespace()
                    let key = String(decoding: try string(), as: UTF16.self)
                    try expect(UInt8(ascii: ":"))
                    members.append((key, try value()))
                    skipWhitespace()
                    guard index < bytes.count else { throw SyntaxError(offset: index) }
                    if bytes[index] == UInt8(ascii: "}") {
                        index += 1
                        return .object(members)
                    }
                    try expect(UInt8(ascii: ","))
                }
            case UInt8(ascii: "["):
                index += 1
                var items: [HTML5LibJSON] = []
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array(items)
                }
                while true {
                    items.append(try value())
                    skipWhitespace()
                    guard index < bytes.count else { throw SyntaxError(offset: index) }
                    if bytes[index] == UInt8(ascii: "]") {
                        index += 1
                        return .array(items)
                    }
                    try expect(UInt8(ascii: ","))
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            default:
                let start = index
                while index < bytes.count, "+-.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
                guard let number = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else {
                    throw SyntaxError(offset: start)
                }
                return .number(number)
            }
        }

        mutating func literal(_ word: String) throws {
            for byte in word.utf8 {
                guard index < bytes.count, bytes[index] == byte else { throw SyntaxError(offset: index) }
                index += 1
            }
        }

        mutating func string() throws -> [UInt16] {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw SyntaxError(offset: index) }
            index += 1
            var raw: [UInt8] = []
            var units: [UInt16] = []
            func flush() {
                units.append(contentsOf: String(decoding: raw, as: UTF8.self).utf16)
                raw.removeAll(keepingCapacity: true)
            }
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") {
                    flush()
                    return units
                }
                guard byte == UInt8(ascii: "\\") else {
                    raw.append(byte)
                    continue
                }
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "n"): raw.append(0x0A)
                case UInt8(ascii: "t"): raw.append(0x09)
                case UInt8(ascii: "r"): raw.append(0x0D)
                case UInt8(ascii: "b"): raw.append(0x08)
                case UInt8(ascii: "f"): raw.append(0x0C)
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count,
                        let unit = UInt16(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
                    else { throw SyntaxError(offset: index) }
                    index += 4
                    flush()
                    units.append(unit)
                default: raw.append(escape)
                }
            }
            throw SyntaxError(offset: index)
        }
    }
}

/// Replaces each `\uHHHH` in `units` by that code unit (the suite's `doubleEscaped`).
func html5libUnescape(_ units: [UInt16]) -> [UInt16] {
    var output: [UInt16] = []
    var index = 0
    while index < units.count {
        if units[index] == 0x5C, index + 5 < units.count, units[index + 1] == 0x75,
            let value = UInt16(String(decoding: units[index + 2..<index + 6], as: UTF16.self), radix: 16)
        {
            output.append(value)
            index += 6
        } else {
            output.append(units[index])
            index += 1
        }
    }
    return output
}

/// UTF-16 code units as generalized UTF-8: pairs become four bytes, lone surrogates
/// their three-byte form, so any string of the suite has a byte representation.
func wtf8(_ units: [UInt16]) -> [UInt8] {
    var output: [UInt8] = []
    var index = 0
    while index < units.count {
        var scalar = UInt32(units[index])
        index += 1
        if scalar >= 0xD800 && scalar < 0xDC00, index < units.count,
            units[index] >= 0xDC00 && units[index] < 0xE000
        {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (UInt32(units[index]) - 0xDC00)
            index += 1
        }
        // Lone surrogates come out in their three-byte form, as the suite expects.
        HTMLDecoding.appendScalar(scalar, to: &output)
    }
    return output
}
