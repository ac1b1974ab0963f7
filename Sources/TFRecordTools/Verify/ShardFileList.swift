#if canImport(Glibc)
import Glibc
#endif
import TFRecord
import TFRecordShards

/// The record files named on a command line: files as given, directories expanded to the
/// shards they hold.
public enum ShardFileList {
    /// Expands `paths`: a directory contributes its files whose names match `template` or
    /// contain `.tfrec` (hidden files, such as temporaries, and `.idx` index files
    /// excluded), in shard order.
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
            let names = try directory.fileNames().filter { name in
                !name.hasPrefix(".") && !name.hasSuffix(".idx")
                    && (template.match(name) != nil || name.contains(".tfrec"))
            }
            guard !names.isEmpty else {
                throw TFRecordError(.badInput, "no record files in directory", at: SourceLocation(path: path))
            }
            let ordered = names.sorted { a, b in
                (template.match(a)?.shard ?? Int.max, a) < (template.match(b)?.shard ?? Int.max, b)
            }
            files += ordered.map(directory.file)
        }
        return files
    }
}
