#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import MailURL
import CLibXML2
import MailHTML
import MailMIME
import TrackerRules

/// Cleans image/svg+xml parts: every external reference (href, xlink:href, url() in style,
/// @import, xml-stylesheet) is a remote load when the image is shown, so it goes.
///
/// SVG is XML, so it is parsed with libxml2's XML parser, with the network off and every
/// external entity refused (no XXE: the loader below never opens anything). What goes is
/// cut from the bytes (`SVGBytes`), the rest stays byte for byte; an SVG that declares
/// entities is cleaned on libxml2's tree and re-serialized.
struct SVGStage: ContentStage {
    let ruleset: Ruleset?

    func handles(_ part: MIMEPart) -> Bool {
        part.contentType.mimeType == "image/svg+xml"
    }

    func process(_ content: ArraySlice<UInt8>, part: MIMEPart, context: MessageFacts, findings: inout FindingLog) -> [UInt8]? {
        let judge = SVGJudge(ruleset: ruleset ?? .builtIn, context: context.rules, part: part.index)
        var found: [Finding] = []
        defer { findings.append(contentsOf: found) }
        return SVGCleaner.clean(Array(content), judge: judge, findings: &found)
    }
}

/// Reports what an SVG part loads, through the same rules as HTML. Every remote load in an
/// SVG goes (an image that fetches more is never needed, and shows the open); the rules
/// say who it reports to and how sure that is.
struct SVGJudge {
    let ruleset: Ruleset
    let context: MessageContext
    let part: Int

    func finding(_ place: String, url: String, kind: ResourceKind) -> Finding {
        let reportKind: FindingKind = switch kind {
        case .image, .media: .pixel
        case .stylesheet: .stylesheet
        case .font: .font
        default: .css
        }
        let decision = ruleset.decide(ResourceQuery(url: url, kind: kind), in: context)
        switch decision.action {
        case .keep:
            return Finding(kind: reportKind, action: .removed, certainty: .named,
                           reason: ReportWording.svgExternal(place), rule: "svg:external", subject: url, part: part)
        case .remove:
            return Finding(kind: decision.carriesRecipient ? .identifying : reportKind, action: .removed, vendor: decision.vendor,
                           certainty: FindingCertainty(decision.certainty),
                           reason: ReportWording.svgTracker(decision.reason, place), rule: decision.ruleID, subject: url, part: part)
        case .replace:
            // HTML would strip the parameter; an SVG loses the whole reference.
            return Finding(kind: .identifying, action: .removed, vendor: decision.vendor,
                           certainty: FindingCertainty(decision.certainty),
                           reason: ReportWording.svgIdentifying(place), rule: decision.ruleID,
                           subject: url, part: part)
        }
    }

    /// Attribute and element CSS in SVG: one finding per remote load it removed.
    func findings(_ place: String, _ removed: [CSSLoad]) -> [Finding] {
        removed.map { load in
            let kind: ResourceKind = load.atRule == "import" ? .stylesheet : load.atRule == "font-face" ? .font : .background
            return finding(place, url: load.url, kind: kind)
        }
    }

    func unjudgeable(_ place: String, kind: FindingKind) -> Finding {
        Finding(kind: kind, action: .removed, certainty: .named,
                reason: ReportWording.svgEntityLimit(place, budget: SVGValueReader.budgetDescription),
                rule: "svg:entity-limit", subject: place, part: part)
    }
}

enum SVGCleaner {
    /// Installed once: libxml2 then never reads a DTD or entity from disk or network.
    static let refuseExternalEntities: Void = {
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    static func clean(_ content: [UInt8], judge: SVGJudge, findings: inout [Finding]) -> [UInt8]? {
        // Not well-formed: no renderer shows it, so nothing in it loads; left as it is.
        let cleaned = withDocument(content) { doc -> [UInt8]? in
            // Well-formed: edit the bytes of what goes and nothing else. Entities declared in
            // a document type take the tree, which alone knows what they stand for.
            switch SVGBytes.clean(content, judge: judge, findings: &findings) {
            case .unchanged: return nil
            case .changed(let output): return output
            case .needsTree: return cleanTree(doc, content, judge: judge, findings: &findings)
            }
        }
        return cleaned ?? nil
    }

    /// The tree path: libxml2's tree cleaned and written out whole (used for SVG whose
    /// entities only libxml2 can expand).
    static func cleanTree(_ doc: xmlDocPtr, _ content: [UInt8], judge: SVGJudge, findings: inout [Finding]) -> [UInt8]? {
        var local: [Finding] = []
        var reader = SVGValueReader(doc: doc, budget: SVGValueReader.budget(forPartSize: content.count))
        var node = doc.pointee.children
        while let current = node {
            let next = current.pointee.next
            visit(current, judge: judge, reader: &reader, findings: &local)
            node = next
        }
        guard !local.isEmpty else { return nil }
        findings.append(contentsOf: local)
        // Keep a declaration only where there was one (`<?xml-stylesheet` is not one).
        let declared = content.starts(with: Array("<?xml ".utf8)) || content.starts(with: Array("<?xml\t".utf8))
            || content.starts(with: Array("<?xml\n".utf8)) || content.starts(with: Array("<?xml\r".utf8))
        return serialize(doc, withDeclaration: declared)
    }

    /// Parses `svg` as the stage does; nil when it is not well-formed.
    static func withDocument<T>(_ svg: [UInt8], _ body: (xmlDocPtr) -> T) -> T? {
        _ = refuseExternalEntities
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        guard svg.count < Int(Int32.max),
              let doc = svg.withUnsafeBufferPointer({ buf in
                  buf.baseAddress.flatMap { base in
                      base.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                          xmlReadMemory($0, Int32(buf.count), "part.svg", nil, options)
                      }
                  }
              })
        else { return nil }
        defer { xmlFreeDoc(doc) }
        return body(doc)
    }

