#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TFRecord
import TFRecordShards

/// An input file as a plan saw it: its path, size and modification time. A task whose
/// input differs would write other records than the plan's other tasks, so it refuses to
/// run.
public struct InputIdentity: Codable, Sendable, Equatable {
    /// The absolute path.
    public var path: String
    /// The size in bytes.
    public var size: Int
    /// The modification time, nanoseconds since the epoch.
    public var modified: Int64

    /// The identity of the file at `path` now.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` when it cannot be read.
    public init(path: String) throws(TFRecordError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw TFRecordError(.badInput, "cannot read it: \(String(cString: strerror(errno)))", at: SourceLocation(path: path))
        }
        self.path = path
        size = Int(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }

    /// What changed between `self` (planned) and `now`, in words; `nil` when nothing did.
    func change(to now: InputIdentity) -> String? {
        if size != now.size { return "its size changed from \(size) to \(now.size) bytes since planning" }
        if modified != now.modified { return "it was modified since planning" }
        return nil
    }

    /// The SHA-256 of many identities, for plans of more files than they list one by one.
    static func digest(_ identities: [InputIdentity]) -> String {
        let digest = SHA256Digest()
        for identity in identities {
            Array("\(identity.path)\t\(identity.size)\t\(identity.modified)\n".utf8).withUnsafeBytes { digest.update($0) }
        }
        return digest.finalizeHex()
    }
}
