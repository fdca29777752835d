/// Which URLs reach the network when a mail client shows a message: the one answer the
/// rewriter (what to ask about), the tracker rules (what can report an open) and the SVG
/// stage (what an image attachment may load) all use.
public enum URLScheme {
    /// Whether a mail client fetches URLs of this scheme (ASCII lower case) from the host in
    /// the URL: `http`, `https`, `ftp`, `ws`, `wss`. (Compared as literals: a `Set` of five
    /// strings cost every process about 30,000 instructions to build and hash.)
    public static func isNetwork(_ scheme: String) -> Bool {
        switch scheme {
        case "http", "https", "ftp", "ws", "wss": return true
        default: return false
        }
    }

    /// WHATWG's special schemes, the network ones and `file`: their URLs have an authority,
    /// and `\` reads as `/`.
    public static func isSpecial(_ scheme: String) -> Bool {
        scheme == "file" || isNetwork(scheme)
    }

    /// `isSpecial` for a scheme's bytes as written, in any ASCII case.
    package static func isSpecial(bytes s: UnsafeBufferPointer<UInt8>) -> Bool {
        func equals(_ literal: StaticString) -> Bool {
            guard s.count == literal.utf8CodeUnitCount else { return false }
            for k in 0..<s.count where URLParts.lower(s[k]) != literal.utf8Start[k] { return false }
            return true
        }
        switch s.count {
        case 2: return equals("ws")
        case 3: return equals("ftp") || equals("wss")
        case 4: return equals("http") || equals("file")
        case 5: return equals("https")
        default: return false
        }
    }

    /// True when a URL with this scheme (ASCII lower case; "" for a scheme-relative `//host`
    /// URL) and this host (lower case; empty when there is none) reaches the network.
    ///
    /// `file://host/share/x.png` does: mail clients on Windows fetch it over SMB and send
    /// the reader's credentials to the host. `file:///`, `file://localhost/` and every
    /// other scheme (`cid:`, `data:`, `mailto:`, unknown ones) stay on the reader's machine.
    public static func reachesNetwork(scheme: String, host: some Collection<UInt8>) -> Bool {
        guard !host.isEmpty else { return false }
        if scheme.isEmpty || isNetwork(scheme) { return true }
        guard scheme == "file", !host.elementsEqual("localhost".utf8) else { return false }
        // `file://C:/x` names a drive, not a host.
        if host.count == 1, let letter = host.first, (letter | 0x20) >= 0x61, (letter | 0x20) <= 0x7A { return false }
        return true
    }

    /// `reachesNetwork` for a whole URL, as written (surrounding spaces and controls skipped).
    public static func isRemote(_ url: String) -> Bool {
        let parts = URLParts(url)
        return reachesNetwork(scheme: parts.schemeLowercased, host: parts.host.utf8)
    }
}
