#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TFRecord
import TFRecordShards

/// Where an image's label comes from.
public enum LabelSource: String, CaseIterable, Sendable {
    /// The `_<label>.` suffix of the file name (`123456789012_7.jpeg`), as `tfrec images`
    /// and the reference workflow name files.
    case name
    /// The parent directory (`cat/001.jpg`): classes are the sorted directory names,
    /// labels their indices; `labels.txt` beside the shards maps them back.
    case dir
}

/// The files of an image folder, in a reproducible order.
///
/// Every file is listed whatever its name: what a file is is decided by its bytes when it is
/// converted (a `.JPEG` may hold a PNG, a `.txt` is an error for that file).
public enum ImageFolderListing {
    /// The files of `folder` and its subfolders as relative paths, sorted by their UTF-8
    /// bytes; hidden files and folders are skipped, and so are the `labels.txt`,
    /// `manifest.json` and `errors.tsv` of an earlier conversion into the folder. Links are
    /// followed, but not into a loop.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` for a folder that cannot be listed or has no
    ///   files.
    /// - Complexity: O(n log n) for n files, plus one `stat` per entry.
    public static func files(in folder: String) throws(TFRecordError) -> [String] {
        var files: [String] = []
        var ancestors: Set<FolderIdentity> = []
        try walk(folder, relative: "", ancestors: &ancestors, into: &files)
        files.sort { $0.precedesInUTF8ByteOrder($1) }
        guard !files.isEmpty else {
            throw TFRecordError(.badInput, "no files in the folder", at: SourceLocation(path: folder))
        }
        return files
    }

    /// A folder by device and inode: what a link to a folder above it would repeat.
    private struct FolderIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// Appends the files under `folder/relative` to `files`, with `readdir(3)`: a million
    /// names cost no `stat` each where the file system reports entry types.
    ///
    /// Links are followed, except to a folder that is already being walked (`ancestors`): a
    /// link loop would list the same files again and again.
    private static func walk(_ folder: String, relative: String, ancestors: inout Set<FolderIdentity>,
                             into files: inout [String]) throws(TFRecordError) {
        let directory = relative.isEmpty ? folder : OutputDirectory.join(folder, relative)
        var info = stat()
        guard stat(directory, &info) == 0 else {
            throw TFRecordError(.badInput, "cannot list the folder: \(String(cString: strerror(errno)))",
                                at: SourceLocation(path: directory))
        }
        let identity = FolderIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        guard ancestors.insert(identity).inserted else { return }
        defer { ancestors.remove(identity) }
        // Read the whole folder first, so that one descriptor is open at a time however deep.
        let subfolders = try entries(of: directory, relative: relative, into: &files)
        for subfolder in subfolders { try walk(folder, relative: subfolder, ancestors: &ancestors, into: &files) }
    }

    /// Appends the files of one folder to `files` and returns its subfolders, as paths
    /// relative to the listed folder.
    private static func entries(of directory: String, relative: String, into files: inout [String])
        throws(TFRecordError) -> [String]
    {
        guard let stream = opendir(directory) else {
            throw TFRecordError(.badInput, "cannot list the folder: \(String(cString: strerror(errno)))",
                                at: SourceLocation(path: directory))
        }
        defer { closedir(stream) }
        var subfolders: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 {
                    throw TFRecordError(.io, "cannot list the folder: \(String(cString: strerror(errno)))",
                                        at: SourceLocation(path: directory))
                }
                return subfolders
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            let path = relative.isEmpty ? name : relative + "/" + name
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK) {
                // Follow links, as a listing of the folder's contents would.
                var info = stat()
                guard stat(OutputDirectory.join(directory, name), &info) == 0 else { continue }
                type = (info.st_mode & S_IFMT) == S_IFDIR ? UInt8(DT_DIR) : (info.st_mode & S_IFMT) == S_IFREG ? UInt8(DT_REG) : 0
            }
            if type == UInt8(DT_DIR) {
                subfolders.append(path)
            } else if type == UInt8(DT_REG) {
                // What an earlier conversion may have left in the folder.
                if relative.isEmpty && ["labels.txt", Manifest.fileName, "errors.tsv"].contains(name) { continue }
                files.append(path)
            }
        }
    }

    /// The label in `name_7.jpeg` → 7; `nil` without a `_<digits>.` suffix.
    public static func labelFromName(_ name: String) -> Int64? {
        let stem = (name as NSString).deletingPathExtension
        guard let underscore = stem.lastIndex(of: "_") else { return nil }
        let digits = stem[stem.index(after: underscore)...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(digits)
    }
}
