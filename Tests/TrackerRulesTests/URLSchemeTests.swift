import Testing
@testable import MailURL

/// The schemes that reach the network and WHATWG's special schemes, by name and by bytes.
@Suite struct URLSchemeTests {
    static let network = ["http", "https", "ftp", "ws", "wss"]

    static func special(bytes name: String) -> Bool {
        Array(name.utf8).withUnsafeBufferPointer { URLScheme.isSpecial(bytes: $0) }
    }

    @Test func namesAndBytes() {
        for name in Self.network + ["file"] {
            #expect(URLScheme.isNetwork(name) == (name != "file"), "\(name)")
            #expect(URLScheme.isSpecial(name), "\(name)")
            for spelling in [name, name.uppercased(), name.prefix(1).uppercased() + name.dropFirst()] {
                #expect(Self.special(bytes: spelling), "\(spelling)")
            }
        }
        for other in ["", "h", "htt", "httpx", "httpss", "wsx", "fil", "files", "mailto", "cid", "data", "javascript",
                      "ftps", "sftp", "w", "HTTPX"] {
            #expect(!URLScheme.isNetwork(other) && !URLScheme.isSpecial(other), "\(other)")
            #expect(!Self.special(bytes: other), "\(other)")
        }
        // Names compare in lower case only; bytes as written, in any case.
        #expect(!URLScheme.isNetwork("HTTP"))
    }
}
