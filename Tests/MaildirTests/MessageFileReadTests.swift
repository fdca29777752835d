import Foundation
@testable import Maildir
import Testing

/// `MessageFile.readAll` reads into storage it does not zero first: whatever the file's
/// size said, it must return exactly the file's bytes, and refuse one grown past the limit.
@Suite struct MessageFileReadTests {
    static func bytes(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) } }

    @Test(arguments: [0, 1, 4095, 4096, 70_001])
    func readsTheWholeFile(size: Int) throws {
        let scratch = try Scratch()
        let path = scratch.path + "/m"
        let content = Self.bytes(size)
        try Data(content).write(to: URL(fileURLWithPath: path))
        #expect(try MessageFile.read(path).bytes == content)
        // The size read before a file grew (or shrank): it still comes whole.
        for expected in [0, 1, size / 2, size, size * 3 + 5] {
            let fd = open(path, O_RDONLY)
            defer { close(fd) }
            #expect(try MessageFile.readAll(fd, expected: expected, limit: 1 << 30, path: path) == content, "expected \(expected)")
        }
    }

    @Test func aFileGrownPastTheLimitIsRefused() throws {
        let scratch = try Scratch()
        let path = scratch.path + "/m"
        try Data(Self.bytes(50_000)).write(to: URL(fileURLWithPath: path))
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        #expect(throws: MaildirError.self) { try MessageFile.readAll(fd, expected: 100, limit: 10_000, path: path) }
    }
}
