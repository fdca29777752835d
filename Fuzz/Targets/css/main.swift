// CSSLoadScanner on style sheets and declaration lists (a <style> element's content and a
// style attribute), whole and on a sub-range:
// - every load's ranges lie inside the scanned range, the URL inside what removing it
//   deletes (give or take trailing white space and comments of a function left open at
//   the end of the input);
// - deletions(removing:) gives sorted, disjoint ranges inside the scanned range;
// - removing every load leaves CSS in which no load is found any more.
import FuzzSupport
import MailHTML

func scan(_ bytes: [UInt8], range: Range<Int>, declarations: Bool) -> CSSScan {
    bytes.withUnsafeBufferPointer { buf in
        declarations ? CSSLoadScanner.scanDeclarations(buf, range: range)
            : CSSLoadScanner.scanStylesheet(buf, range: range)
    }
}

/// White space and comments only (the last comment may be left open at the end of input).
func isTrailingSpaceAndComments(_ bytes: ArraySlice<UInt8>, atEnd: Bool) -> Bool {
    guard atEnd else { return false }
    var i = bytes.startIndex
    while i < bytes.endIndex {
        let b = bytes[i]
        if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D {
            i += 1
        } else if b == 0x2F, i + 1 < bytes.endIndex, bytes[i + 1] == 0x2A {
            i += 2
            while i < bytes.endIndex, !(bytes[i] == 0x2A && i + 1 < bytes.endIndex && bytes[i + 1] == 0x2F) { i += 1 }
            i = min(i + 2, bytes.endIndex)
        } else {
            return false
        }
    }
    return true
}

func checkScan(_ bytes: [UInt8], range: Range<Int>, declarations: Bool) {
    let mode = declarations ? "scanDeclarations" : "scanStylesheet"
    let result = scan(bytes, range: range, declarations: declarations)
    for (i, load) in result.loads.enumerated() {
        check(range.lowerBound <= load.urlRange.lowerBound && load.urlRange.upperBound <= range.upperBound,
              "\(mode): load \(i) urlRange \(load.urlRange) outside the scanned range \(range)")
        check(range.lowerBound <= load.removalRange.lowerBound && load.removalRange.upperBound <= range.upperBound,
              "\(mode): load \(i) removalRange \(load.removalRange) outside the scanned range \(range)")
        // The URL lies inside what removing it deletes. One allowance: in a function left
        // open at the end of the input, the url range runs on over trailing white space
        // and comments that the declaration (trimmed, as CSS trims values) does not include.
        check(load.removalRange.lowerBound <= load.urlRange.lowerBound && load.urlRange.lowerBound < load.removalRange.upperBound
              && (load.urlRange.upperBound <= load.removalRange.upperBound
                  || isTrailingSpaceAndComments(bytes[load.removalRange.upperBound..<load.urlRange.upperBound], atEnd: load.urlRange.upperBound == range.upperBound)),
              "\(mode): load \(i) urlRange \(load.urlRange) not inside its removalRange \(load.removalRange)")
        _ = load.replacementBytes(url: "https://example.com/x")
    }
    guard !result.loads.isEmpty else { return }
    let deletions = result.deletions { _ in true }
    var cursor = range.lowerBound
    for d in deletions {
        check(d.lowerBound >= cursor && d.upperBound <= range.upperBound,
              "\(mode): deletions not sorted, disjoint and inside \(range): \(deletions)")
        cursor = d.upperBound
    }
    // Every other load removed: the ranges must stay well-formed too.
    let some = result.deletions { $0 % 2 == 0 }
    cursor = range.lowerBound
    for d in some {
        check(d.lowerBound >= cursor && d.upperBound <= range.upperBound,
              "\(mode): partial deletions not sorted, disjoint and inside \(range): \(some)")
        cursor = d.upperBound
    }
    // Removing every load must leave none behind.
    var rest: [UInt8] = []
    var at = range.lowerBound
    for d in deletions {
        rest.append(contentsOf: bytes[at..<d.lowerBound])
        at = d.upperBound
    }
    rest.append(contentsOf: bytes[at..<range.upperBound])
    let again = scan(rest, range: 0..<rest.count, declarations: declarations)
    check(again.loads.isEmpty,
          "\(mode): after removing all \(result.loads.count) load(s), \(again.loads.count) remain: \(again.loads.map { $0.url.debugDescription }); left: \(show(rest))")
}

runFuzzer { input in
    for declarations in [false, true] {
        checkScan(input, range: 0..<input.count, declarations: declarations)
        if input.count >= 2 {
            checkScan(input, range: 1..<(input.count - 1), declarations: declarations)
        }
    }
}
