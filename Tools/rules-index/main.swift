// Writes the tables the built-in rules keep in the binary, read and indexed once, here,
// instead of in every filter process:
//   Sources/TrackerRules/Data/BuiltinTrackersIndex.swift  from BuiltinTrackers.swift's text;
//   Sources/TrackerRules/Data/NameSetsIndex.swift         from the parameter and wrapper lists.
// Run after editing either:
//   swift run rules-index
// With --check it only reports whether the stored files are current (exit 1 if not).
import Foundation
import TrackerRules

let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Sources/TrackerRules/Data").standardized
guard let rulesIndex = BuiltinIndexSource.current() else {
    FileHandle.standardError.write(Data("rules-index: the built-in rules have problems; run `trackless rules --check`\n".utf8))
    exit(1)
}
let files = [
    (data.appendingPathComponent("BuiltinTrackersIndex.swift").path, rulesIndex),
    (data.appendingPathComponent("NameSetsIndex.swift").path, NameSetsSource.current()),
]
let checking = CommandLine.arguments.contains("--check")
var failed = false
for (path, source) in files {
    let stored = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    if stored == source {
        print("rules-index: \(path) is current")
    } else if checking {
        print("rules-index: \(path) is out of date")
        failed = true
    } else {
        do {
            try source.write(toFile: path, atomically: true, encoding: .utf8)
            print("rules-index: wrote \(path)")
        } catch {
            FileHandle.standardError.write(Data("rules-index: \(error)\n".utf8))
            failed = true
        }
    }
}
exit(failed ? 1 : 0)
