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

/// The image files of a folder, in a reproducible order, with their labels.
public struct ImageFolderListing: Sendable {
    /// One image file.
    public struct Entry: Sendable, Equatable {
        /// The path, `folder/relative`.
        public var path: String
        /// The label.
        public var label: Int64
    }

    /// The files, sorted by relative path (byte order).
    public var entries: [Entry]
    /// Class names by label, for ``LabelSource/dir``; empty for ``LabelSource/name``.
    public var classes: [String]

    /// File name endings taken as images.
    static let extensions: Set<String> = ["jpg", "jpeg", "png"]

    /// Lists `folder` recursively (hidden files skipped).
    ///
    /// - Throws: ``TFRecordError`` `.badInput` for a file name without a `_<label>` suffix
    ///   (``LabelSource/name``), an image directly in the folder (``LabelSource/dir``), a
    ///   file that is not an image (by extension), or a folder without images.
    public static func list(_ folder: String, labels: LabelSource) throws(TFRecordError) -> ImageFolderListing {
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
            guard extensions.contains((name as NSString).pathExtension.lowercased()) else {
                throw TFRecordError(.badInput, "not an image file (expected .jpg, .jpeg or .png)", at: SourceLocation(path: path))
            }
            files.append(relative)
        }
        files.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        guard !files.isEmpty else {
            throw TFRecordError(.badInput, "no JPEG or PNG images in the folder", at: SourceLocation(path: folder))
        }
        switch labels {
        case .name:
            let entries = try files.map { (relative) throws(TFRecordError) in
                let path = OutputDirectory.join(folder, relative)
                guard let label = labelFromName((relative as NSString).lastPathComponent) else {
                    throw TFRecordError(.badInput, "no label in the file name: expected <name>_<label>.<ext>, e.g. 123456789012_7.jpeg",
                                        at: SourceLocation(path: path))
                }
                return Entry(path: path, label: label)
            }
            return ImageFolderListing(entries: entries, classes: [])
        case .dir:
            let parents = try files.map { (relative) throws(TFRecordError) in
                let parent = (relative as NSString).deletingLastPathComponent
                guard !parent.isEmpty else {
                    throw TFRecordError(.badInput, "an image outside a class directory (\(setting: .labelSource, "dir") expects folder/class/image)",
                                        at: SourceLocation(path: OutputDirectory.join(folder, relative)))
                }
                return parent
            }
            let classes = Array(Set(parents)).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, Int64($0)) })
            let entries = zip(files, parents).map { Entry(path: OutputDirectory.join(folder, $0), label: index[$1]!) }
            return ImageFolderListing(entries: entries, classes: classes)
        }
    }

    /// The label in `name_7.jpeg` → 7; `nil` without a `_<digits>.` suffix.
    static func labelFromName(_ name: String) -> Int64? {
        let stem = (name as NSString).deletingPathExtension
        guard let underscore = stem.lastIndex(of: "_") else { return nil }
        let digits = stem[stem.index(after: underscore)...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(digits)
    }
}
