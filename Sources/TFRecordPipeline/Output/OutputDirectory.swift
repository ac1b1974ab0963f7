#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TFRecord

/// The directory that receives shards: created if missing, checked for earlier output,
/// and swept of temporary files that dead runs left behind.
public struct OutputDirectory: Sendable {
    /// The directory's path as given.
    public let path: String

    /// Prefix of temporary shard names: hidden, and never matching a shard template.
    static let temporaryPrefix = ".tfrec-tmp-"
    /// Prefix of complete shards waiting for commit (kept across an interruption for
    /// `--resume`): hidden, and never matching a shard template.
    static let partPrefix = ".tfrec-part-"

    /// Opens (creating if needed, like `mkdir -p`) the directory at `path`.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` if `path` exists and is not a directory,
    ///   `.io` if it cannot be created.
    public init(path: String) throws(TFRecordError) {
        self.path = path
        var info = stat()
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw TFRecordError(.badInput, "output path exists and is not a directory", at: SourceLocation(path: path))
            }
            return
        }
        try Self.makeDirectories(path)
    }

    /// The full path of `name` inside the directory.
    public func file(_ name: String) -> String { Self.join(path, name) }

    /// Names of the regular files in the directory, sorted.
    public func fileNames() throws(TFRecordError) -> [String] {
        guard let dir = opendir(path) else { throw .system("list", path: path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            var info = stat()
            if stat(file(name), &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG { names.append(name) }
        }
        return names.sorted()
    }

    /// Files that a template made, in shard order.
    public func shards(matching template: ShardNameTemplate) throws(TFRecordError) -> [String] {
        try fileNames().compactMap { name in template.match(name).map { (name, $0.shard) } }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
    }

    /// Writes a small file under `name` atomically: temporary name, fsync, rename.
    ///
    /// - Throws: ``TFRecordError`` `.io`; the temporary file is removed on failure.
    public func writeAtomically(name: String, contents: [UInt8]) throws(TFRecordError) {
        let temporary = file("\(Self.temporaryPrefix)\(getpid())-\(name)")
        do throws(TFRecordError) {
            let output = try OutputFile(creating: temporary)
            try output.write(contents)
            try output.sync()
            try output.close()
            guard rename(temporary, file(name)) == 0 else { throw .system("rename \(temporary) to", path: file(name)) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Removes the file `name` (a missing file is not an error).
    func remove(_ name: String) throws(TFRecordError) {
        guard unlink(file(name)) == 0 || errno == ENOENT else { throw .system("remove", path: file(name)) }
    }

    /// Removes temporary files of runs whose process no longer exists (killed runs).
    ///
    /// - Returns: the names removed.
    @discardableResult
    public func removeStaleTemporaries() throws(TFRecordError) -> [String] {
        var removed: [String] = []
        for name in try fileNames() where name.hasPrefix(Self.temporaryPrefix) {
            let pidText = name.dropFirst(Self.temporaryPrefix.count).prefix { $0.isNumber }
            guard let pid = Int32(pidText), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            if unlink(file(name)) == 0 { removed.append(name) }
        }
        return removed
    }

    private static func makeDirectories(_ path: String) throws(TFRecordError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw .system("create directory", path: prefix)
            }
            prefix += "/"
        }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw TFRecordError(.badInput, "output path is not a directory", at: SourceLocation(path: path))
        }
    }
}
