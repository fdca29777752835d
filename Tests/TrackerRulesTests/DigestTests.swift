import Testing
@testable import TrackerRules

@Suite struct DigestTests {
    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
    static let twoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
    static let eightyDigits = String(repeating: "1234567890", count: 8)

    @Test func md5MatchesRFC1321Vectors() {
        #expect(Digests.md5Hex(DigestTests.bytes("")) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(Digests.md5Hex(DigestTests.bytes("abc")) == "900150983cd24fb0d6963f7d28e17f72")
        #expect(Digests.md5Hex(DigestTests.bytes("message digest")) == "f96b697d7cb7938d525a2f31aaf161d0")
        #expect(Digests.md5Hex(DigestTests.bytes(DigestTests.eightyDigits)) == "57edf4a22be3c955ac49da2e2107b67a")
    }

    @Test func sha1MatchesFIPSVectors() {
        #expect(Digests.sha1Hex(DigestTests.bytes("")) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(Digests.sha1Hex(DigestTests.bytes("abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Digests.sha1Hex(DigestTests.bytes(DigestTests.twoBlocks)) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    @Test func sha256MatchesFIPSVectors() {
        #expect(Digests.sha256Hex(DigestTests.bytes("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Digests.sha256Hex(DigestTests.bytes("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Digests.sha256Hex(DigestTests.bytes(DigestTests.twoBlocks))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func digestsHandleEveryPaddingBoundary() {
        // 55, 56, 63 and 64 bytes straddle the one/two block padding boundary.
        for n in [55, 56, 63, 64, 65] {
            let m = [UInt8](repeating: 0x61, count: n)
            #expect(Digests.md5(m).count == 16)
            #expect(Digests.sha1(m).count == 20)
            #expect(Digests.sha256(m).count == 32)
        }
        #expect(
            Digests.sha256Hex([UInt8](repeating: 0x61, count: 64))
                == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
        #expect(Digests.md5Hex([UInt8](repeating: 0x61, count: 64)) == "014842d480b571495a4a0363793f7367")
        #expect(Digests.sha1Hex([UInt8](repeating: 0x61, count: 64)) == "0098ba824b5c16427bd7a1122a5a442a25ec644d")
    }
}
