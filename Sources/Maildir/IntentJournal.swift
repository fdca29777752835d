/// One replacement named in an intent file, written to `tmp/<unique>.trackless-intent`
/// before the new files of a batch are linked into place: which old file is being replaced by
/// which new one, and how to recognise both. Recovery reads it to turn any interrupted
/// replacement back into exactly one copy of the message. The new file's content waits in
/// `tmp/<its unique>.trackless-new`, its unique being that of its new name.
///
/// Text, one `key value` per line, names percent-encoded (bytes up to space, `%` and DEL).
/// An intent file names every replacement of one batch (version 3), each entry ended by `end`:
/// ```
/// trackless-intent 3
/// entries 1
/// subdirectory cur
/// old <old file name>
/// new <new file name>
/// old-device 2049
/// old-inode 1234567
/// old-size 5120
/// old-mtime 1700000000.123456789
/// new-size 4800
/// new-hash64 8c3a9b0e1f2d4c5b
/// end
/// ```
/// Earlier releases wrote version 2 (the same, with the new file's FNV-1a as `new-fnv64`)
/// and version 1 (one replacement per file: `trackless-intent 1`, then the lines of one
/// entry without `entries`); recovery still reads both, and checks each new file with the
/// hash its journal names.
struct IntentJournal: Equatable, Sendable {
    static let header = "trackless-intent 3"
    /// Version 2: as 3, with `new-fnv64`.
    static let fnvHeader = "trackless-intent 2"
    static let singleHeader = "trackless-intent 1"
    /// Longest intent file read: a batch of 64 entries with the longest names is far below.
    static let readLimit = 1 << 20

    var subdirectory: MaildirSubdirectory
    var oldName: String
    var newName: String
    var oldDevice: UInt64
    var oldInode: UInt64
    var oldSize: Int
    var oldModificationSeconds: Int
    var oldModificationNanoseconds: Int
    var newSize: Int
    var newHash: UInt64
    /// Which function `newHash` is of: `contentHash64` in what this release writes, FNV-1a
    /// in journals of earlier releases.
    var newHashIsFNV = false

    /// The journal entry for replacing the file `old` by `newContent`.
    init(subdirectory: MaildirSubdirectory, oldName: String, newName: String, old: FileStatus,
         newContent: [UInt8]) {
        self.init(subdirectory: subdirectory, oldName: oldName, newName: newName, old: old,
                  newSize: newContent.count, newHash: contentHash64(newContent))
    }

    init(subdirectory: MaildirSubdirectory, oldName: String, newName: String, old: FileStatus,
         newSize: Int, newHash: UInt64) {
        self.subdirectory = subdirectory
        self.oldName = oldName
        self.newName = newName
        oldDevice = old.device
        oldInode = old.inode
        oldSize = old.size
        oldModificationSeconds = Int(old.modificationTime.tv_sec)
        oldModificationNanoseconds = Int(old.modificationTime.tv_nsec)
        self.newSize = newSize
        self.newHash = newHash
    }

    /// True when `bytes` are the new file's content as promised (its size, then its hash).
    func isNewContent(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == newSize else { return false }
        return (newHashIsFNV ? fnv1a64(bytes) : contentHash64(bytes)) == newHash
    }

    /// True when `status` is the file this journal's old name referred to.
    func matchesOld(_ status: FileStatus) -> Bool {
        status.device == oldDevice && status.inode == oldInode && status.size == oldSize
            && Int(status.modificationTime.tv_sec) == oldModificationSeconds
            && Int(status.modificationTime.tv_nsec) == oldModificationNanoseconds
    }

    /// This entry's lines, `end` included.
    private var lines: [String] {
        let nanos = String(oldModificationNanoseconds)
        return [
            "subdirectory \(subdirectory.rawValue)",
            "old \(Self.escape(oldName))",
            "new \(Self.escape(newName))",
            "old-device \(oldDevice)",
            "old-inode \(oldInode)",
            "old-size \(oldSize)",
            "old-mtime \(oldModificationSeconds).\(String(repeating: "0", count: max(0, 9 - nanos.count)))\(nanos)",
            "new-size \(newSize)",
            newHashIsFNV ? "new-fnv64 \(String(newHash, radix: 16))" : "new-hash64 \(String(newHash, radix: 16))",
            "end",
        ]
    }

    /// An intent file naming `entries`, in order.
    static func encode(_ entries: [IntentJournal]) -> [UInt8] {
        let lines = [header, "entries \(entries.count)"] + entries.flatMap(\.lines)
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// The entries of an intent file (either version); nil for anything incomplete or
    /// malformed (a torn write).
    static func decode(_ bytes: [UInt8]) -> [IntentJournal]? {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard let first = lines.popFirst() else { return nil }
        if first == Substring(singleHeader) {
            return IntentJournal(lines: lines).map { [$0] }
        }
        guard first == Substring(header) || first == Substring(fnvHeader), let count = lines.popFirst().flatMap(Self.entryCount), count > 0 else {
            return nil
        }
        var entries: [IntentJournal] = []
        while entries.count < count {
            guard let end = lines.firstIndex(of: "end"), let entry = IntentJournal(lines: lines[..<lines.index(after: end)])
            else { return nil }
            entries.append(entry)
            lines = lines[lines.index(after: end)...]
        }
        return entries
    }

    private static func entryCount(_ line: Substring) -> Int? {
        guard line.hasPrefix("entries ") else { return nil }
        return Int(line.dropFirst(8))
    }

    /// One entry from its lines (up to and including `end`); nil when incomplete or malformed.
    private init?(lines: ArraySlice<Substring>) {
        guard lines.contains("end") else { return nil }
        var values: [String: String] = [:]
        for line in lines {
            guard let space = line.firstIndex(of: " ") else { continue }
            values[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        guard let sub = values["subdirectory"].flatMap(MaildirSubdirectory.init(rawValue:)),
              let old = values["old"].flatMap(Self.unescape), let new = values["new"].flatMap(Self.unescape),
              !old.isEmpty, !new.isEmpty, !old.contains("/"), !new.contains("/"),
              let device = values["old-device"].flatMap({ UInt64($0) }),
              let inode = values["old-inode"].flatMap({ UInt64($0) }),
              let oldSize = values["old-size"].flatMap({ Int($0) }),
              let mtime = values["old-mtime"], let dot = mtime.firstIndex(of: "."),
              let seconds = Int(mtime[..<dot]), let nanos = Int(mtime[mtime.index(after: dot)...]),
              let newSize = values["new-size"].flatMap({ Int($0) }),
              let hash = (values["new-hash64"] ?? values["new-fnv64"]).flatMap({ UInt64($0, radix: 16) })
        else { return nil }
        newHashIsFNV = values["new-hash64"] == nil
        subdirectory = sub
        oldName = old
        newName = new
        oldDevice = device
        oldInode = inode
        self.oldSize = oldSize
        oldModificationSeconds = seconds
        oldModificationNanoseconds = nanos
        self.newSize = newSize
        newHash = hash
    }

    static func escape(_ name: String) -> String {
        var bytes: [UInt8] = []
        for byte in name.utf8 {
            if byte <= 0x20 || byte == UInt8(ascii: "%") || byte == 0x7F {
                let hex = Array(String(byte, radix: 16, uppercase: true).utf8)
                bytes.append(UInt8(ascii: "%"))
                if hex.count == 1 { bytes.append(UInt8(ascii: "0")) }
                bytes += hex
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func unescape(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
