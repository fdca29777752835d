#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing

@testable import MailHTML

/// Runs the html5lib tokenizer suite (tokenizer/*.test) against `HTMLTokenizer` with its
/// tree-state simulation off, as the suite expects.
///
/// The suite is read from `$HTML5LIB_TESTS` (the suite root or its `tokenizer` folder)
/// when set, else from Tests/Fixtures/html5lib-tests. Token streams are compared
/// exactly, character tokens coalesced; parse errors are not compared (the tokenizer
/// does not report them). Strings are compared as bytes (UTF-8, with lone surrogates in
/// their three-byte form), so the suite's surrogate cases run too.
struct HTML5LibTokenizerTests {
    /// Cases that are not run, with the reason. Everything else must pass.
    static let exclusions: [String: String] = [
        "xmlViolation.test": "expects the XML infoset coercion of a DOM, not tokenizer output"
    ]

    static var suiteDirectory: String {
        if let root = getenv("HTML5LIB_TESTS").map({ String(cString: $0) }), !root.isEmpty {
            let nested = root + "/tokenizer"
            return access(nested, F_OK) == 0 ? nested : root
        }
        let thisFile = "\(#filePath)"
        let testsDirectory = thisFile.split(separator: "/", omittingEmptySubsequences: false).dropLast(2)
            .joined(separator: "/")
        return testsDirectory + "/Fixtures/html5lib-tests/tokenizer"
    }

    @Test func passesTheHTML5LibTokenizerSuite() throws {
        let directory = Self.suiteDirectory
        let files = try testFiles(in: directory)
        #expect(!files.isEmpty, "no .test files in \(directory)")
        var runs = 0
        var passed = 0
        var excluded = 0
        var failures: [String] = []
        var unusedExclusions = Set(Self.exclusions.keys)
        for file in files {
            let json = try HTML5LibJSON.parse(try readFile(directory + "/" + file))
            let tests = json["tests"]?.array ?? json["xmlViolationTests"]?.array ?? []
            if Self.exclusions[file] != nil {
                unusedExclusions.remove(file)
                excluded += tests.reduce(0) { $0 + ($1["initialStates"]?.array?.count ?? 1) }
                continue
            }
            for test in tests {
                let description = test["description"]?.text ?? "?"
                let doubleEscaped = test["doubleEscaped"] == .bool(true)
                func bytes(_ units: [UInt16]) -> [UInt8] { wtf8(doubleEscaped ? html5libUnescape(units) : units) }
                let input = bytes(test["input"]?.units ?? [])
                let expected = coalesce((test["output"]?.array ?? []).compactMap { expectedToken($0, bytes) })
                let states = test["initialStates"]?.array?.compactMap(\.text) ?? ["Data state"]
                for stateName in states {
                    let key = "\(file): \(description) [\(stateName)]"
                    if Self.exclusions[key] != nil {
                        unusedExclusions.remove(key)
                        excluded += 1
                        continue
                    }
                    runs += 1
                    guard let state = Self.state(named: stateName) else {
                        failures.append("\(key): unknown initial state")
                        continue
                    }
                    let options = HTMLTokenizer.Options(
                        simulatesTreeState: false, initialState: state, lastStartTag: test["lastStartTag"]?.text)
                    let actual = tokenize(input, options)
                    if actual == expected {
                        passed += 1
                    } else {
                        failures.append(
                            "\(key)\n  input:    \(show(input))\n  expected: \(expected)\n  actual:   \(actual)")
                    }
                }
            }
        }
        print("html5lib tokenizer suite: \(passed)/\(runs) passed, \(excluded) excluded (\(directory))")
        #expect(runs > 6000, "ran only \(runs) cases from \(directory)")
        #expect(unusedExclusions.isEmpty, "exclusions matching no case: \(unusedExclusions.sorted())")
        #expect(failures.isEmpty, "\(failures.count) failing cases:\n\(failures.prefix(40).joined(separator: "\n"))")
    }

    static func state(named name: String) -> HTMLTokenizer.State? {
        switch name {
        case "Data state": .data
        case "PLAINTEXT state": .plainText
        case "RCDATA state": .rcdata
        case "RAWTEXT state": .rawText
        case "Script data state": .scriptData
        case "CDATA section state": .cdataSection
        default: nil
        }
    }
}

/// A token as the suite describes it, strings as bytes.
enum SuiteToken: Equatable, CustomStringConvertible {
    case doctype(name: [UInt8]?, publicID: [UInt8]?, systemID: [UInt8]?, correct: Bool)
    case startTag(name: [UInt8], attributes: [[UInt8]], selfClosing: Bool)
    case endTag([UInt8])
    case comment([UInt8])
    case character([UInt8])

