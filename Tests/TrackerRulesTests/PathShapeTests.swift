import FixtureSupport
import Testing
@testable import TrackerRules

@Suite struct PathShapeTests {
    static func shape(_ s: String) -> PathShape? {
        if case .success(let shape) = PathShape.compile(s[...]) { return shape }
        return nil
    }

    static func error(_ s: String) -> String? {
        if case .failure(let e) = PathShape.compile(s[...]) { return e.message }
        return nil
    }

    @Test func slashShapesMatchFromThePathStartAsAPrefix() throws {
        let s = try #require(PathShapeTests.shape("/track/open.php"))
        #expect(s.matches(pathAndQuery: "/track/open.php?u=1"))
        #expect(s.matches(pathAndQuery: "/track/open.php5"))
        #expect(!s.matches(pathAndQuery: "/x/track/open.php"))
        #expect(!s.matches(pathAndQuery: "/Track/open.php"))
    }

    @Test func starShapesMatchAnywhere() throws {
        let s = try #require(PathShapeTests.shape("*/wf/open?upn="))
        #expect(s.matches(pathAndQuery: "/a/b/wf/open?upn=xyz"))
        #expect(!s.matches(pathAndQuery: "/wf/open?x=1&upn=xyz"))
    }

    @Test func classesAndCountsMatch() throws {
        let s = try #require(PathShapeTests.shape("*/a/<d4>/open/<d2-3>/<w>.gif"))
        #expect(s.matches(pathAndQuery: "/a/12345/open/12/x_y-z.gif"))
        #expect(!s.matches(pathAndQuery: "/a/123/open/12/x.gif"))
        #expect(!s.matches(pathAndQuery: "/a/1234/open/1/x.gif"))
        let hex = try #require(PathShapeTests.shape("/<x32>$"))
        #expect(hex.matches(pathAndQuery: "/0123456789abcdefABCDEF0123456789"))
        #expect(!hex.matches(pathAndQuery: "/0123456789abcdefABCDEF012345678g"))
        let upper = try #require(PathShapeTests.shape("/<u3-3>?"))
        #expect(upper.matches(pathAndQuery: "/ABC?x"))
        #expect(!upper.matches(pathAndQuery: "/ABCD?x"))
    }

    @Test func dollarMatchesOnlyAtTheEndOfThePath() throws {
        let s = try #require(PathShapeTests.shape("*/open.gif$"))
        #expect(s.matches(pathAndQuery: "/x/open.gif"))
        #expect(s.matches(pathAndQuery: "/x/open.gif?id=1"))
        #expect(!s.matches(pathAndQuery: "/x/open.gifs"))
        #expect(!s.matches(pathAndQuery: "/x/open.gif/y"))
    }

    @Test func segmentClassStopsAtDelimiters() throws {
        let s = try #require(PathShapeTests.shape("/o/<s>/x"))
        #expect(s.matches(pathAndQuery: "/o/a+b=c%2F/x"))
        #expect(!s.matches(pathAndQuery: "/o/a/b/x"))
    }

    @Test func badShapesAreRefusedWithAReason() {
        #expect(PathShapeTests.error("") != nil)
        #expect(PathShapeTests.error("track/open") != nil)
        #expect(PathShapeTests.error("/a/<q>") != nil)
        #expect(PathShapeTests.error("/a/<d") != nil)
        #expect(PathShapeTests.error("/a/<d3-1>") != nil)
        #expect(PathShapeTests.error("/a>") != nil)
        #expect(PathShapeTests.error("/" + String(repeating: "a", count: 300)) != nil)
    }

    @Test func anchorsPreferQueryNamesThenLongSegments() throws {
        let s = try #require(PathShapeTests.shape("*/pub/as?_ri_="))
        #expect(s.anchors.first == .queryName("_ri_"))
        let t = try #require(PathShapeTests.shape("*/e2t/to/"))
        #expect(t.anchors.first == .segment("e2t"))
        let u = try #require(PathShapeTests.shape("*.png1$"))
        #expect(u.anchors == [.fileExtension("png1")])
        let none = try #require(PathShapeTests.shape("*/x<d>"))
        #expect(none.anchors.isEmpty)
    }

    @Test func pathologicalInputGivesUpWithoutMatching() throws {
        let s = try #require(PathShapeTests.shape("*a*a*a*a*a*b"))
        let input = "/" + String(repeating: "a", count: 3000)
        #expect(!s.matches(pathAndQuery: input))
    }

    /// The literal-run prefilter may only refuse what the backtracking match refuses:
    /// random shapes against random paths, the full match run without the prefilter.
    @Test func literalPrefilterNeverRefusesAMatch() throws {
        var random = SplitMix64(seed: 0x5EED_9A7B)
        let shapeParts = ["/", "a", "b", "ab", ".", "?", "=", "&", "*", "*", "$", "<d>", "<w>", "<w2-3>", "<l1-1>", "<s>", "<x4>", "1", "gif"]
        let targetParts = ["/", "a", "b", "ab", "ba", ".", "?", "=", "&", "1", "22", "x", "gif", ".gif", "A"]
        var matched = 0
        var refused = 0
        for _ in 0..<20_000 {
            var text = random.chance(50) ? "*" : "/"
            for _ in 0..<(1 + Int(random.next() % 6)) { text += random.pick(shapeParts) }
            guard let shape = PathShapeTests.shape(text) else { continue }
            var target = "/"
            for _ in 0..<Int(random.next() % 10) { target += random.pick(targetParts) }
            let bytes = Array(target.utf8)
            let pathEnd = bytes.firstIndex(of: 0x3F) ?? bytes.count
            let shapeBytes = Array(text.utf8)
            let full = shapeBytes.withUnsafeBufferPointer { s in
                bytes.withUnsafeBufferPointer { t in
                    var budget = PathShape.stepBudget
                    return PathShape.match(s, 0, t, 0, pathEnd, &budget)
                }
            }
            let passes = shapeBytes.withUnsafeBufferPointer { s in
                bytes.withUnsafeBufferPointer { PathShape.literalsOccurInOrder(s, $0) }
            }
            if full {
                matched += 1
                #expect(passes, "\(text) matches \(target) but the prefilter refused it")
            } else if !passes {
                refused += 1
            }
            #expect(shape.matches(pathAndQuery: target) == full, "\(text) on \(target)")
        }
        // Both outcomes must be common, or the test proves nothing.
        #expect(matched > 1_000)
        #expect(refused > 1_000)
    }
}
