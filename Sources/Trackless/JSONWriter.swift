/// A minimal JSON writer for reports (the pipeline does not link Foundation).
public struct JSONWriter {
    public private(set) var text = ""

    public init() {}

    public static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A JSON value built from Swift values.
    public indirect enum Value {
        case string(String?)
        case int(Int)
        case bool(Bool)
        case array([Value])
        case object([(String, Value)])

        public func render(indent: Int = 0, pretty: Bool = true) -> String {
            let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
            let end = pretty ? String(repeating: "  ", count: indent) : ""
            let nl = pretty ? "\n" : ""
            switch self {
            case .string(let s): return s.map(JSONWriter.quote) ?? "null"
            case .int(let i): return String(i)
            case .bool(let b): return b ? "true" : "false"
            case .array(let items):
                if items.isEmpty { return "[]" }
                return "[" + nl + items.map { pad + $0.render(indent: indent + 1, pretty: pretty) }.joined(separator: "," + nl) + nl + end + "]"
            case .object(let fields):
                if fields.isEmpty { return "{}" }
                let sep = pretty ? ": " : ":"
                return "{" + nl + fields.map { pad + JSONWriter.quote($0.0) + sep + $0.1.render(indent: indent + 1, pretty: pretty) }
                    .joined(separator: "," + nl) + nl + end + "}"
            }
        }
    }
}

extension Finding {
    /// The stable JSON form (docs/preview.md, schema "trackless-preview/1").
    public var json: JSONWriter.Value {
        .object([
            ("kind", .string(kind.rawValue)),
            ("action", .string(action.rawValue)),
            ("vendor", .string(vendor)),
            ("certainty", .string(certainty.rawValue)),
            ("reason", .string(reason)),
            ("rule", .string(rule)),
            ("url", .string(subject)),
            ("replacement", .string(replacement)),
            ("part", part.map { .int($0) } ?? .string(nil)),
            ("visibility", .string(visibility)),
        ])
    }
}

extension CleanReport {
    public func json(path: String?, changed: Bool) -> JSONWriter.Value {
        .object([
            ("path", .string(path)),
            ("messageId", .string(messageID)),
            ("from", .string(from)),
            ("subject", .string(subject)),
            ("changed", .bool(changed)),
            ("findings", .array(findings.map(\.json))),
            ("skipped", .array(skipped.map { .string($0) })),
            ("problems", .array(problems.map { .string($0) })),
        ])
    }
}
