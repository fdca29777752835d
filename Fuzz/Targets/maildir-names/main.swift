// Maildir file-name parsing (MaildirName, UniqueNameParts, TracklessTmpFile):
// - parsing is total and gives the name back: MaildirName(s).description == s;
// - it splits where Dovecot and the Maildir spec split: at the first ':' byte and at ','
//   bytes (a byte-level reference split must agree);
// - the name for a rewritten copy keeps the info (flags), carries the new size, and
//   keeps a ,W= field exactly when the old name had one;
// - our tmp-file names parse back to their unique part;
// - maildirVirtualSize counts every bare LF as CRLF.
import FuzzSupport
import Maildir

runFuzzer { input in
    let s = String(decoding: input, as: UTF8.self)
    let name = MaildirName(s)
    // Compared as bytes: String's == is canonical equivalence, file names are bytes.
    check(Array(name.description.utf8) == Array(s.utf8), "MaildirName(\(s.debugDescription)).description is \(name.description.debugDescription)")
    check(MaildirName(name.description) == name, "parsing \(s.debugDescription) twice differs")
    check(!name.unique.contains(":") && !name.unique.contains(","), "unique part \(name.unique.debugDescription) holds a separator")
    check(name.base.count <= s.count, "base longer than the name")
    if let size = name.size { check(size >= 0, "negative ,S= size \(size) in \(s.debugDescription)") }
    if let v = name.virtualSize { check(v >= 0, "negative ,W= size \(v) in \(s.debugDescription)") }
    if let flags = name.flags { check(!flags.contains(","), "flags \(flags.debugDescription) hold a comma") }

    // Byte-level reference: what Dovecot sees in the same file name.
    let utf8 = Array(s.utf8)
    let colon = utf8.firstIndex(of: 0x3A)
    let refBase = Array(utf8[..<(colon ?? utf8.count)])
    let refInfo = colon.map { Array(utf8[($0 + 1)...]) }
    let refFields = refBase.split(separator: 0x2C, omittingEmptySubsequences: false).map { Array($0) }
    check(name.info.map { Array($0.utf8) } == refInfo && Array(name.base.utf8) == refBase,
          "MaildirName(\(s.debugDescription)) splits base/info as \(name.base.debugDescription) / \(name.info.debugDescription), but the first ':' byte splits it as \(String(decoding: refBase, as: UTF8.self).debugDescription) / \(refInfo.map { String(decoding: $0, as: UTF8.self) }.debugDescription)")
    check(Array(name.unique.utf8) == refFields[0] && name.fields.map { Array($0.utf8) } == Array(refFields.dropFirst()),
          "MaildirName(\(s.debugDescription)) splits fields as \(name.unique.debugDescription) \(name.fields), but ',' bytes give \(refFields.map { String(decoding: $0, as: UTF8.self) })")

    let size = input.count * 7
    let vsize = maildirVirtualSize(input)
    let renamed = name.forRewrite(unique: "1700000000.M1P2Q3.host", size: size, virtualSize: vsize)
    let back = MaildirName(renamed.description)
    check(back == renamed, "rewrite name \(renamed.description.debugDescription) does not parse back")
    check(back.unique == "1700000000.M1P2Q3.host", "rewrite name lost its unique part: \(renamed.description.debugDescription)")
    check(back.size == size, "rewrite name \(renamed.description.debugDescription) has size \(String(describing: back.size)), not \(size)")
    check(back.info == name.info && back.flags == name.flags,
          "rewrite of \(s.debugDescription) changed the info: \(renamed.description.debugDescription)")
    check(back.hasVirtualSizeField == name.hasVirtualSizeField,
          "rewrite of \(s.debugDescription) gained or lost ,W=: \(renamed.description.debugDescription)")
    if name.hasVirtualSizeField { check(back.virtualSize == vsize, "rewrite name has the wrong ,W= value") }

    if let parts = UniqueNameParts(name.unique) {
        check(parts.host.utf8.count < name.unique.utf8.count, "host \(parts.host.debugDescription) not shorter than the unique part")
        for suffix in [TracklessTmpFile.newSuffix, TracklessTmpFile.intentSuffix] {
            let tmp = name.unique + suffix
            let parsed = TracklessTmpFile.parse(tmp)
            check(parsed?.unique == name.unique && parsed?.parts == parts,
                  "tmp name \(tmp.debugDescription) does not parse back to its unique part")
        }
    }
    _ = TracklessTmpFile.parse(s)

    let viaReplacer = MaildirReplacer.newName(for: s, unique: "1700000000.M1P2Q3.host", newBytes: input)
    check(MaildirName(viaReplacer).info == name.info, "MaildirReplacer.newName(for: \(s.debugDescription)) is \(viaReplacer.debugDescription): flags lost")

    var bareLF = 0
    var previous: UInt8 = 0
    for b in input {
        if b == 0x0A && previous != 0x0D { bareLF += 1 }
        previous = b
    }
    check(vsize == input.count + bareLF, "maildirVirtualSize \(vsize) != \(input.count) + \(bareLF) bare LFs")
}
