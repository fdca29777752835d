import Testing
@testable import Trackless

@Test func diffShowsRemovedAndAddedLinesWithContext() {
    let old = Array("a\nb\nc\nd\ne\nf\ng\nh\n".utf8)
    let new = Array("a\nb\nc\nD\ne\nf\ng\nh\n".utf8)
    let diff = UnifiedDiff.make(old: old, new: new, oldName: "x", newName: "y")
    #expect(diff == "--- x\n+++ y\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n")
}

@Test func diffOfEqualInputsIsEmpty() {
    #expect(UnifiedDiff.make(old: [1, 2], new: [1, 2], oldName: "a", newName: "b").isEmpty)
}

@Test func diffHandlesPureDeletionAtTheStart() {
    let diff = UnifiedDiff.make(old: Array("X: 1\nA\nB\n".utf8), new: Array("A\nB\n".utf8), oldName: "o", newName: "n")
    #expect(diff == "--- o\n+++ n\n@@ -1,3 +1,2 @@\n-X: 1\n A\n B\n")
}

@Test func diffOpsRebuildBothSides() {
    var rng = SystemRandomNumberGenerator()
    for _ in 0..<50 {
        let a = (0..<Int.random(in: 0...20, using: &rng)).map { _ in ["p", "q", "r", "s"].randomElement(using: &rng) ?? "p" }
        let b = (0..<Int.random(in: 0...20, using: &rng)).map { _ in ["p", "q", "r", "s"].randomElement(using: &rng) ?? "p" }
        let ops = UnifiedDiff.editScript(a, b)
        #expect(ops.filter { $0.kind != .insert }.map { a[$0.oldIndex] } == a)
        #expect(ops.filter { $0.kind != .delete }.map { b[$0.newIndex] } == b)
    }
}
