import Foundation
import Testing
@testable import Trackless

/// Fixture folders, found from this file's location.
enum Corpus {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let sampleMail = fixtures.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("SampleMail")

    static func files(in dir: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".eml") && !$0.contains(".actual.") }.sorted().map { dir.appendingPathComponent($0) }
    }

    static func toCRLF(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 20)
        var previous: UInt8 = 0
        for b in bytes {
            if b == 0x0A && previous != 0x0D { out.append(0x0D) }
            out.append(b)
            previous = b
        }
        return out
    }

    /// The bytes as stored and their CRLF form (fixtures about mixed endings run as stored).
    static func variants(_ url: URL) throws -> [(String, [UInt8])] {
        let bytes = Array(try Data(contentsOf: url))
        if url.lastPathComponent.contains("-mixed-") { return [("as-is", bytes)] }
        return [("lf", bytes), ("crlf", toCRLF(bytes))]
    }
}

@Test func messagesWithNothingToRemoveComeOutByteIdentical() throws {
    let files = Corpus.files(in: Corpus.fixtures.appendingPathComponent("passthrough"))
        + Corpus.files(in: Corpus.sampleMail).filter { $0.lastPathComponent == "plain.eml" }
    #expect(files.count >= 10)
    for url in files {
        for (variant, bytes) in try Corpus.variants(url) {
            let result = Cleaner().clean(bytes)
            #expect(!result.changed, "\(url.lastPathComponent) [\(variant)] changed: \(result.report.findings.map(\.reason))")
            #expect(result.bytes == bytes, "\(url.lastPathComponent) [\(variant)] is not byte-identical")
        }
    }
}

@Test func cleaningTwiceEqualsCleaningOnce() throws {
    let files = Corpus.files(in: Corpus.fixtures.appendingPathComponent("mime"))
        + Corpus.files(in: Corpus.fixtures.appendingPathComponent("passthrough")) + Corpus.files(in: Corpus.sampleMail)
    #expect(files.count >= 50)
    for strict in [false, true] {
        var options = CleanOptions()
        options.strict = strict
        let cleaner = Cleaner(options: options)
        for url in files {
            for (variant, bytes) in try Corpus.variants(url) {
                let once = cleaner.clean(bytes)
                let twice = cleaner.clean(once.bytes)
                #expect(!twice.changed, "\(url.lastPathComponent) [\(variant)\(strict ? ", strict" : "")]: second pass changed \(twice.report.findings.map(\.subject))")
                #expect(twice.bytes == once.bytes)
            }
        }
    }
}

@Test func signedAndEncryptedPartsStayByteIdentical() throws {
    let files = Corpus.files(in: Corpus.fixtures.appendingPathComponent("mime")).filter {
        let n = $0.lastPathComponent
        return n.contains("signed") || n.contains("encrypted") || n.contains("pkcs7")
    } + Corpus.files(in: Corpus.sampleMail).filter { $0.lastPathComponent == "signed.eml" }
    #expect(files.count >= 3)
    for url in files {
        for (variant, bytes) in try Corpus.variants(url) {
            let result = Cleaner().clean(bytes)
            let m = MIMEMessageProbe(bytes)
            let out = MIMEMessageProbe(result.bytes)
            // Every protected container keeps exactly its bytes.
            #expect(m.protectedBodies == out.protectedBodies, "\(url.lastPathComponent) [\(variant)]")
            #expect(!m.protectedBodies.isEmpty)
        }
    }
}

import MailMIME

/// The bodies of signed/encrypted containers, for comparison before and after.
struct MIMEMessageProbe {
    var protectedBodies: [[UInt8]]
    init(_ bytes: [UInt8]) {
        let m = MIMEMessage(bytes: bytes)
        let types: Set<String> = ["multipart/signed", "multipart/encrypted", "application/pkcs7-mime", "application/x-pkcs7-mime"]
        protectedBodies = m.parts.filter { types.contains($0.contentType.mimeType) }.map { Array(m.bytes[$0.range]) }
    }
}
