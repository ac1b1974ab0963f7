#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TFRecord

/// An array inside a NumPy `.npz` archive, named as `archive:member` on the command line
/// (`data.npz:x_test`); the member is the name NumPy gave it (`x_test`), with or without
/// its `.npy`.
package struct NPZMemberPath: Sendable, Equatable {
    /// The archive's path.
    package var archive: String
    /// The member as written after the colon.
    package var member: String

    /// The member's file name in the archive: `x_test.npy` for `x_test`.
    package var entryName: String { member.hasSuffix(".npy") ? member : member + ".npy" }

    /// The path as written: `archive:member`.
    package var text: String { "\(archive):\(member)" }

    /// Splits `path` at its last colon when what comes before names an existing zip file
    /// and `path` itself names no file (a file may have a colon in its name); otherwise `nil`.
    package static func parse(_ path: String) -> NPZMemberPath? {
        guard access(path, F_OK) != 0, let colon = path.lastIndex(of: ":") else { return nil }
        let archive = String(path[..<colon])
        let member = String(path[path.index(after: colon)...])
        guard !archive.isEmpty, !member.isEmpty, InputKind.startsAsZip(archive) else { return nil }
        return NPZMemberPath(archive: archive, member: member)
    }
}
