import Foundation
import TFRecord
import TFRecordShards
import TFRecordSources

/// The image files of a conversion, in record order, each with its label and class.
///
/// Labels come from one of three places:
/// - a flat folder with a validation labels file (``ValidationLabels``): each file's class
///   by its name;
/// - class directories (`folder/n01440764/x.JPEG`): each file's parent; the default of
///   ``ImageSchema/imagenet`` and ``LabelSource/dir``, and what a labels file implies;
/// - the file name's `_<label>` suffix (``LabelSource/name``): a number, no classes.
///
/// Classes are numbered in the order of the labels file, or of the sorted class names,
/// starting at the label offset.
struct ImageFolderFiles: Sendable {
    /// One file.
    struct File: Sendable, Equatable {
        /// `folder/relative`.
        var path: String
        var label: Int64
        /// The index of its class in ``classes``; `nil` without classes.
        var classIndex: Int?
    }

    /// The files, sorted by relative path.
    var files: [File]
    /// The classes; `nil` for labels from file names.
    var classes: ClassLabelMap?

    /// Lists and labels the files of `options.folder`.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` for a folder without files, a file outside a
    ///   class directory, a class or validation label missing from the labels file, a file
    ///   name without a label; the errors of the labels files.
    static func list(_ options: ImageFolderConversion.Options) throws(TFRecordError) -> ImageFolderFiles {
        let folder = options.folder
        let relative = try ImageFolderListing.files(in: folder)
        let offset = options.labelOffset ?? options.schema.defaultLabelOffset
        func path(_ file: String) -> String { OutputDirectory.join(folder, file) }

        if let validationLabels = options.validationLabels {
            let labels = try ValidationLabels.read(path: validationLabels)
            let given = try givenClasses(options, offset: offset)
            let synsets = try labels.synsets(for: relative.map(path), classes: given)
            let classes: ClassLabelMap
            if let given { classes = given } else { classes = try ClassLabelMap(classDirectories: synsets, offset: offset) }
            let files = try zip(relative, synsets).map { (file, synset) throws(TFRecordError) in
                try classified(path(file), synset: synset, classes: classes, source: validationLabels)
            }
            return ImageFolderFiles(files: files, classes: classes)
        }
        // A labels file names classes: the folder has class directories.
        if options.schema == .imagenet || options.labelSource == .dir || options.sharedClasses != nil
            || options.labelsFile != nil
        {
            let parents = try relative.map { (file) throws(TFRecordError) in
                let parent = RelativePath.parent(file)
                guard !parent.isEmpty else {
                    throw TFRecordError(.badInput, "a file outside a class directory (labels come from folder/class/image; "
                                        + "a flat folder needs \(setting: .validationLabels))", at: SourceLocation(path: path(file)))
                }
                return parent
            }
            let given = try givenClasses(options, offset: offset)
            let classes: ClassLabelMap
            if let given { classes = given } else { classes = try ClassLabelMap(classDirectories: parents, offset: offset) }
            let files = try zip(relative, parents).map { (file, parent) throws(TFRecordError) in
                try classified(path(file), synset: parent, classes: classes, source: nil)
            }
            return ImageFolderFiles(files: files, classes: classes)
        }
        let files = try relative.map { (file) throws(TFRecordError) in
            guard let label = ImageFolderListing.labelFromName(RelativePath.lastComponent(file)) else {
                throw TFRecordError(.badInput, "no label in the file name: expected <name>_<label>.<ext>, e.g. 123456789012_7.jpeg "
                                    + "(or labels from class directories: \(setting: .labelSource, "dir"))",
                                    at: SourceLocation(path: path(file)))
            }
            let (sum, overflow) = label.addingReportingOverflow(offset)
            guard !overflow else {
                throw TFRecordError(.badInput, "the label \(label) plus the offset \(offset) does not fit in an int64",
                                    at: SourceLocation(path: path(file)))
            }
            return File(path: path(file), label: sum)
        }
        return ImageFolderFiles(files: files, classes: nil)
    }

    /// The classes another split or the labels file sets; `nil` when the folder's own decide.
    private static func givenClasses(_ options: ImageFolderConversion.Options, offset: Int64) throws(TFRecordError)
        -> ClassLabelMap?
    {
        if let shared = options.sharedClasses { return shared }
        guard let labelsFile = options.labelsFile else { return nil }
        return try ClassLabelMap.read(path: labelsFile, offset: offset)
    }

    /// The file at `path` of class `synset`, which must be one of `classes`.
    private static func classified(_ path: String, synset: String, classes: ClassLabelMap, source: String?)
        throws(TFRecordError) -> File
    {
        guard let label = classes.label(of: synset) else {
            let list = classes.path.map { "the labels file \($0)" } ?? "the training classes"
            throw TFRecordError(.badInput, "class '\(synset)'\(source.map { " (from \($0))" } ?? "") is not in \(list)",
                                at: SourceLocation(path: path))
        }
        return File(path: path, label: label, classIndex: Int(label - classes.offset))
    }

    /// Records per class name, leaving out the files in `rejected`.
    func classCounts(leavingOut rejected: [TFRecordError]) -> [String: Int] {
        guard let classes else { return [:] }
        let left = Set(rejected.compactMap(\.location.path))
        var counts = Dictionary(uniqueKeysWithValues: classes.synsets.map { ($0, 0) })
        for file in files where !left.contains(file.path) {
            guard let index = file.classIndex else { continue }
            counts[classes.synsets[index], default: 0] += 1
        }
        return counts
    }
}
