import CICUShim

/// A character encoding named by a MIME charset label, converted through ICU.
///
/// Labels map to encodings as the WHATWG Encoding Standard says (section 4.2,
/// "Names and labels"), because that is what mail clients built on browser
/// engines do: iso-8859-1 and us-ascii decode as windows-1252, gb2312 as GB18030.
public struct Charset: Sendable, Equatable {
    /// The WHATWG encoding name, lowercase ("windows-1252", "shift_jis").
    public let name: String
    /// The converter name handed to ICU.
    let icuName: String

    /// nil for labels that name no encoding (or the WHATWG "replacement" encoding).
    public init?(label: String) {
        let key = label.trimmingASCIIWhitespace().lowercased()
        // The labels nearly all mail carries, answered without building the table.
        let common: String? = switch key {
        case "utf-8", "utf8": "utf-8"
        case "us-ascii", "iso-8859-1", "windows-1252", "ascii", "latin1", "cp1252": "windows-1252"
        default: nil
        }
        guard let name = common ?? Charset.labels[key] else {
            // Labels outside the WHATWG table (x-..., ibm-...): let ICU decide.
            guard !key.isEmpty, key.count < 64, key.allSatisfy({ $0.isASCII && !$0.isWhitespace }),
                  tl_charset_is_known(key) != 0 else { return nil }
            self.name = key
            self.icuName = key
            return
        }
        self.name = name
        self.icuName = Charset.icuNames[name] ?? name
    }

    public static let utf8 = Charset(uncheckedName: "utf-8")

    init(uncheckedName: String) {
        self.name = uncheckedName
        self.icuName = Charset.icuNames[uncheckedName] ?? uncheckedName
    }

    /// True when bytes below 0x80 always stand for ASCII characters and never occur
    /// inside a multi-byte sequence as anything but ASCII markup characters, so HTML and
    /// URLs can be edited in place without converting (UTF-8, ISO-8859-x, windows-125x,
    /// KOI8, EUC; Shift_JIS, GBK and Big5 trail bytes are >= 0x40, never `<>"'=&/`).
    public var isASCIICompatible: Bool {
        !(name.hasPrefix("iso-2022") || name.hasPrefix("utf-16") || name.hasPrefix("utf-32")
            || name == "utf-7" || name == "hz-gb-2312")
    }

    public var isUTF8: Bool { name == "utf-8" }

    /// Decodes to Unicode, replacing malformed input with U+FFFD; counts the replacements.
    public func decode(_ bytes: [UInt8]) -> (text: String, problems: Int) {
        if isUTF8 {
            let s = String(decoding: bytes, as: UTF8.self)
            return (s, s.utf8.count == bytes.count ? 0 : 1)
        }
        let out = convert(bytes, decoding: true)
        return (String(decoding: out.bytes, as: UTF8.self), out.problems)
    }

    /// Encodes text in this charset, or nil when a character has no mapping.
    public func encode(_ text: String) -> [UInt8]? {
        if isUTF8 { return Array(text.utf8) }
        let out = convert(Array(text.utf8), decoding: false)
        return out.problems == 0 && out.ok ? out.bytes : nil
    }

