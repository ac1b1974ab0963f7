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
    /// bytes; hidden files and folders are skipped, and so are the `labels.txt` and
    /// `manifest.json` of an earlier conversion into the folder.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` for a folder that cannot be listed or has no
    ///   files.
    /// - Complexity: O(n log n) for n files, plus one `stat` per entry.
    public static func files(in folder: String) throws(TFRecordError) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else {
            throw TFRecordError(.badInput, "cannot list the folder", at: SourceLocation(path: folder))
        }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            var isDirectory: ObjCBool = false
            let path = OutputDirectory.join(folder, relative)
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            if name == "labels.txt" || name == Manifest.fileName { continue }
            files.append(relative)
        }
        files.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        guard !files.isEmpty else {
            throw TFRecordError(.badInput, "no files in the folder", at: SourceLocation(path: folder))
        }
        return files
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
