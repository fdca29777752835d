// LinkCleaner on one link. Input: the URL, optionally followed by a line feed and the
// link's visible text. With and without --unwrap-security-links:
// - unchanged: the URL is the input itself; changed: the steps chain from the input
//   (trimmed) to the result;
// - every unwrap yields an absolute http, https or mailto URL of safe bytes;
// - cleaning is idempotent: the result cleaned again does not change (for links without
//   controls or spaces).
import FuzzSupport
import TrackerRules

let cleaners = [("links", LinkCleaner()), ("links (security)", LinkCleaner(unwrapSecurityLinks: true))]

func trimmed(_ s: String) -> String {
    var bytes = Array(s.utf8)
    let space: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0C || $0 == 0x0D }
    while let f = bytes.first, space(f) { bytes.removeFirst() }
    while let l = bytes.last, space(l) { bytes.removeLast() }
    return String(decoding: bytes, as: UTF8.self)
}

runFuzzer { input in
    let url: String
    var text: String?
    if let lf = input.firstIndex(of: 0x0A) {
        url = String(decoding: input[..<lf], as: UTF8.self)
        text = String(decoding: input[(lf + 1)...], as: UTF8.self)
    } else {
        url = String(decoding: input, as: UTF8.self)
    }
    for (mode, cleaner) in cleaners {
        let result = cleaner.clean(url, linkText: text)
        guard result.changed else {
            check(result.url == url, "\(mode): unchanged but url \(result.url.debugDescription) != input \(url.debugDescription)")
            continue
        }
        check(result.steps.first?.before == trimmed(url),
              "\(mode): first step starts from \(result.steps.first?.before.debugDescription ?? "nil"), not the input \(url.debugDescription)")
        for (a, b) in zip(result.steps, result.steps.dropFirst()) {
            check(a.after == b.before, "\(mode): steps do not chain: \(a.after.debugDescription) then \(b.before.debugDescription)")
        }
        check(result.steps.last?.after == result.url, "\(mode): the last step's result is not the final URL")
        for step in result.steps where step.kind == .unwrap {
            check(isSafeDestination(step.after),
                  "\(mode): \(url.debugDescription) unwrapped (rule \(step.rule)) to unsafe \(step.after.debugDescription)")
        }
        // Idempotence holds for links of printable bytes. With controls or spaces inside, a
        // parameter can end up last after a strip, where the URL parser (and ours) trims
        // them: "?gclid<GS>&gclid" keeps "gclid<GS>" once, and loses it as "?gclid<GS>".
        guard !result.url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else { continue }
        let again = cleaner.clean(result.url, linkText: text)
        check(!again.changed,
              "\(mode): not idempotent: \(url.debugDescription) -> \(result.url.debugDescription) -> \(again.url.debugDescription) (steps \(again.steps.map { "\($0.kind.rawValue) \($0.rule)" }))")
    }
}
