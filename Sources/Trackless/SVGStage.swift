import CLibXML2
import MailHTML
import MailMIME

/// Cleans image/svg+xml parts: every external reference (href, xlink:href, url() in style,
/// @import, xml-stylesheet) is a remote load when the image is shown, so it goes.
///
/// SVG is XML, so it is parsed with libxml2's XML parser, with the network off and every
/// external entity refused (no XXE: the loader below never opens anything).
/// A changed SVG is re-serialized by libxml2; unchanged ones are not touched.
struct SVGStage: ContentStage {
    func handles(_ part: MIMEPart) -> Bool {
        part.contentType.mimeType == "image/svg+xml"
    }

    func process(_ content: [UInt8], part: MIMEPart, context: MessageFacts, findings: inout [Finding]) -> [UInt8]? {
        SVGCleaner.clean(content, part: part.index, findings: &findings)
    }
}

enum SVGCleaner {
    /// Installed once: libxml2 then never reads a DTD or entity from disk or network.
    static let refuseExternalEntities: Void = {
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    static func clean(_ content: [UInt8], part: Int, findings: inout [Finding]) -> [UInt8]? {
        _ = refuseExternalEntities
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        guard content.count < Int(Int32.max),
              let doc = content.withUnsafeBufferPointer({ buf in
                  buf.baseAddress.flatMap { base in
                      base.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                          xmlReadMemory($0, Int32(buf.count), "part.svg", nil, options)
                      }
                  }
              })
        else { return nil }
        defer { xmlFreeDoc(doc) }
        var local: [Finding] = []
        var node = doc.pointee.children
        while let current = node {
            let next = current.pointee.next
            visit(current, part: part, findings: &local)
            node = next
        }
        guard !local.isEmpty else { return nil }
        findings.append(contentsOf: local)
        return serialize(doc, withDeclaration: content.starts(with: Array("<?xml".utf8)))
    }

    /// Walks the tree iteratively (hostile SVGs nest deeply), cleaning each node.
    static func visit(_ root: xmlNodePtr, part: Int, findings: inout [Finding]) {
        var stack: [xmlNodePtr] = [root]
        while let node = stack.popLast() {
            switch node.pointee.type {
            case XML_PI_NODE:
                if name(of: node) == "xml-stylesheet", let text = content(of: node), text.contains("href") {
                    findings.append(finding("xml-stylesheet", text, part: part, kind: .stylesheet))
                    xmlUnlinkNode(node)
                    xmlFreeNode(node)
                    continue
                }
            case XML_ELEMENT_NODE:
                cleanAttributes(node, part: part, findings: &findings)
                if name(of: node) == "style", let css = content(of: node),
                   let cleaned = CSSText.removingRemoteLoads(css, in: .stylesheet) {
                    findings.append(finding("style", css, part: part, kind: .css))
                    xmlNodeSetContent(node, cleaned)
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

    static func cleanAttributes(_ node: xmlNodePtr, part: Int, findings: inout [Finding]) {
        var attr = node.pointee.properties
        while let a = attr {
            let next = a.pointee.next
            let attrName = a.pointee.name.map { String(cString: $0) } ?? ""
            let value = attributeValue(a)
            if attrName == "href" || attrName == "src", isRemote(value) {
                findings.append(finding("\(name(of: node))@\(attrName)", value, part: part, kind: .pixel))
                xmlRemoveProp(a)
            } else if attrName == "style", let cleaned = CSSText.removingRemoteLoads(value, in: .declarations) {
                findings.append(finding("\(name(of: node))@style", value, part: part, kind: .css))
                xmlSetProp(node, "style", cleaned)
            } else if !attrName.isEmpty, value.contains("("),
                      let cleaned = CSSText.removingRemoteLoads(value, in: .value(property: attrName)) {
                // Presentation attributes such as fill="url(https://...#g)" load too.
                findings.append(finding("\(name(of: node))@\(attrName)", value, part: part, kind: .css))
                xmlSetProp(node, attrName, cleaned)
            }
            attr = next
        }
    }

    static func finding(_ place: String, _ url: String, part: Int, kind: FindingKind) -> Finding {
        Finding(kind: kind, action: .removed, certainty: "named", reason: "external reference in SVG (\(place))",
                rule: "svg:external", subject: url, part: part)
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

    static func attributeValue(_ attr: xmlAttrPtr) -> String {
        guard let raw = xmlNodeListGetString(attr.pointee.doc, attr.pointee.children, 1) else { return "" }
        defer { tl_xml_free(raw) }
        return String(cString: raw)
    }

    /// Remote: an absolute URL with a network scheme, or a scheme-relative one.
    static func isRemote(_ value: String) -> Bool {
        CSSText.isRemoteURL(value)
    }
}

/// CSS in SVG, through the same CSS scanner the HTML stage uses: only the declarations and
/// rules that load remote URLs go.
enum CSSText {
    /// Remote: an absolute URL with a network scheme, or a scheme-relative one.
    static func isRemoteURL(_ raw: String) -> Bool {
        let v = raw.trimmingCharacters().lowercased()
        return v.hasPrefix("http:") || v.hasPrefix("https:") || v.hasPrefix("//") || v.hasPrefix("ftp:")
    }

    enum Context { case stylesheet, declarations, value(property: String) }

    /// nil when nothing remote is referenced; else the CSS without the remote loads.
    static func removingRemoteLoads(_ css: String, in context: Context) -> String? {
        let bytes = Array(css.utf8)
        let scan: CSSScan = bytes.withUnsafeBufferPointer { buf in
            switch context {
            case .stylesheet: return CSSLoadScanner.scanStylesheet(buf, range: 0..<buf.count)
            case .declarations: return CSSLoadScanner.scanDeclarations(buf, range: 0..<buf.count)
            case .value(let property): return CSSLoadScanner.scanValue(buf, range: 0..<buf.count, property: property)
            }
        }
        let remote = Set(scan.loads.indices.filter { isRemoteURL(scan.loads[$0].url) })
        guard !remote.isEmpty else { return nil }
        let edits = scan.deletions { remote.contains($0) }.map { SpliceEdit(range: $0, replacement: []) }
        return String(decoding: MessageEditor.apply(edits, to: bytes), as: UTF8.self)
    }
}
