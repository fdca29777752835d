// Measures the costs TrackerRules adds to one filter process: parsing the built-in rule
// data (once per process), building a message context (hashing recipient addresses) and
// deciding loads.
//
//   swift build -c release --product rules-bench && .build/release/rules-bench
//   .build/release/rules-bench parse N      parse N times, nothing else (for profilers)
//   .build/release/rules-bench context N    build N message contexts
//   .build/release/rules-bench decide N     decide the sample batch N times
//   .build/release/rules-bench links N      clean the sample links N times
//   .build/release/rules-bench strip N      clean only the links that get parameters stripped
//   .build/release/rules-bench none N       set up and exit (subtract from the modes above)
//
// Instructions per operation: `perf stat -e instructions -x, rules-bench decide N` minus
// the same for `none`, divided by N times the batch size (the modes print that size).
#if canImport(Glibc)
import Glibc
#endif
import TrackerRules

/// This thread's CPU time in microseconds: the machine is shared, so wall time says little.
func cpuMicros() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1e6 + Double(t.tv_nsec) / 1e3
}

/// Runs `body` in batches and reports the fastest batch's CPU time per call (divided by
/// `per` operations in one call).
func measure(_ label: String, iterations: Int, per: Int = 1, _ body: () -> Void) {
    body()  // warm up
    let batches = 10
    let perBatch = max(1, iterations / batches)
    var best = Double.infinity
    for _ in 0..<batches {
        let start = cpuMicros()
        for _ in 0..<perBatch { body() }
        best = min(best, (cpuMicros() - start) / Double(perBatch * per))
    }
    print("\(label): \((best * 100).rounded() / 100) us CPU per operation (best of \(batches) batches of \(perBatch))")
}

let recipients = ["Jane Doe <jane.doe@example.com>", "team@example.org", "j.doe+news@example.net"]
let loads: [ResourceQuery] = [
    ResourceQuery(url: "https://shop.us21.list-manage.com/track/open.php?u=9f8e7d&id=6c5b4a&e=3f2e1d", kind: .image, width: 1, height: 1),
    ResourceQuery(url: "https://links.shop.example/wf/open?upn=u001.Zk1xT2VjZ3FiRU5wRz", kind: .image),
    ResourceQuery(url: "https://mcusercontent.com/1a2b3c4d5e6f7a8b9c0d1e2f3/images/8e7f6a5b-1234.png", kind: .image, width: 600, height: 300),
    ResourceQuery(url: "https://cdn.shopify.com/s/files/1/0123/4567/8901/files/hero.jpg?v=1699999999", kind: .image, width: 600),
    ResourceQuery(url: "https://img.shop.example/assets/spacer.gif", kind: .image, width: 1, height: 1, occurrences: 7),
    ResourceQuery(url: "https://img.unknown.example/banners/hero.jpg?w=600&rid=8f14e45fceea167a5a36dedd4bea2543", kind: .image),
    ResourceQuery(url: "https://fonts.gstatic.com/s/inter/v12/abc.woff2", kind: .font),
    ResourceQuery(url: "https://www.shop.example/p/hero.jpg?e=jane.doe%40example.com", kind: .image),
    // What a newsletter mostly holds: content images on CDN hosts.
    ResourceQuery(url: "https://images.ctfassets.net/abc123/4f5e6d/0a1b2c3d/product-shot.jpg?w=560&q=80", kind: .image, width: 560, height: 320),
    ResourceQuery(url: "https://cdn.newsletter.example/2026/11/issue-48/lead-story.png", kind: .image, width: 600, height: 240),
    ResourceQuery(url: "https://media.example.com/uploads/thumbs/article_1234_thumb.jpeg", kind: .image, width: 120, height: 80),
    ResourceQuery(url: "https://static.example.org/icons/social/twitter.png", kind: .image, width: 24, height: 24, occurrences: 2),
    ResourceQuery(url: "https://i.imgur.example/Ab3dE9f.gif", kind: .image, width: 300, height: 200),
    ResourceQuery(url: "https://cdn.shop.example/fonts/brand.woff2", kind: .font),
    ResourceQuery(url: "https://www.shop.example/css/mail.css", kind: .stylesheet),
    ResourceQuery(url: "https://click.shop.example/open.aspx?ffcb10-fe5b15777d6d0c-fe2a15777063&d=100", kind: .image, width: 1, height: 1),
]

