#if canImport(Glibc)
import Glibc
#endif

/// Lists message files of maildir trees for read-only commands (preview).
public enum MaildirListing {
    public enum Failure: Error, CustomStringConvertible {
        case notAMaildir(String)
        case unreadable(String, Int32)
        public var description: String {
            switch self {
            case .notAMaildir(let p): return "\(p) is not a maildir (no cur/ or new/ folder)"
            case .unreadable(let p, let e): return "\(p): \(String(cString: strerror(e)))"
            }
        }
    }

    /// Every file in cur/ and new/ of the maildir at `root` and of its Maildir++ `.Folder`s.
    public static func messageFiles(under root: String) throws(Failure) -> [String] {
        var folders = [root]
        for name in try entries(root) where name.hasPrefix(".") && name != "." && name != ".." {
            let p = root + "/" + name
            if isDirectory(p + "/cur") || isDirectory(p + "/new") { folders.append(p) }
        }
        guard folders.contains(where: { isDirectory($0 + "/cur") || isDirectory($0 + "/new") }) else {
            throw .notAMaildir(root)
        }
        var files: [String] = []
        for folder in folders {
            for sub in ["new", "cur"] where isDirectory(folder + "/" + sub) {
                for name in try entries(folder + "/" + sub).sorted() where !name.hasPrefix(".") {
                    files.append(folder + "/" + sub + "/" + name)
                }
            }
        }
        return files
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func entries(_ path: String) throws(Failure) -> [String] {
        guard let dir = opendir(path) else { throw .unreadable(path, errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