    private func convert(_ input: [UInt8], decoding: Bool) -> (bytes: [UInt8], problems: Int, ok: Bool) {
        if input.isEmpty { return ([], 0, true) }
        // UTF-8 output can take up to 3 bytes per input byte (plus ISO-2022 shifts).
        var capacity = input.count * (decoding ? 3 : 4) + 16
        for _ in 0..<3 {
            var out = [UInt8](repeating: 0, count: capacity)
            let r: tl_conversion_result = input.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dst in
                    icuName.withCString { cs in
                        decoding
                            ? tl_decode_to_utf8(cs, src.baseAddress, Int32(src.count), dst.baseAddress, Int32(dst.count))
                            : tl_encode_from_utf8(cs, src.baseAddress, Int32(src.count), dst.baseAddress, Int32(dst.count))
                    }
                }
            }
            if r.status == 1 { capacity *= 2; continue }
            if r.status != 0 { return ([], 1, false) }
            out.removeSubrange(Int(r.written)...)
            return (out, Int(r.problems), true)
        }
        return ([], 1, false)
    }

    /// WHATWG encoding name -> ICU converter name, where they differ.
    static let icuNames: [String: String] = [
        "gbk": "GB18030",
        "gb18030": "GB18030",
        "shift_jis": "windows-31j",
        "euc-kr": "windows-949",
        "big5": "Big5-HKSCS",
        "iso-8859-8-i": "ISO-8859-8",
        "x-user-defined": "ISO-8859-1",
        "x-mac-cyrillic": "x-mac-cyrillic",
    ]

    /// Labels of the WHATWG Encoding Standard (lowercase) -> encoding name.
    static let labels: [String: String] = {
        var map: [String: String] = [:]
        func add(_ name: String, _ labels: [String]) { for l in labels { map[l] = name }; map[name] = name }
        add("utf-8", ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf8", "x-unicode20utf8"])
        add("ibm866", ["866", "cp866", "csibm866"])
        add("iso-8859-2", ["csisolatin2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2", "iso_8859-2:1987", "l2", "latin2"])
        add("iso-8859-3", ["csisolatin3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3", "iso_8859-3:1988", "l3", "latin3"])
        add("iso-8859-4", ["csisolatin4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4", "iso_8859-4:1988", "l4", "latin4"])
        add("iso-8859-5", ["csisolatincyrillic", "cyrillic", "iso-ir-144", "iso8859-5", "iso88595", "iso_8859-5", "iso_8859-5:1988"])
        add("iso-8859-6", ["arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114", "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596", "iso_8859-6", "iso_8859-6:1987"])
        add("iso-8859-7", ["csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-ir-126", "iso8859-7", "iso88597", "iso_8859-7", "iso_8859-7:1987", "sun_eu_greek"])
        add("iso-8859-8", ["csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8-e", "iso-ir-138", "iso8859-8", "iso88598", "iso_8859-8", "iso_8859-8:1988", "visual"])
        add("iso-8859-8-i", ["csiso88598i", "logical"])
        add("iso-8859-10", ["csisolatin6", "iso-ir-157", "iso8859-10", "iso885910", "l6", "latin6"])
        add("iso-8859-13", ["iso8859-13", "iso885913"])
        add("iso-8859-14", ["iso8859-14", "iso885914"])
        add("iso-8859-15", ["csisolatin9", "iso8859-15", "iso885915", "iso_8859-15", "l9"])
        add("iso-8859-16", [])
        add("koi8-r", ["cskoi8r", "koi", "koi8", "koi8_r"])
        add("koi8-u", ["koi8-ru"])
        add("macintosh", ["csmacintosh", "mac", "x-mac-roman"])
        add("windows-874", ["dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620"])
        add("windows-1250", ["cp1250", "x-cp1250"])
        add("windows-1251", ["cp1251", "x-cp1251"])
        add("windows-1252", ["ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "x-cp1252"])
        add("windows-1253", ["cp1253", "x-cp1253"])
        add("windows-1254", ["cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9", "iso_8859-9:1989", "l5", "latin5", "x-cp1254"])
        add("windows-1255", ["cp1255", "x-cp1255"])
        add("windows-1256", ["cp1256", "x-cp1256"])
        add("windows-1257", ["cp1257", "x-cp1257"])
        add("windows-1258", ["cp1258", "x-cp1258"])
        add("x-mac-cyrillic", ["x-mac-ukrainian"])
        add("gbk", ["chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "iso-ir-58", "x-gbk"])
        add("gb18030", [])
        add("big5", ["big5-hkscs", "cn-big5", "csbig5", "x-x-big5"])
        add("euc-jp", ["cseucpkdfmtjapanese", "x-euc-jp"])
        add("iso-2022-jp", ["csiso2022jp"])
        add("shift_jis", ["csshiftjis", "ms932", "ms_kanji", "shift-jis", "sjis", "windows-31j", "x-sjis"])
        add("euc-kr", ["cseuckr", "csksc56011987", "iso-ir-149", "korean", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949"])
        add("utf-16be", ["unicodefffe"])
        add("utf-16le", ["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16"])
        add("x-user-defined", [])
        // Mail-only labels that browsers never see but mail does.
        add("utf-7", ["unicode-1-1-utf-7", "csunicode11utf7"])
        return map
    }()
}
