import Foundation
import TFRecord
import TFRecordShards

/// The bounding box annotations of a folder, found by image: the annotation of
/// `n01440764_10026.JPEG` is the `n01440764_10026.xml` anywhere under the folder
/// (`DIR/n01440764/n01440764_10026.xml` as ImageNet's archive unpacks, or flat).
///
/// The folder is listed once, up front; annotations are read when asked for, so lookups
/// from many threads at once are fine and an annotation that is never asked for is never
/// parsed.
public struct BoundingBoxIndex: Sendable {
    /// The folder, as given.
    public let directory: String
    /// Annotation paths by stem.
    let paths: [String: String]

    /// The number of annotation files.
    public var count: Int { paths.count }
    /// The annotation files, sorted: inputs whose changes change the output.
    public var files: [String] { paths.values.sorted() }

    /// Lists the `.xml` files under `directory`, recursively (hidden files and folders
    /// skipped, other files ignored).
    ///
    /// - Parameter directory: The folder of annotations.
    /// - Throws: ``TFRecordError`` `.io` when the folder cannot be listed; `.badInput` at
    ///   the later path (in byte order) when two annotations share a stem, or at the folder
    ///   when it holds no `.xml` file.
    /// - Complexity: O(*n* log *n*) in the number of files under the folder.
    public init(directory: String) throws(TFRecordError) {
        self.directory = directory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
            let enumerator = FileManager.default.enumerator(atPath: directory)
        else {
            throw TFRecordError(.io, "cannot list the folder of annotations", at: SourceLocation(path: directory))
        }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            guard (name as NSString).pathExtension.lowercased() == "xml" else { continue }
            let path = OutputDirectory.join(directory, relative)
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            files.append(relative)
        }
        // Sorted so that which of two same-stem files is reported does not depend on the listing.
        files = files.map { (Array($0.utf8), $0) }.sorted { $0.0.lexicographicallyPrecedes($1.0) }.map(\.1)
        var paths: [String: String] = [:]
        for relative in files {
            let stem = ((relative as NSString).lastPathComponent as NSString).deletingPathExtension
            let path = OutputDirectory.join(directory, relative)
            if let first = paths[stem] {
                throw TFRecordError(.badInput, "a second annotation for '\(stem)' (the first is \(first))",
                                    at: SourceLocation(path: path))
            }
            paths[stem] = path
        }
        guard !paths.isEmpty else {
            throw TFRecordError(.badInput, "no .xml annotation files in the folder",
                                at: SourceLocation(path: directory))
        }
        self.paths = paths
    }

    /// The path of the annotation of the image `image` (a file name or path: its stem
    /// counts); `nil` when it has none.
    public func annotationPath(forImage image: String) -> String? {
        paths[Self.stem(image)]
    }

    /// The annotation of the image `image`; `nil` when it has none.
    ///
    /// - Throws: ``TFRecordError`` as ``VOCAnnotation/read(path:)``, naming the XML file.
    public func annotation(forImage image: String) throws(TFRecordError) -> VOCAnnotation? {
        guard let path = annotationPath(forImage: image) else { return nil }
        return try VOCAnnotation.read(path: path)
    }

    /// The boxes of the image `image` of class `synset`, relative to the image (see
    /// ``VOCAnnotation/relativeBoxes(synset:classes:)``); empty when it has no annotation.
    ///
    /// - Parameters:
    ///   - image: The image's file name or path (`n01440764_10026.JPEG`).
    ///   - synset: The image's class.
    ///   - classes: The dataset's classes; `nil` keeps boxes of any label.
    /// - Throws: ``TFRecordError`` as ``VOCAnnotation/read(path:)``, naming the XML file.
    public func boxes(forImage image: String, synset: String, classes: ClassLabelMap?) throws(TFRecordError)
        -> [RelativeBox]
    {
        try annotation(forImage: image)?.relativeBoxes(synset: synset, classes: classes) ?? []
    }

    /// `n01440764_10026` for `train/n01440764/n01440764_10026.JPEG`.
    static func stem(_ image: String) -> String {
        ((image as NSString).lastPathComponent as NSString).deletingPathExtension
    }
}
