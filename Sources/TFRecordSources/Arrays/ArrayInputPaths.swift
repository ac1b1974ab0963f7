#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TFRecord

/// Finding array inputs: which paths are arrays, and quoted glob patterns.
public enum ArrayInputPaths {
    /// Whether `path` is an array file (`.npy`, IDX, either gzip-compressed, or a NumPy
    /// `.npz` archive or one of its members), as ``InputKind/detect(_:)`` decides: by its
    /// first bytes or, when they do not say, by its name, so that a damaged array gets an
    /// array error. A path that cannot be read is not an array unless its name says so (the
    /// CSV path then reports it).
    public static func isArray(_ path: String) -> Bool {
        InputKind.detect(path).isArray
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
