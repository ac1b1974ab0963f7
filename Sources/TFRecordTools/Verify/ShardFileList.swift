#if canImport(Glibc)
import Glibc
#endif
import TFRecord
import TFRecordShards

/// The record files named on a command line: files as given, directories expanded to the
/// shards they hold.
public enum ShardFileList {
    /// Expands `paths`: a directory contributes its files whose names match `template`,
    /// contain `.tfrec` or are listed in its `manifest.json` (hidden files, such as
    /// temporaries, and `.idx` index files excluded), in the manifest's order, then in shard
    /// order.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` for a missing path or a directory without
    ///   record files.
    public static func resolve(_ paths: [String], template: ShardNameTemplate) throws(TFRecordError) -> [String] {
        var files: [String] = []
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw TFRecordError(.badInput, "no such file or directory", at: SourceLocation(path: path))
            }
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                files.append(path)
                continue
            }
            let directory = try OutputDirectory(path: path)
            // A manifest names its shards whatever their names (train-00000-of-01024).
            let listed = (try? Manifest.read(fromDirectory: path))?.shards.map(\.name) ?? []
            let rank = Dictionary(listed.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            let names = try directory.fileNames().filter { name in
                !name.hasPrefix(".") && !name.hasSuffix(".idx")
                    && (template.match(name) != nil || name.contains(".tfrec") || rank[name] != nil)
            }
            guard !names.isEmpty else {
                throw TFRecordError(.badInput, "no record files in directory", at: SourceLocation(path: path))
            }
            let ordered = names.sorted { a, b in
                (rank[a] ?? Int.max, template.match(a)?.shard ?? Int.max, a) < (rank[b] ?? Int.max, template.match(b)?.shard ?? Int.max, b)
            }
            files += ordered.map(directory.file)
        }
        return files
    }
}
