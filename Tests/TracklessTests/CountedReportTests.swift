import FixtureSupport
import Testing

@testable import Trackless

/// A cleaner that only counts its changes (`listsFindings` false, as `filter`, `clean` and
/// the milter run) writes the same message and counts the same changes as one that lists
/// every finding.
@Suite struct CountedReportTests {
    @Test func aTallyKeepsEachKindInItsOwnPlace() {
        #expect(FindingKind.allCases.map(\.caseIndex) == Array(FindingKind.allCases.indices))
        var tally = ChangeTally()
        #expect(tally.isEmpty && tally[.pixel] == 0)
        tally.add(.param, 3)
        tally.add(.pixel)
        var other = ChangeTally()
        other.add(.param)
        other.add(.other, 2)
        tally.add(other)
        #expect(FindingKind.allCases.map { tally[$0] } == [1, 0, 0, 0, 0, 4, 0, 0, 2])
    }

    @Test func countingWritesTheSameMessagesAndCounts() throws {
        let files = FixtureCorpus.files(in: FixtureCorpus.sampleMail) + FixtureCorpus.files("mime")
            + FixtureCorpus.files("passthrough")
        #expect(files.count >= 50)
        var changedMessages = 0
        var countedChanges = 0
        for strict in [false, true] {
            var listing = CleanOptions()
            listing.strict = strict
            var counting = listing
            counting.listsFindings = false
            let (lists, counts) = (Cleaner(options: listing), Cleaner(options: counting))
            for url in files {
                for (variant, bytes) in try FixtureCorpus.variants(url) {
                    let listed = lists.clean(bytes)
                    let counted = counts.clean(bytes)
                    let name = "\(url.lastPathComponent) [\(variant)\(strict ? ", strict" : "")]"
                    #expect(counted.bytes == listed.bytes, "\(name): the outputs differ")
                    #expect(counted.report.countWords == listed.report.countWords, "\(name): the counts differ")
                    // What the content stages found is counted, not listed; header fields still are.
                    #expect(counted.report.findings.allSatisfy { $0.kind == .header },
                            "\(name): the counting cleaner listed what a content stage found")
                    if listed.changed { changedMessages += 1 }
                    countedChanges += counted.report.tally.isEmpty ? 0 : 1
                }
            }
        }
        // Not a vacuous comparison: messages changed, and their changes went to the tally.
        #expect(changedMessages >= 20)
        #expect(countedChanges >= 20)
    }

    @Test func theCountWordsAddTheTallyToTheFindings() {
        var report = CleanReport()
        report.tally.add(.pixel, 2)
        report.findings = [
            Finding(kind: .pixel, action: .removed, certainty: .named, reason: "", subject: ""),
            Finding(kind: .header, action: .removed, certainty: .named, reason: "", subject: ""),
            Finding(kind: .link, action: .kept, certainty: .named, reason: "", subject: ""),
        ]
        #expect(report.countWords == "pixel=3 header=1")
    }
}