/// Links as a link-dense newsletter has them: most carry campaign parameters.
let links: [String] = [
    "https://www.shop.example/collections/winter?utm_source=newsletter&utm_medium=email&utm_campaign=nov-48&utm_content=hero",
    "https://blog.example.com/2026/11/how-we-build?utm_source=nl&utm_medium=email&mc_cid=4f3e2d1c0b&mc_eid=9a8b7c6d5e",
    "https://www.example.org/article/12345?ref=home&_hsenc=p2ANqtz-8aBcDeFgHiJkLmNoPqRsTuVwXyZ&_hsmi=123456789",
    "https://shop.example/p/blue-shirt?variant=42&utm_source=klaviyo&_kx=AbCdEfGhIjKlMnOpQrStUvWxYz.Xyz123",
    "https://www.example.com/events/fall?mkt_tok=NDk5LVZTTC0xMjMAAAGPabcdef",
    "https://www.example.com/?utm_source=newsletter",
    "https://docs.example.com/guide/getting-started#install",
    "https://www.example.com/about",
    "https://shop.us21.list-manage.com/track/click?u=9f8e7d6c5b4a&id=1a2b3c4d5e&e=3f2e1d0c9b",
    "https://u1234567.ct.sendgrid.net/ls/click?upn=u001.Zk1xT2VjZ3FiRU5wRzZk-2BwYXJhbWV0ZXJz",
    "https://www.google.com/url?q=https://www.example.com/page?utm_source%3Dgoogle&sa=D&source=editors&ust=1699999999",
    "https://a1b2c3.r.us-east-1.awstrack.me/L0/https:%2F%2Fwww.example.com%2Foffer%3Futm_source%3Dses/1/0100018b-aaaa/XyZ=345",
    "https://www.example.com/account/unsubscribe?id=123&utm_source=newsletter&token=abc",
]

/// The sample links whose cleaning strips parameters and unwraps nothing.
let stripped: [String] = links.filter {
    let r = LinkCleaner().clean($0, linkText: "Read more")
    return r.steps.count == 1 && r.steps[0].kind == .stripParameters
}

let arguments = Array(CommandLine.arguments.dropFirst())
if let mode = arguments.first {
    let n = arguments.count > 1 ? Int(arguments[1]) ?? 100 : 100
    switch mode {
    case "parse":
        for _ in 0..<n { _ = Ruleset.parsingBuiltInAgain() }
    case "load":
        for _ in 0..<n { _ = Ruleset.loadingBuiltInAgain() }
    case "context":
        for _ in 0..<n { _ = MessageContext(recipients: recipients, senderAddress: "news@shop.example") }
    case "decide":
        let ruleset = Ruleset.builtIn
        let context = MessageContext(recipients: recipients, senderAddress: "news@shop.example")
        for _ in 0..<n { for q in loads { _ = ruleset.decide(q, in: context) } }
        print("\(loads.count) decisions per round")
    case "links", "strip":
        let cleaner = LinkCleaner()
        let batch = mode == "links" ? links : stripped
        for _ in 0..<n { for l in batch { _ = cleaner.clean(l, linkText: "Read more") } }
        print("\(batch.count) links per round")
    case "none":
        let ruleset = Ruleset.builtIn
        let context = MessageContext(recipients: recipients, senderAddress: "news@shop.example")
        _ = (ruleset, context, stripped)
        print("setup only")
    default:
        print("usage: rules-bench [parse|load|context|decide|links|strip|none N]")
        exit(2)
    }
    exit(0)
}

let clock = ContinuousClock()
let firstParse = clock.measure { _ = Ruleset.builtIn.builtInProblems }
print("first use of Ruleset.builtIn (load from the stored index): \(firstParse)")
let s = Ruleset.builtIn.summary
print(
    "built-in: \(s.vendors) vendors, \(s.trackerHostRules) host rules over \(s.trackerHosts) hosts, "
        + "\(s.signatures) signatures, \(s.platformHosts) platform hosts, \(s.hostWords) host words, \(s.fontCDNs) font CDN hosts")

measure("parse built-in data from the text", iterations: 200) { _ = Ruleset.parsingBuiltInAgain() }
measure("load built-in data from the stored index", iterations: 200) { _ = Ruleset.loadingBuiltInAgain() }
measure("MessageContext with 3 recipients", iterations: 2000) {
    _ = MessageContext(recipients: recipients, senderAddress: "news@shop.example")
}
let context = MessageContext(recipients: recipients, senderAddress: "news@shop.example")
let ruleset = Ruleset.builtIn
measure("decide, mixed batch of \(loads.count) loads", iterations: 2000, per: loads.count) {
    for q in loads { _ = ruleset.decide(q, in: context) }
}
let cleaner = LinkCleaner()
measure("clean, mixed batch of \(links.count) links", iterations: 2000, per: links.count) {
    for l in links { _ = cleaner.clean(l, linkText: "Read more") }
}
measure("clean, \(stripped.count) links that get parameters stripped", iterations: 2000, per: stripped.count) {
    for l in stripped { _ = cleaner.clean(l, linkText: "Read more") }
}
