import Maildir

/// Lists message files of maildir trees for read-only commands (preview).
public enum MaildirListing {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Every message file in cur/ and new/ of every folder under `root` (Maildir++ and fs layout).
    public static func messageFiles(under root: String) throws(Failure) -> [String] {
        let found = MaildirDiscovery.folders(in: [root])
        if let problem = found.problems.first { throw Failure(description: problem.reason) }
        guard !found.folders.isEmpty else { throw Failure(description: "\(root) is not a maildir (no cur/ or new/ folder)") }
        var files: [String] = []
        for folder in found.folders {
            do {
                files.append(contentsOf: try MaildirDiscovery.messages(in: folder).messages.map(\.path))
            } catch {
                throw Failure(description: "\(folder.path): \(error.description)")
            }
        }
        return files
    }
}
