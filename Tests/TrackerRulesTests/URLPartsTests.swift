import MailURL
import FixtureSupport
import Testing
@testable import TrackerRules

@Suite struct URLPartsTests {
    @Test func splitsEveryComponent() {
        let p = URLParts("HTTPS://user:pw@Mail.Example.COM.:8443/a/b.gif?x=1&y=&z#frag")
        #expect(p.scheme == "HTTPS")
        #expect(p.schemeLowercased == "https")
        #expect(p.userinfo == "user:pw")
        #expect(p.host == "mail.example.com")
        #expect(p.hostAsWritten == "Mail.Example.COM.")
        #expect(p.port == "8443")
        #expect(p.path == "/a/b.gif")
        #expect(p.query == "x=1&y=&z")
        #expect(p.fragment == "frag")
    }

    @Test func iteratesRawQueryItems() {
        let p = URLParts("https://h/p?a=%41b&&c&d=1=2&")
        let items = p.queryItems.map { ($0.name, $0.value) }
        #expect(items.count == 3)
        #expect(items[0].0 == "a" && items[0].1 == "%41b")
        #expect(items[1].0 == "c" && items[1].1 == nil)
        #expect(items[2].0 == "d" && items[2].1 == "1=2")
    }

    @Test func removesQueryItemsKeepingTheRestByteForByte() {
        let p = URLParts("https://h/i.png?w=600&uid=abc&fmt=%20x#top")
        #expect(p.removingQueryItems { $0.name == "uid" } == "https://h/i.png?w=600&fmt=%20x#top")
        #expect(p.removingQueryItems { _ in true } == "https://h/i.png#top")
        #expect(p.removingQueryItems { _ in false } == p.string)
    }

    @Test func handlesRelativeAndOddInput() {
        #expect(URLParts("").host == "")
        #expect(URLParts("").path == "")
        let rel = URLParts("//cdn.example.com/x")
        #expect(rel.scheme == nil && rel.host == "cdn.example.com" && rel.path == "/x")
        let bs = URLParts("https:\\\\Evil.example\\o\\x")
        #expect(bs.host == "evil.example")
        let mailto = URLParts("mailto:a@b.example")
        #expect(mailto.host == "" && mailto.path == "a@b.example")
        let v6 = URLParts("http://[::1]:80/")
        #expect(v6.host == "[::1]" && v6.port == "80")
        let spaced = URLParts("  https://h.example/p \n")
        #expect(spaced.host == "h.example" && spaced.path == "/p")
        let at = URLParts("https://a@b@c.example/")
        #expect(at.host == "c.example" && at.userinfo == "a@b")
        #expect(URLParts("https://").host == "")
        #expect(URLParts("?q").query == "q")
        #expect(URLParts("1http://x").scheme == nil)
    }

    @Test func percentDecodesLeniently() {
        #expect(URLParts.percentDecode("a%40b%2") == "a@b%2")
        #expect(URLParts.percentDecode("a+b", plusIsSpace: true) == "a b")
        #expect(URLParts.percentDecode("%zz%4") == "%zz%4")
    }
}

@Suite struct RegistrableDomainTests {
    /// The split-and-join definition the byte scan replaces, kept here as the oracle.
    static func byLabels(_ host: String) -> String {
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count > 2 else { return host }
        let secondLevel: Set<Substring> = [
            "co", "com", "net", "org", "gov", "edu", "ac", "ne", "or", "go", "gob", "ltd", "plc",
            "nic", "mil", "gen", "biz", "info", "nom", "sch", "web", "in",
        ]
        let take = labels[labels.count - 1].utf8.count == 2 && secondLevel.contains(labels[labels.count - 2]) ? 3 : 2
        return labels.suffix(take).joined(separator: ".")
    }

    @Test(arguments: [
        "example", "shop.example", "news.shop.example", "a.b.c.shop.example", "shop.co.uk", "mail.shop.co.uk",
        "x.y.mail.shop.co.uk", "co.uk", "www.co.uk", "a.com.au", "b.a.com.au", "a.in.th", ".", "..", "...", "a..b",
        "a.b.", "a.co.uk.", "", "x.co.ukk", "x.cox.uk", "1.2.3.4",
    ])
    func scanAgreesWithTheLabelSplit(_ host: String) {
        #expect(HostNames.registrableDomain(host) == Self.byLabels(host))
        let site = Array(Self.byLabels(host).utf8)
        #expect(HostNames.isSite(Array(host.utf8), site))
    }

