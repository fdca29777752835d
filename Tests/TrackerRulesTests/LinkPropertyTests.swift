import FixtureSupport
import Testing
@testable import TrackerRules

/// Generated links: clean destinations, wrapped in random carriers, sometimes damaged.
struct LinkGenerator {
    var rng: SplitMix64

    static let hosts = ["example.com", "www.example.org", "shop.example.net", "a-b.example.co.uk", "www.linkedin.com",
                        "www.instagram.com", "youtu.be", "urldefense.com", "www.amazon.de", "192.0.2.7", "[2001:db8::1]"]
    static let keptNames = ["id", "q", "page", "ref", "lang", "s", "token", "email", "v", "x_y", "A"]
    static let trackingNames = ["utm_source", "utm_medium", "fbclid", "gclid", "mc_eid", "_hsenc", "mkt_tok",
                                "elqTrackId", "__s", "igshid", "si", "trk", "ck_subscriber_id", "oly_anon_id"]
    static let valueBytes = Array("abcXYZ019-._~%2F%20%E2%9C%93+:@!$'()*,;".utf8)
    static let pathWords = ["a", "news", "2024", "unsubscribe", "p", "caf%C3%A9", "x.html", "", "opt-out", "email"]

    mutating func value() -> String {
        let n = Int(rng.next() % 8)
        return String(decoding: (0..<n).map { _ in rng.pick(Self.valueBytes) }, as: UTF8.self)
    }

    /// A destination URL; `tracking` adds tracking parameters.
    mutating func destination(tracking: Bool) -> String {
        var u = rng.pick(["https://", "http://", "HTTPS://"]) + rng.pick(Self.hosts)
        if rng.chance(20) { u += ":8443" }
        for _ in 0..<Int(rng.next() % 4) { u += "/" + rng.pick(Self.pathWords) }
        if rng.chance(30) { u += "/" }
        if rng.chance(70) {
            var members: [String] = []
            for _ in 0..<Int(rng.next() % 5) {
                let name = tracking && rng.chance(40) ? rng.pick(Self.trackingNames) : rng.pick(Self.keptNames)
                members.append(rng.chance(10) ? name : name + "=" + value())
            }
            if rng.chance(10) { members.append("") }
            u += "?" + members.joined(separator: "&")
        }
        if rng.chance(20) { u += "#" + rng.pick(["top", "utm_source=x", "a/b?c", ""]) }
        return u
    }

    mutating func wrap(_ u: String) -> String {
        switch rng.next() % 11 {
        case 0: return "https://www.google.com/url?q=\(Sample.component(u))&sa=D"
        case 1: return "https://l.facebook.com/l.php?u=\(Sample.component(u))&h=AT\(rng.next() % 99)"
        case 2: return "https://x.r.us-east-1.awstrack.me/L0/\(Sample.component(u))/1/0100abc/Sig=\(rng.next() % 999)"
        case 3:
            let json = #"{"email_id":"x","href":""# + u + #"","link_id":3}"#
            return "https://e.customeriomail.com/e/c/\(Sample.base64(json, urlSafe: true, padded: false))/sig"
        case 4: return "https://x1.mjt.lu/lnk/AbC/1/\(Sample.base64(u, urlSafe: true))"
        case 5: return "https://nam1.safelinks.protection.outlook.com/?url=\(Sample.component(u))&data=05%7C01&reserved=0"
        case 6: return "https://urldefense.proofpoint.com/v2/url?u=\(Sample.proofpointV2(u))&d=DwMF&c=abc&e="
        case 7:
            let host = LinkURL(Array(u.utf8)).hostLower
            return "https://eu-west-1.protection.sophos.com/?d=\(host)&u=\(Sample.component(Sample.base64(u)))&i=x"
        case 8: return "https://click.icptrack.com/icp/relay.php?r=1&destination=\(Sample.component(u))"
        case 9: return "https://brand.example/Prod/link-tracker?redirectUrl=\(Sample.component(Sample.base64(u)))&sig=s"
        default: return "https://acme.us1.list-manage.com/track/click?u=1a&id=2b&e=3c"
        }
    }

