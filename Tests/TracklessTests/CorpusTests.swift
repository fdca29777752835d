import Foundation
import FixtureSupport
import Testing
@testable import Trackless

typealias Corpus = FixtureCorpus

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
