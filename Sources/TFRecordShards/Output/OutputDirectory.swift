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

    /// Opens the directory at `path`, which must exist (for commands that only read or
    /// tidy a directory).
    ///
    /// - Throws: ``TFRecordError`` `.badInput` if `path` is missing or not a directory.
    public init(existing path: String) throws(TFRecordError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw TFRecordError(.badInput, "no such directory", at: SourceLocation(path: path))
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw TFRecordError(.badInput, "not a directory", at: SourceLocation(path: path))
        }
        self.path = path
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

    /// Writes a small file under `name` atomically: temporary name, fsync, rename (see
    /// ``AtomicOutputFile``).
    ///
    /// - Throws: ``TFRecordError`` `.io`; the temporary file is removed on failure.
    public func writeAtomically(name: String, contents: [UInt8]) throws(TFRecordError) {
        let output = try AtomicOutputFile(directory: self, name: name)
        try rethrowingTFRecordError { try contents.withUnsafeBytes { (raw) in try output.write(raw) } }
        try output.commit()
    }

    /// Removes the file `name` (a missing file is not an error).
    package func remove(_ name: String) throws(TFRecordError) {
        guard unlink(file(name)) == 0 || errno == ENOENT else { throw .system("remove", path: file(name)) }
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