    mutating func damage(_ u: String) -> String {
        var b = Array(u.utf8)
        switch rng.next() % 6 {
        case 0: if !b.isEmpty { b.removeSubrange(Int(rng.next() % UInt64(b.count))...) }
        case 1: b.insert(UInt8(truncatingIfNeeded: rng.next()) & 0x7F, at: Int(rng.next() % UInt64(b.count + 1)))
        case 2: return rng.pick(["javascript:alert(1)", "data:text/html,x", "/rel?utm_source=x", "mailto:a@example.com", "https://", " "])
        case 3: if !b.isEmpty { b[Int(rng.next() % UInt64(b.count))] = rng.pick(Array("%&=?#/ \t*_-".utf8)) }
        case 4: b.insert(contentsOf: Array("%0A".utf8), at: Int(rng.next() % UInt64(b.count + 1)))
        default: b.append(contentsOf: Array("&utm_source=tail".utf8))
        }
        return String(decoding: b, as: UTF8.self)
    }

    /// A link for the property tests: a destination wrapped up to four times, maybe damaged.
    mutating func link() -> String {
        var u = destination(tracking: true)
        if rng.chance(15) { u = rng.pick(["javascript:alert(1)", "data:,x", "ftp://example.com/", "mailto:x@example.com"]) }
        for _ in 0..<Int(rng.next() % 5) { u = wrap(u) }
        if rng.chance(25) { u = damage(u) }
        return u
    }
}

@Suite struct LinkPropertyTests {
    static let seed: UInt64 = {
        if let s = Environment.value("LINK_PROPERTY_SEED"), let v = UInt64(s) { return v }
        return 0x7EAC_1E55
    }()
    static let iterations = 3000

    func isAcceptableOutput(_ s: String) -> Bool {
        let u = LinkURL(Array(s.utf8))
        let scheme = u.schemeLower
        guard scheme == "http" || scheme == "https" || scheme == "mailto" else { return false }
        if case .success = LinkDestination.validate(Array(s.utf8)) { return true }
        // A stripped original may keep bytes a decoded destination may not (raw non-ASCII).
        return scheme != "mailto" && u.authority != nil && !(u.host?.isEmpty ?? true)
    }

    @Test func cleanedLinksAreAbsoluteWebURLsAndCleaningIsIdempotent() {
        print("LinkPropertyTests seed: \(Self.seed) (set LINK_PROPERTY_SEED to replay)")
        var gen = LinkGenerator(rng: SplitMix64(seed: Self.seed))
        for cleaner in [LinkCleaner(), LinkCleaner(unwrapSecurityLinks: true)] {
            for _ in 0..<Self.iterations {
                let input = gen.link()
                let once = cleaner.clean(input)
                if once.changed {
                    #expect(isAcceptableOutput(once.url), "input: \(input) -> \(once.url)")
                    #expect(once.steps.last?.after == once.url)
                } else {
                    #expect(once.url == input, "unchanged must be byte-identical: \(input)")
                }
                let twice = cleaner.clean(once.url)
                #expect(twice.url == once.url, "not idempotent: \(input) -> \(once.url) -> \(twice.url)")
                // The splitter accepts every output (it is total; the parts must tile the string).
                let parts = LinkURL(Array(once.url.utf8))
                #expect(parts.path.upperBound <= once.url.utf8.count)
            }
        }
    }

