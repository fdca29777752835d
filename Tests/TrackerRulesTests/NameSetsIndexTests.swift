import Foundation
import Testing
@testable import TrackerRules

/// Whether `Sources/TrackerRules/Data/<name>` holds `expected`, the file `rules-index`
/// writes (compared outside #expect, so a failure prints one line, not two large files).
func storedDataFileIsCurrent(_ name: String, _ expected: String) throws -> Bool {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/TrackerRules/Data/\(name)").standardized.path
    return try String(contentsOfFile: path, encoding: .utf8) == expected
}

/// The name sets stored in the binary (`Data/NameSetsIndex.swift`) must be the ones the
/// lists build, and must answer as the lists do.
@Suite struct NameSetsIndexTests {
    @Test func storedSetsAreCurrent() throws {
        let current = try storedDataFileIsCurrent("NameSetsIndex.swift", NameSetsSource.current())
        #expect(current, "a parameter or wrapper list changed: run `swift run rules-index`")
    }

    @Test func storedSetsEqualTheListsBuilt() {
        let stored: [String: FrozenNameSet] = [
            "paramGlobal": .paramGlobal, "paramSafeEverywhere": .paramSafeEverywhere, "wrapperHosts": .wrapperHosts,
        ]
        for (name, set) in NameSetsSource.sets {
            if name.hasPrefix("paramScope"), let k = Int(name.dropFirst("paramScope".count)) {
                #expect(FrozenNameSet.paramScopes.indices.contains(k) && FrozenNameSet.paramScopes[k] == set.frozen, "\(name)")
            } else {
                #expect(stored[name] == set.frozen, "\(name)")
            }
        }
        #expect(FrozenNameSet.paramScopes.count == ParamRules.scopes.count)
    }

    /// Every listed name is found, with its prefixes, and names one byte off are not.
    @Test func storedSetsAnswerAsTheLists() {
        func matches(_ set: ByteNameSet, _ name: String) -> Bool {
            Array(name.utf8).withUnsafeBufferPointer { set.matches($0) }
        }
        var cases: [(ByteNameSet, ByteNameSet, [String])] = [
            (ParamRules.globalMatcher, ByteNameSet(ParamRules.global, prefixes: ParamRules.prefixes), ParamRules.global),
            (ParamRules.safeEverywhereMatcher,
             ByteNameSet(ParamRules.safeEverywhere, prefixes: ParamRules.safeEverywherePrefixes), ParamRules.safeEverywhere),
            (WrapperHosts.set, ByteNameSet(WrapperHosts.domains), WrapperHosts.domains),
        ]
        for (k, scope) in ParamRules.scopes.enumerated() {
            cases.append((ParamRules.scopeMatchers[k], ByteNameSet(scope.names, prefixes: scope.prefixes), scope.names))
        }
        for (stored, built, names) in cases {
            for name in names + ["utm_x", "elqX", "pd_rd_w", "x", "", "mc_ei", "mc_eidd", "Gclid"] {
                for probe in [name, name + "x", String(name.dropLast())] {
                    #expect(matches(stored, probe) == matches(built, probe), "\(probe)")
                }
            }
            #expect(names.allSatisfy { matches(stored, $0) })
        }
    }
}