    /// Walks the tree iteratively (hostile SVGs nest deeply), cleaning each node.
    static func visit(_ root: xmlNodePtr, judge: SVGJudge, reader: inout SVGValueReader, findings: inout [Finding]) {
        var stack: [xmlNodePtr] = [root]
        while let node = stack.popLast() {
            switch node.pointee.type {
            case XML_PI_NODE:
                if name(of: node) == "xml-stylesheet", let text = content(of: node), text.contains("href") {
                    findings.append(judge.finding("xml-stylesheet", url: SVGCleaner.stylesheetHref(text), kind: .stylesheet))
                    xmlUnlinkNode(node)
                    xmlFreeNode(node)
                    continue
                }
            case XML_ELEMENT_NODE:
                cleanAttributes(node, judge: judge, reader: &reader, findings: &findings)
                if name(of: node) == "style" {
                    switch reader.text(of: node.pointee.children) {
                    case .text(let css):
                        if let (cleaned, removed) = CSSText.removingRemoteLoads(css, in: .stylesheet) {
                            findings += judge.findings("style", removed)
                            xmlNodeSetContent(node, cleaned)
                        }
                    case .overBudget:
                        // What the style holds cannot be read without expanding entities
                        // past the limit, so it cannot be judged: it goes, reported.
                        findings.append(judge.unjudgeable("style", kind: .css))
                        xmlNodeSetContent(node, "")
                    }
                }
                var child = node.pointee.children
                while let c = child {
                    stack.append(c)
                    child = c.pointee.next
                }
            default:
                break
            }
        }
    }

    static func cleanAttributes(_ node: xmlNodePtr, judge: SVGJudge, reader: inout SVGValueReader, findings: inout [Finding]) {
        var attr = node.pointee.properties
        while let a = attr {
            let next = a.pointee.next
            let attrName = a.pointee.name.map { String(cString: $0) } ?? ""
            guard case .text(let value) = reader.text(of: a.pointee.children) else {
                // An attribute whose entities expand past the limit could hide any URL.
                findings.append(judge.unjudgeable("\(name(of: node))@\(attrName)", kind: .pixel))
                xmlRemoveProp(a)
                attr = next
                continue
            }
            if attrName == "href" || attrName == "src", isRemote(value) {
                findings.append(judge.finding("\(name(of: node))@\(attrName)", url: value.trimmingCharacters(), kind: .image))
                xmlRemoveProp(a)
            } else if attrName == "style", let (cleaned, removed) = CSSText.removingRemoteLoads(value, in: .declarations) {
                findings += judge.findings("\(name(of: node))@style", removed)
                xmlSetProp(node, "style", cleaned)
            } else if !attrName.isEmpty, value.contains("("),
                      let (cleaned, removed) = CSSText.removingRemoteLoads(value, in: .value(property: attrName)) {
                // Presentation attributes such as fill="url(https://...#g)" load too.
                findings += judge.findings("\(name(of: node))@\(attrName)", removed)
                xmlSetProp(node, attrName, cleaned)
            }
            attr = next
        }
    }

