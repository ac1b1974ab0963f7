#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TFRecord

/// Finding array inputs: which paths are arrays, and quoted glob patterns.
public enum ArrayInputPaths {
    /// Whether `path` is an array file (`.npy`, IDX, or either gzip-compressed), by its first
    /// bytes — `\x93NUMPY`, IDX's `00 00`, gzip's `1f 8b` — or, when they do not say, by its
    /// name (`.npy`, `.gz`, `idx`, `-ubyte`), so that a damaged array gets an array error.
    ///
    /// A CSV starts with none of these bytes. A path that cannot be read is not an array
    /// (the CSV path then reports it).
    public static func isArray(_ path: String) -> Bool {
        let name = path.lowercased()
        if name.hasSuffix(".npy") || name.hasSuffix(".gz") || name.contains("idx") || name.hasSuffix("-ubyte") {
            return true
        }
        guard let file = try? RandomAccessFile(path: path), let start = try? file.read(at: 0, count: 2) else {
            return false
        }
        return start == [0x93, 0x4E] || start == [0x00, 0x00] || start == [0x1F, 0x8B]
    }

    /// Expands glob patterns (`*`, `?`, `[…]`, with `glob(3)`) into the files they match,
    /// sorted by name; a path without pattern characters, or one naming an existing file,
    /// stays as it is. The order of the arguments is kept.
    ///
    /// This lets a quoted pattern stand for several files where the shell does not expand
    /// it, as in `--images 'part-*.npy'`.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` for a pattern that matches no file.
    public static func expand(_ patterns: [String]) throws(TFRecordError) -> [String] {
        var paths: [String] = []
        for pattern in patterns {
            guard pattern.contains(where: { "*?[".contains($0) }), access(pattern, F_OK) != 0 else {
                paths.append(pattern)
                continue
            }
            var result = glob_t()
            defer { globfree(&result) }
            guard glob(pattern, GLOB_ERR, nil, &result) == 0 else {
                throw TFRecordError(.badInput, "no file matches the pattern", at: SourceLocation(path: pattern))
            }
            // Sorted here by code point, not by glob's locale collation: the same order everywhere.
            paths += (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }.sorted()
        }
        return paths
    }
}
