#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import CFuzzDriver
import Trackless

/// Inputs larger than this are skipped (and not added to the corpus): they only slow the
/// search down, and the size limits of the code under test are checked by its unit tests.
public let maxInputBytes = 256 * 1024

/// The property the running target checks; set once, before the fuzzing loop starts.
nonisolated(unsafe) private var currentProperty: (([UInt8]) -> Void)?

/// Runs libFuzzer with the process's command-line flags, calling `property` with every
/// input. A violated property must trap (`check`, `fatalError`, `precondition`): libFuzzer
/// then saves the input as `crash-<sha1>` and exits non-zero.
public func runFuzzer(_ property: @escaping ([UInt8]) -> Void) -> Never {
    currentProperty = property
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        // -1: not interesting, never added to the corpus.
        guard size <= maxInputBytes else { return -1 }
        let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
        currentProperty?(bytes)
        return 0
    }
    exit(status)
}

/// Traps with `message` when `condition` is false; the message goes to stderr before the
/// trap, so it is in libFuzzer's log next to the reproducer's path.
@inline(__always)
public func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                  file: StaticString = #fileID, line: UInt = #line) {
    if !condition() {
        fatalError("fuzz invariant violated: \(message())", file: file, line: line)
    }
}

/// A short, printable rendering of bytes for failure messages.
public func show(_ bytes: [UInt8], limit: Int = 300) -> String {
    var s = String(decoding: bytes.prefix(limit), as: UTF8.self).debugDescription
    if bytes.count > limit { s += "… (\(bytes.count) bytes)" }
    return s
}

/// The offset of the first differing byte, for failure messages.
public func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int {
    var i = 0
    while i < a.count, i < b.count, a[i] == b[i] { i += 1 }
    return i
}

/// A URL an unwrapped link may become: absolute http, https or mailto, printable ASCII
/// without the bytes LinkDestination refuses (space, controls, `"` `<` `>` `\` and backquote).
public func isSafeDestination(_ url: String) -> Bool {
    let bytes = Array(url.utf8)
    for b in bytes {
        switch b {
        case 0x00...0x20, 0x7F...0xFF, 0x22, 0x3C, 0x3E, 0x5C, 0x60: return false
        default: continue
        }
    }
    let lower = url.lowercased()
    return lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:")
}

/// Findings invariants shared by the message and HTML targets: every unwrapped link
/// (kind link, action rewritten) points at a safe destination.
public func checkFindings(_ findings: [Finding], context: String) {
    for f in findings where f.kind == .link && f.action == .rewritten {
        guard let replacement = f.replacement else {
            check(false, "\(context): rewritten link without a replacement: \(f.subject.debugDescription)")
            continue
        }
        check(isSafeDestination(replacement),
              "\(context): link \(f.subject.debugDescription) unwrapped to unsafe \(replacement.debugDescription) (rule \(f.rule ?? "-"))")
    }
}
