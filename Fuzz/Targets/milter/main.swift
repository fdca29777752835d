// The milter protocol, MTA bytes in, replies out, with the real cleaner behind it:
// - reading packets and answering them never traps, whatever the bytes;
// - every reply is a well-formed packet, and modifications come only at the end of a
//   message, followed by exactly one verdict, accept or tempfail (never a rejection);
// - the modifications, applied as an MTA applies them to the message it holds, give
//   exactly the cleaner's output.
import FuzzSupport
import MailMIME
import Milter
import Trackless

/// The cleaner, recording what it was given and what it made.
final class Recorder: MilterMessageFilter, @unchecked Sendable {
    let cleaner = Cleaner()
    var last: (input: [UInt8], output: [UInt8]?)?

    func filter(_ message: [UInt8], recipients: [String], queueID: String?) -> MilterFilterOutcome {
        let result = cleaner.clean(message, recipients: recipients)
        last = (message, result.changed ? result.bytes : nil)
        return result.changed ? .changed(result.bytes) : .unchanged
    }
}

/// What an MTA holds: header fields (name, value as sent) and a body.
func split(_ message: [UInt8]) -> (fields: [(String, [UInt8])], body: [UInt8]) {
    let parsed = MIMEMessage(bytes: message)
    let fields = parsed.root.fields.map { f -> (String, [UInt8]) in
        var value: [UInt8] = []
        let r = f.valueRange
        for k in r where !(message[k] == 0x0D && k + 1 < r.upperBound && message[k + 1] == 0x0A) { value.append(message[k]) }
        return (String(decoding: message[f.nameRange], as: UTF8.self), value)
    }
    return (fields, Array(message[parsed.root.bodyRange.lowerBound...]))
}

func join(_ fields: [(String, [UInt8])], _ body: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    for (name, value) in fields {
        out += Array(name.utf8) + [0x3A]
        for b in value { if b == 0x0A { out += [0x0D, 0x0A] } else { out.append(b) } }
        out += [0x0D, 0x0A]
    }
    return out + [0x0D, 0x0A] + body
}

let recorder = Recorder()
runFuzzer { input in
    var reader = MilterPacketReader()
    var session = MilterSession(filter: recorder, options: MilterSessionOptions(maxMessageSize: 1 << 20))
    reader.append(input)
    while true {
        let packet: MilterPacket
        do {
            guard let p = try reader.next() else { return }
            packet = p
        } catch {
            return
        }
        recorder.last = nil
        let replies: [MilterPacket]
        do {
            replies = try session.handle(packet)
        } catch {
            return  // the connection ends; the MTA applies its default action
        }
        for reply in replies {
            var again = MilterPacketReader()
            again.append(reply.encoded)
            check((try? again.next()) == reply, "reply \(reply.code) does not frame back")
        }
        let isEnd = packet.code == MilterCommand.endOfBody.rawValue
        let modifications = replies.filter {
            [MilterReply.insertHeader, .changeHeader, .addHeader, .replaceBody].map(\.rawValue).contains($0.code)
        }
        check(isEnd || modifications.isEmpty, "modifications in reply to command \(packet.code)")
        if let verdict = replies.last, isEnd {
            check(verdict.code == MilterReply.accept.rawValue || verdict.code == MilterReply.tempfail.rawValue,
                  "end of message answered \(verdict.code)")
            check(replies.dropLast().allSatisfy { modifications.contains($0) }, "more than one verdict")
        }
        guard isEnd, let last = recorder.last else { continue }
        // Apply the modifications as the MTA would, to the message it holds.
        var (fields, body) = split(last.input)
        var newBody: [UInt8]?
        for m in modifications {
            let d = m.data[...]
            switch m.code {
            case MilterReply.replaceBody.rawValue:
                newBody = (newBody ?? []) + m.data
            case MilterReply.insertHeader.rawValue, MilterReply.changeHeader.rawValue:
                let index = Int(d.bigEndianUInt32(at: 0) ?? 0)
                let strings = MilterPacket(code: 0, data: Array(m.data.dropFirst(4))).strings
                let name = String(decoding: strings.first ?? [], as: UTF8.self)
                let value = strings.count > 1 ? strings[1] : []
                if m.code == MilterReply.insertHeader.rawValue {
                    fields.insert((name, value), at: min(index, fields.count))
                } else {
                    let same = fields.indices.filter { fields[$0].0.lowercased() == name.lowercased() }
                    let at = max(index, 1) - 1
                    if at < same.count {
                        if value.isEmpty { fields.remove(at: same[at]) } else { fields[same[at]].1 = value }
                    }
                }
            default:
                break
            }
        }
        if let output = last.output, modifications.count > 0 {
            let applied = join(fields, newBody ?? body)
            let at = firstDifference(applied, output)
            check(applied == output,
                  "the modifications give \(show(Array(applied[max(0, at - 80)...].prefix(160)))) where the cleaner made \(show(Array(output[max(0, at - 80)...].prefix(160)))) (at byte \(at))")
        }
        check(last.output != nil || modifications.isEmpty, "modifications for an unchanged message")
        _ = body
    }
}