    var description: String {
        switch self {
        case .doctype(let name, let publicID, let systemID, let correct):
            "DOCTYPE(\(name.map(show) ?? "nil"), \(publicID.map(show) ?? "nil"), \(systemID.map(show) ?? "nil"), \(correct))"
        case .startTag(let name, let attributes, let selfClosing):
            "StartTag(\(show(name)) \(attributes.map(show))\(selfClosing ? " /" : ""))"
        case .endTag(let name): "EndTag(\(show(name)))"
        case .comment(let data): "Comment(\(show(data)))"
        case .character(let data): "Character(\(show(data)))"
        }
    }
}

func show(_ bytes: [UInt8]) -> String {
    var text = ""
    for byte in String(decoding: bytes, as: UTF8.self).unicodeScalars {
        text += byte.value < 0x20 || byte.value == 0xFFFD ? "\\u{\(String(byte.value, radix: 16))}" : String(byte)
    }
    return "\"" + text + "\""
}

func coalesce(_ tokens: [SuiteToken]) -> [SuiteToken] {
    var output: [SuiteToken] = []
    for token in tokens {
        if case .character(let more) = token, case .character(let data)? = output.last {
            output[output.count - 1] = .character(data + more)
        } else if case .character(let data) = token, data.isEmpty {
            continue
        } else {
            output.append(token)
        }
    }
    return output
}

func expectedToken(_ json: HTML5LibJSON, _ bytes: ([UInt16]) -> [UInt8]) -> SuiteToken? {
    guard let parts = json.array, let kind = parts.first?.text else { return nil }
    func string(_ index: Int) -> [UInt8]? {
        guard index < parts.count, let units = parts[index].units else { return nil }
        return bytes(units)
    }
    switch kind {
    case "DOCTYPE":
        return .doctype(name: string(1), publicID: string(2), systemID: string(3), correct: parts.count > 4 && parts[4] == .bool(true))
    case "StartTag":
        var attributes: [[UInt8]] = []
        if parts.count > 2, case .object(let members) = parts[2] {
            for member in members {
                attributes.append(bytes(Array(member.key.utf16)) + [0x3D] + bytes(member.value.units ?? []))
            }
        }
        return .startTag(name: string(1) ?? [], attributes: attributes.sorted { $0.lexicographicallyPrecedes($1) },
                         selfClosing: parts.count > 3 && parts[3] == .bool(true))
    case "EndTag": return .endTag(string(1) ?? [])
    case "Comment": return .comment(string(1) ?? [])
    case "Character": return .character(string(1) ?? [])
    default: return nil
    }
}

func tokenize(_ input: [UInt8], _ options: HTMLTokenizer.Options) -> [SuiteToken] {
    var tokenizer = HTMLTokenizer(input, options: options)
    var tokens: [SuiteToken] = []
    var previousEnd = 0
    while let token = tokenizer.next() {
        // Token spans never overlap and never go backwards.
        precondition(token.range.lowerBound >= previousEnd && token.range.upperBound <= input.count)
        previousEnd = token.range.upperBound
        switch token {
        case .startTag(let tag):
            let attributes = tag.attributes.map { Array($0.name.utf8) + [0x3D] + $0.valueBytes(in: input) }
            tokens.append(.startTag(name: Array(tag.name.utf8), attributes: attributes.sorted { $0.lexicographicallyPrecedes($1) },
                                    selfClosing: tag.selfClosing))
        case .endTag(let tag): tokens.append(.endTag(Array(tag.name.utf8)))
        case .comment(let comment): tokens.append(.comment(comment.dataBytes(in: input)))
        case .doctype(let doctype):
            tokens.append(.doctype(name: doctype.name.map { Array($0.utf8) }, publicID: doctype.publicIdentifier.map { Array($0.utf8) },
                                   systemID: doctype.systemIdentifier.map { Array($0.utf8) }, correct: !doctype.forceQuirks))
        case .text(let text): tokens.append(.character(text.textBytes(in: input)))
        case .cdata(let cdata): tokens.append(.character(cdata.textBytes(in: input)))
        case .endOfFile: break
        }
    }
    return coalesce(tokens)
}

func testFiles(in directory: String) throws -> [String] {
    guard let handle = opendir(directory) else { throw SuiteError("cannot open \(directory)") }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name.hasSuffix(".test") { names.append(name) }
    }
    return names.sorted()
}

func readFile(_ path: String) throws -> [UInt8] {
    guard let file = fopen(path, "rb") else { throw SuiteError("cannot read \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let read = fread(&chunk, 1, chunk.count, file)
        if read <= 0 { break }
        bytes.append(contentsOf: chunk[0..<read])
    }
    return bytes
}

struct SuiteError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
