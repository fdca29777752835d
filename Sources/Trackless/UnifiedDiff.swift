/// Unified diffs of two messages, for `trackless preview --diff`.
public enum UnifiedDiff {
    /// A unified diff (3 lines of context) between `old` and `new`, split on LF.
    /// Empty when they are equal.
    public static func make(old: [UInt8], new: [UInt8], oldName: String, newName: String, context: Int = 3) -> String {
        if old == new { return "" }
        let a = lines(old), b = lines(new)
        let ops = editScript(a, b)
        var out = "--- \(oldName)\n+++ \(newName)\n"
        // Group operations into hunks with `context` unchanged lines around changes.
        var i = 0
        while i < ops.count {
            guard let firstChange = ops[i...].firstIndex(where: { $0.kind != .same }) else { break }
            var start = max(i, firstChange - context)
            if start < i { start = i }
            var end = firstChange
            var lastChange = firstChange
            while end < ops.count {
                if ops[end].kind != .same { lastChange = end }
                if end - lastChange > context * 2 { break }
                end += 1
            }
            end = min(ops.count, lastChange + context + 1)
            let hunk = ops[start..<end]
            let oldStart = (hunk.first?.oldIndex ?? 0) + 1
            let newStart = (hunk.first?.newIndex ?? 0) + 1
            let oldCount = hunk.filter { $0.kind != .insert }.count
            let newCount = hunk.filter { $0.kind != .delete }.count
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for op in hunk {
                switch op.kind {
                case .same: out += " " + a[op.oldIndex] + "\n"
                case .delete: out += "-" + a[op.oldIndex] + "\n"
                case .insert: out += "+" + b[op.newIndex] + "\n"
                }
            }
            i = end
        }
        return out
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        var result: [String] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            var end = i
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            result.append(String(decoding: bytes[start..<end], as: UTF8.self))
            start = i + 1
        }
        if start < bytes.count { result.append(String(decoding: bytes[start...], as: UTF8.self)) }
        return result
    }

    struct Op { enum Kind { case same, delete, insert }; var kind: Kind; var oldIndex: Int; var newIndex: Int }

    /// Myers' O(ND) difference algorithm over lines, after trimming the common head and tail
    /// (cleaning changes few lines, so D stays small).
    static func editScript(_ a: [String], _ b: [String]) -> [Op] {
        var head = 0
        while head < a.count, head < b.count, a[head] == b[head] { head += 1 }
        var tail = 0
        while tail < a.count - head, tail < b.count - head, a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
        let x0 = Array(a[head..<(a.count - tail)]), y0 = Array(b[head..<(b.count - tail)])
        let n = x0.count, m = y0.count
        let maxD = n + m
        var v = [Int](repeating: 0, count: 2 * maxD + 2)
        var trace: [[Int]] = []
        var found = false
        for d in 0...maxD {
            trace.append(v)
            var k = -d
            while k <= d {
                let idx = k + maxD
                var x = (k == -d || (k != d && v[idx - 1] < v[idx + 1])) ? v[idx + 1] : v[idx - 1] + 1
                var y = x - k
                while x < n, y < m, x0[x] == y0[y] { x += 1; y += 1 }
                v[idx] = x
                if x >= n && y >= m { found = true; break }
                k += 2
            }
            if found { break }
        }
        // Walk back through the trace.
        var ops: [Op] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) where d > 0 || x > 0 || y > 0 {
            let vd = trace[d]
            let k = x - y
            let idx = k + maxD
            let prevK = (k == -d || (k != d && vd[idx - 1] < vd[idx + 1])) ? k + 1 : k - 1
            let prevX = vd[prevK + maxD]
            let prevY = prevX - prevK
            while x > prevX && y > prevY {
                ops.append(Op(kind: .same, oldIndex: head + x - 1, newIndex: head + y - 1))
                x -= 1; y -= 1
            }
            if d > 0 {
                if x == prevX { ops.append(Op(kind: .insert, oldIndex: head + x, newIndex: head + y - 1)) } else { ops.append(Op(kind: .delete, oldIndex: head + x - 1, newIndex: head + y)) }
            }
            x = prevX; y = prevY
        }
        ops.reverse()
        let headOps = (0..<head).map { Op(kind: .same, oldIndex: $0, newIndex: $0) }
        let tailOps = (0..<tail).map { Op(kind: .same, oldIndex: a.count - tail + $0, newIndex: b.count - tail + $0) }
        return headOps + ops + tailOps
    }
}