    /// The `href` pseudo-attribute of an `xml-stylesheet` instruction (its data when none
    /// can be read).
    static func stylesheetHref(_ data: String) -> String {
        guard let at = data.firstRange(of: "href") else { return data }
        var rest = data[at.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" || $0 == "\n" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return data }
        rest = rest.dropFirst()
        return String(rest.prefix { $0 != quote })
    }

    static func serialize(_ doc: xmlDocPtr, withDeclaration: Bool) -> [UInt8]? {
        guard let buffer = xmlBufferCreate() else { return nil }
        defer { xmlBufferFree(buffer) }
        let options = Int32(withDeclaration ? 0 : Int(XML_SAVE_NO_DECL.rawValue))
        guard let ctx = xmlSaveToBuffer(buffer, "UTF-8", options) else { return nil }
        _ = xmlSaveDoc(ctx, doc)
        _ = xmlSaveClose(ctx)
        guard let bytes = buffer.pointee.content else { return nil }
        return Array(UnsafeBufferPointer(start: bytes, count: Int(buffer.pointee.use)))
    }

    static func name(of node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    static func content(of node: xmlNodePtr) -> String? {
        guard let raw = xmlNodeGetContent(node) else { return nil }
        defer { tl_xml_free(raw) }
        return String(cString: raw)
    }

    /// Remote as every stage means it (`URLScheme.reachesNetwork`).
    static func isRemote(_ value: String) -> Bool {
        URLScheme.isRemote(value)
    }
}

/// Reads attribute values and element text from libxml2's tree without letting libxml2
/// expand entity references: `xmlNodeListGetString` and `xmlNodeGetContent` expand them
/// with repeated string concatenation, quadratic in the reference count, and without any
/// bound (a 206 KB part with one 25 KB entity referenced in a style took 3 GB).
///
/// References are expanded here instead, against one budget for the whole part: every
/// byte produced and every reference followed costs one unit. A value that would go past
/// the budget is not read at all; the caller removes it unjudged. Linear in the part's
/// size plus the budget, whatever the entities hold.
struct SVGValueReader {
    let doc: xmlDocPtr
    var budget: Int

    /// Four times the part's size, and at least 1 MiB: far more than any real SVG needs
    /// (entities in drawing tools' output are namespace names), far less than a bomb.
    static func budget(forPartSize size: Int) -> Int { max(1 << 20, 4 * size) }
    static let budgetDescription = "the limit (4x the part's size, at least 1 MiB)"
    /// Entity references nest at most this deep.
    static let maxDepth = 16

    enum Value {
        case text(String)
        case overBudget
    }

    mutating func text(of list: xmlNodePtr?) -> Value {
        var bytes: [UInt8] = []
        guard append(list, to: &bytes, depth: 0) else { return .overBudget }
        return .text(String(decoding: bytes, as: UTF8.self))
    }

    private mutating func append(_ list: xmlNodePtr?, to bytes: inout [UInt8], depth: Int) -> Bool {
        guard depth <= Self.maxDepth else { return false }
        var node = list
        while let current = node {
            budget -= 1
            if budget < 0 { return false }
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content, !take(content, into: &bytes) { return false }
            case XML_ENTITY_REF_NODE:
                guard let name = current.pointee.name, let entity = xmlGetDocEntity(doc, name) else { break }
                if let children = entity.pointee.children {
                    // The entity's own parsed content: text and further references.
                    guard append(children, to: &bytes, depth: depth + 1) else { return false }
                } else if let content = entity.pointee.content, !take(content, into: &bytes) {
                    return false
                }
            default:
                break
            }
            node = current.pointee.next
        }
        return true
    }

    /// Appends a C string if the budget allows it.
    private mutating func take(_ string: UnsafePointer<xmlChar>, into bytes: inout [UInt8]) -> Bool {
        let count = strlen(UnsafeRawPointer(string).assumingMemoryBound(to: CChar.self))
        budget -= count
        if budget < 0 { return false }
        bytes.append(contentsOf: UnsafeBufferPointer(start: string, count: count))
        return true
    }
}

/// CSS in SVG, through the same CSS scanner the HTML stage uses: only the declarations and
/// rules that load remote URLs go.
enum CSSText {
    enum Context { case stylesheet, declarations, value(property: String) }

    /// nil when nothing remote is referenced; else the CSS without the remote loads, and
    /// those loads.
    static func removingRemoteLoads(_ css: String, in context: Context) -> (String, [CSSLoad])? {
        let bytes = Array(css.utf8)
        let scan: CSSScan = bytes.withUnsafeBufferPointer { buf in
            switch context {
            case .stylesheet: return CSSLoadScanner.scanStylesheet(buf, range: 0..<buf.count)
            case .declarations: return CSSLoadScanner.scanDeclarations(buf, range: 0..<buf.count)
            case .value(let property): return CSSLoadScanner.scanValue(buf, range: 0..<buf.count, property: property)
            }
        }
        let remote = Set(scan.loads.indices.filter { URLScheme.isRemote(scan.loads[$0].url) })
        guard !remote.isEmpty else { return nil }
        let edits = scan.deletions { remote.contains($0) }.map { SpliceEdit(range: $0, replacement: []) }
        let removed = scan.loads.indices.filter { remote.contains($0) }.map { scan.loads[$0] }
        return (String(decoding: MessageEditor.apply(edits, to: bytes), as: UTF8.self), removed)
    }
}
