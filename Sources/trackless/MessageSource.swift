import Trackless
#if canImport(Glibc)
import Glibc
#endif

/// A message to read: a file, standard input, or a file inside a maildir.
struct MessageSource {
    var path: String?
    var isMaildirMessage = false

    var displayName: String { path ?? "-" }

    func read() throws(IO.Failure) -> [UInt8] {
        guard let path else { return try IO.readAll(fd: 0) }
        return try IO.readFile(path)
    }

    enum ExpandError: Error, CustomStringConvertible {
        case missing(String)
        var description: String {
            switch self { case .missing(let why): return why }
        }
    }

    /// A file, "-", or a directory holding maildirs (every message in cur/ and new/ of every folder).
    static func expand(_ path: String) throws -> [MessageSource] {
        if path == "-" { return [MessageSource(path: nil)] }
        var st = stat()
        guard stat(path, &st) == 0 else { throw ExpandError.missing(describeErrno(errno)) }
        if (st.st_mode & S_IFMT) != S_IFDIR { return [MessageSource(path: path)] }
        let files = try MaildirListing.messageFiles(under: path)
        return files.map { MessageSource(path: $0, isMaildirMessage: true) }
    }
}