    @Test func cleaningWithoutNamingParametersChangesNothingElse() {
        var gen = LinkGenerator(rng: SplitMix64(seed: Self.seed ^ 0x5EED))
        let cleaner = LinkCleaner()
        var stripped = 0
        for _ in 0..<Self.iterations {
            let input = gen.link()
            let named = cleaner.clean(input)
            var unnamed = cleaner.clean(input, namingParameters: false)
            #expect(unnamed.steps.allSatisfy { $0.removedParameters.isEmpty }, "input: \(input)")
            if named.steps.contains(where: { $0.kind == .stripParameters }) { stripped += 1 }
            // Given the names back, the outcome is the same in every other field.
            for k in unnamed.steps.indices { unnamed.steps[k].removedParameters = named.steps[k].removedParameters }
            #expect(unnamed == named, "input: \(input)")
        }
        // About one link in twelve has parameters stripped.
        #expect(stripped > Self.iterations / 20)
    }

    /// The byte entry point the HTML rewriter calls: nil exactly when the string entry point
    /// has nothing to say, the same outcome otherwise, and steps without their before and
    /// after when only counted.
    @Test func cleaningBytesAgreesWithCleaningTheString() {
        var gen = LinkGenerator(rng: SplitMix64(seed: Self.seed ^ 0xB17E5))
        let cleaner = LinkCleaner()
        var silent = 0
        for _ in 0..<Self.iterations {
            let input = (gen.rng.chance(10) ? " " : "") + gen.link()
            let text = gen.rng.pick(["", "Unsubscribe", "Read more", "Désinscription", "MANAGE PREFERENCES"])
            let expected = cleaner.clean(input, linkText: text)
            let (described, counted) = Array(input.utf8).withUnsafeBufferPointer { url in
                Array(text.utf8).withUnsafeBufferPointer { words in
                    (cleaner.clean(bytes: url, linkText: words),
                     cleaner.clean(bytes: url, linkText: words, namingParameters: false, describingSteps: false))
                }
            }
            let saysNothing = !expected.changed && expected.opaqueTracker == nil && expected.securityWrapper == nil
                && expected.refusal == nil
            if saysNothing { silent += 1 }
            #expect((described == nil) == saysNothing, "input: \(input)")
            #expect((described ?? LinkCleaning(url: input)) == expected, "input: \(input)")
            #expect((counted == nil) == saysNothing, "input: \(input)")
            guard var counted else { continue }
            #expect(counted.url == expected.url, "input: \(input)")
            #expect(counted.steps.allSatisfy { $0.before.isEmpty && $0.after.isEmpty && $0.removedParameters.isEmpty },
                    "input: \(input)")
            // Given the descriptions back, the outcome is the same in every other field.
            guard counted.steps.count == expected.steps.count else {
                Issue.record("input: \(input): \(counted.steps.count) steps against \(expected.steps.count)")
                continue
            }
            for k in counted.steps.indices {
                counted.steps[k].before = expected.steps[k].before
                counted.steps[k].after = expected.steps[k].after
                counted.steps[k].removedParameters = expected.steps[k].removedParameters
            }
            #expect(counted == expected, "input: \(input)")
        }
        // Most generated links have something to say, but not all.
        #expect(silent > 0 && silent < Self.iterations)
    }

    @Test func unwrappingRecoversTheDestination() {
        var gen = LinkGenerator(rng: SplitMix64(seed: Self.seed ^ 0xD1CE))
        let cleaner = LinkCleaner(unwrapSecurityLinks: true)
        for _ in 0..<Self.iterations {
            let dest = gen.destination(tracking: false)
            let expected = cleaner.clean(dest).url
            var wrapped = dest
            let layers = 1 + Int(gen.rng.next() % 3)
            for _ in 0..<layers {
                var w = gen.wrap(wrapped)
                while w.contains("list-manage") { w = gen.wrap(wrapped) }
                wrapped = w
            }
            let r = cleaner.clean(wrapped)
            #expect(r.url == expected, "dest: \(dest) wrapped: \(wrapped)")
            #expect(r.steps.filter { $0.kind == .unwrap }.count == layers)
        }
    }
}

enum Environment {
    static func value(_ name: String) -> String? {
        guard let p = getenv(name) else { return nil }
        return String(cString: p)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
