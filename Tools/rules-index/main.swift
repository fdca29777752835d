// Writes Sources/TrackerRules/Data/BuiltinTrackersIndex.swift: the built-in rules read and indexed
// once, here, instead of in every filter process. Run after editing BuiltinTrackers.swift:
//   swift run rules-index
// With --check it only reports whether the stored index is current (exit 1 if not).
import Foundation
import TrackerRules

let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Sources/TrackerRules/Data/BuiltinTrackersIndex.swift").standardized.path
guard let source = BuiltinIndexSource.current() else {
    FileHandle.standardError.write(Data("rules-index: the built-in rules have problems; run `trackless rules --check`\n".utf8))
    exit(1)
}
let stored = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
if CommandLine.arguments.contains("--check") {
    print(stored == source ? "rules-index: \(path) is current" : "rules-index: \(path) is out of date")
    exit(stored == source ? 0 : 1)
}
if stored == source {
    print("rules-index: \(path) is current")
} else {
    do {
        try source.write(toFile: path, atomically: true, encoding: .utf8)
        print("rules-index: wrote \(path)")
    } catch {
        FileHandle.standardError.write(Data("rules-index: \(error)\n".utf8))
        exit(1)
    }
}