    @Test func otherSitesDiffer() {
        #expect(!HostNames.isSite(Array("img.shop.example".utf8), Array("shop.example.net".utf8)))
        #expect(!HostNames.isSite(Array("evilshop.example".utf8), Array("shop.example".utf8)))
        #expect(HostNames.isSite(Array("img.shop.example".utf8), Array("shop.example".utf8)))
    }
}

@Suite struct FileURLPartsTests {
    @Test func fileURLsKeepTheirEmptyHost() {
        #expect(URLParts("file:///C:/Users/p.png").host == "")
        #expect(URLParts("file:///share/p.png").host == "")
        #expect(URLParts("file://files.example.net/share/p.png").host == "files.example.net")
        // Other special schemes still skip extra slashes, as browsers do.
        #expect(URLParts("https:///t.example.net/p.gif").host == "t.example.net")
    }
}

/// `URLParts.split` finds the authority's end and its last `@` eight bytes at a time; this
/// reference walks it byte by byte, and the two must agree on every string.
@Suite struct URLSplitReferenceTests {
    static func reference(_ u: UnsafeBufferPointer<UInt8>) -> URLParts.Offsets {
        var o = URLParts.Offsets()
        var start = 0
        var end = u.count
        while start < end, u[start] <= 0x20 { start += 1 }
        while end > start, u[end - 1] <= 0x20 { end -= 1 }
        var i = start
        if i < end, URLParts.isAlpha(u[i]) {
            var j = i + 1
            while j < end, URLParts.isSchemeByte(u[j]) { j += 1 }
            if j < end, u[j] == 0x3A {
                o.scheme = i..<j
                i = j + 1
            }
        }
        let scheme = o.scheme.map { String(decoding: u[$0].map(URLParts.lower), as: UTF8.self) } ?? ""
        let special = ["http", "https", "ws", "wss", "ftp", "file"].contains(scheme)
        func isSlash(_ b: UInt8) -> Bool { b == 0x2F || (special && b == 0x5C) }
        if i + 1 < end, isSlash(u[i]), isSlash(u[i + 1]) {
            var a = i + 2
            if special && scheme != "file" { while a < end, isSlash(u[a]) { a += 1 } }
            var j = a
            while j < end, !isSlash(u[j]), u[j] != 0x3F, u[j] != 0x23 { j += 1 }
            o.authority = a..<j
            var hostStart = a
            if let at = (a..<j).last(where: { u[$0] == 0x40 }) {
                o.userinfo = a..<at
                hostStart = at + 1
            }
            var hostEnd = hostStart
            if hostStart < j, u[hostStart] == 0x5B {
                while hostEnd < j, u[hostEnd] != 0x5D { hostEnd += 1 }
                hostEnd = hostEnd < j ? hostEnd + 1 : j
            } else {
                while hostEnd < j, u[hostEnd] != 0x3A { hostEnd += 1 }
            }
            o.host = hostStart..<hostEnd
            if hostEnd < j, u[hostEnd] == 0x3A { o.port = (hostEnd + 1)..<j }
            i = j
        }
        var p = i
        while p < end, u[p] != 0x3F, u[p] != 0x23 { p += 1 }
        o.path = i..<p
        if p < end, u[p] == 0x3F {
            var q = p + 1
            while q < end, u[q] != 0x23 { q += 1 }
            o.query = (p + 1)..<q
            p = q
        }
        if p < end, u[p] == 0x23 { o.fragment = (p + 1)..<end }
        return o
    }

    @Test func splitAgreesWithAByteByByteWalk() {
        var rng = SplitMix64(seed: 0x5917)
        let heads = ["https://", "HTTP://", "http:\\\\", "ws://", "file://", "file:///", "mailto:", "x-y:", "//", " \t", ""]
        let pieces = ["a", "host", ".example.com", "@", "user:pw@", ":8080", "/", "\\", "?", "#", "[::1]", "[", "]",
                      "&x=1", "é", "%40", " ", "0123456789abcdef", "ab@cd@ef"]
        for _ in 0..<20_000 {
            var s = rng.pick(heads)
            for _ in 0..<Int(rng.next() % 12) { s += rng.pick(pieces) }
            let bytes = Array(s.utf8)
            bytes.withUnsafeBufferPointer { u in
                #expect(URLParts.split(u) == Self.reference(u), "\(s)")
            }
        }
    }
}
