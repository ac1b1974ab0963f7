#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TFRecord

/// Input paths as the user wrote them, patterns expanded: `tfrec convert 'data/part-*.csv'`
/// works without a shell to expand the pattern (and with more files than a command line
/// holds).
public enum InputPaths {
    /// Expands every pattern in `arguments`, keeping the order of the arguments.
    ///
    /// An argument with `*`, `?` or `[` is a `glob(3)` pattern and stands for the paths it
    /// matches, sorted by their UTF-8 bytes: the same order in every locale, and the same for
    /// every kind of input (CSV files, arrays), whatever Unicode normalization the names use
    /// (`String` order would compare them after normalizing). Like the shell, `*` and `?` do
    /// not match a leading `.`. An argument that names an existing file is taken as it is,
    /// even with those characters in its name; other arguments are taken as they are (a
    /// missing file is reported when it is opened).
    ///
    /// This lets a quoted pattern stand for several files where no shell expands it
    /// (`tfrec convert 'part-*.csv'`, `--images 'part-*.npy'`), and for more files than a
    /// command line holds.
    ///
    /// - Throws: ``TFRecord/TFRecordError`` `.badInput` for a pattern that matches nothing,
    ///   or whose directories cannot be read (`GLOB_ERR`: a match is never missed silently).
    public static func expand(_ arguments: [String]) throws(TFRecordError) -> [String] {
        var paths: [String] = []
        for argument in arguments {
            guard isPattern(argument), access(argument, F_OK) != 0 else {
                paths.append(argument)
                continue
            }
            let matches = try matches(of: argument)
            guard !matches.isEmpty else {
                throw TFRecordError(.badInput, "no file matches this pattern", at: SourceLocation(path: argument))
            }
            paths += matches.sorted { $0.precedesInUTF8ByteOrder($1) }
        }
        return paths
    }

    /// Whether `argument` holds a character that `glob(3)` treats as a wildcard.
    public static func isPattern(_ argument: String) -> Bool {
        argument.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") }
    }

    /// The paths that `pattern` matches (`glob(3)` with `GLOB_ERR`, unsorted: its own order
    /// follows the locale's collation).
    private static func matches(of pattern: String) throws(TFRecordError) -> [String] {
        var found = glob_t()
        defer { globfree(&found) }
        switch glob(pattern, GLOB_ERR | GLOB_NOSORT, nil, &found) {
        case 0:
            return (0..<Int(found.gl_pathc)).compactMap { found.gl_pathv[$0].map { String(cString: $0) } }
        case GLOB_NOMATCH:
            return []
        default:
            throw TFRecordError(.badInput, "cannot expand this pattern (a directory cannot be read, or out of memory)",
                                at: SourceLocation(path: pattern))
        }
    }
}
