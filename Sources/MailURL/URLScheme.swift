/// Which URLs reach the network when a mail client shows a message: the one answer the
/// rewriter (what to ask about), the tracker rules (what can report an open) and the SVG
/// stage (what an image attachment may load) all use.
public enum URLScheme {
    /// Schemes a mail client fetches from the host in the URL.
    public static let network: Set<String> = ["http", "https", "ftp", "ws", "wss"]

    /// WHATWG's special schemes: their URLs have an authority, and `\` reads as `/`.
    public static let special: Set<String> = network.union(["file"])

    /// True when a URL with this scheme (ASCII lower case; "" for a scheme-relative `//host`
    /// URL) and this host (lower case; empty when there is none) reaches the network.
    ///
    /// `file://host/share/x.png` does: mail clients on Windows fetch it over SMB and send
    /// the reader's credentials to the host. `file:///`, `file://localhost/` and every
    /// other scheme (`cid:`, `data:`, `mailto:`, unknown ones) stay on the reader's machine.
    public static func reachesNetwork(scheme: String, host: some Collection<UInt8>) -> Bool {
        guard !host.isEmpty else { return false }
        if scheme.isEmpty || network.contains(scheme) { return true }
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
