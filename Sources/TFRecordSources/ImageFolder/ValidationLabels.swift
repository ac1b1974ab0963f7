import Foundation
import TFRecord

/// The synsets of the images in a flat validation folder (no class directories), from a
/// validation labels file.
///
/// Three formats, told apart by the first non-blank line:
/// - ``Format/solutionCSV``: ImageNet's `LOC_val_solution.csv`, the header
///   `ImageId,PredictionString` then lines `ILSVRC2012_val_00008726,n02119789 255 142 454 329
///   n02119789 44 21 322 295`: the image's file name without extension, and boxes whose first
///   token is the image's synset. Images match by stem (`ILSVRC2012_val_00008726.JPEG`).
/// - ``Format/fileNames``: lines `FILENAME SYNSET` (whitespace-separated) or
///   `FILENAME,SYNSET ...` (the first whitespace-separated token after the first comma).
///   A name may be given with or without its extension, and with folders (only its last
///   component counts); images match by file name, then by stem.
/// - ``Format/ordered``: one synset per line, the labels of the images in the order of their
///   sorted file names (`imagenet_2012_validation_synset_labels.txt`); there must be exactly
///   one line per image.
///
/// Like ``ClassLabelMap``, a byte order mark, CRLF line ends, blank lines and whitespace
/// around a line are ignored. Lines for files that are not in the folder are ignored (a
/// folder may hold a subset).
public struct ValidationLabels: Sendable {
    /// How the file gives the labels.
    public enum Format: String, Sendable, Equatable, CaseIterable {
        /// `FILENAME SYNSET` or `FILENAME,SYNSET ...` lines.
        case fileNames
        /// `LOC_val_solution.csv`: `ImageId,PredictionString`.
        case solutionCSV
        /// One synset per line, in the order of the sorted file names.
        case ordered
    }

    /// One label and where it is written.
    struct Label: Sendable {
        var synset: String
        var line: Int
        var column: Int
    }

    /// The labels file's path.
    public let path: String
    /// The format found in the file.
    public let format: Format
    /// ``Format/ordered``: the labels in order.
    let ordered: [Label]
    /// ``Format/fileNames`` and ``Format/solutionCSV``: the labels by file name or stem as
    /// written.
    let named: [String: Label]

    /// The header line of ``Format/solutionCSV``.
    static let solutionHeader = "ImageId,PredictionString"

    /// The number of labels in the file.
    public var count: Int { format == .ordered ? ordered.count : named.count }

    /// Parses a validation labels file, detecting its format.
    ///
    /// - Parameters:
    ///   - contents: The file's bytes.
    ///   - path: The file's path, for error locations.
    /// - Throws: ``TFRecordError`` `.badInput` at `path:line:column` for a line without a
    ///   synset, a line of another format than the first, or a file name given twice; at
    ///   `path` for a file without labels or not UTF-8 text.
    /// - Complexity: O(*n*) in the file's size.
    public static func parse(_ contents: [UInt8], path: String) throws(TFRecordError) -> ValidationLabels {
        try ValidationLabels(LabelFileText(contents, path: path))
    }

    /// Reads and parses the validation labels file at `path` (see ``parse(_:path:)``).
    ///
    /// - Throws: ``TFRecordError`` `.io` when the file cannot be read; otherwise as
    ///   ``parse(_:path:)``.
    public static func read(path: String) throws(TFRecordError) -> ValidationLabels {
        try ValidationLabels(LabelFileText(contentsOf: path))
    }

    init(_ file: LabelFileText) throws(TFRecordError) {
        path = file.path
        guard let first = file.lines.first else {
            throw TFRecordError(.badInput, "no labels in the validation labels file",
                                at: SourceLocation(path: file.path))
        }
        var lines = file.lines[...]
        if first.string == Self.solutionHeader {
            format = .solutionCSV
            lines = lines.dropFirst()
        } else if first.text.contains(UInt8(ascii: ",")) || first.fields.count > 1 {
            format = .fileNames
        } else {
            format = .ordered
        }
        var ordered: [Label] = []
        var named: [String: Label] = [:]
        for line in lines {
            let location = SourceLocation(path: file.path, line: line.number, column: line.column)
            switch format {
            case .ordered:
                let fields = line.fields
                guard fields.count == 1 else {
                    throw TFRecordError(
                        .badInput,
                        "expected one synset per line (as on line \(first.number)), found \(counted(fields.count, "field"))",
                        at: location)
                }
                ordered.append(Label(synset: fields[0].text, line: line.number, column: fields[0].column))
            case .fileNames, .solutionCSV:
                let (name, label) = try Self.namedLabel(line, csvOnly: format == .solutionCSV, path: file.path)
                if let earlier = named[name] {
                    throw TFRecordError(.badInput, "a second label for '\(name)' (first on line \(earlier.line))",
                                        at: location)
                }
                named[name] = label
            }
        }
        guard !ordered.isEmpty || !named.isEmpty else {
            throw TFRecordError(.badInput, "no labels in the validation labels file",
                                at: SourceLocation(path: file.path))
        }
        self.ordered = ordered
        self.named = named
    }

    /// The name and label of a `FILENAME SYNSET` or `FILENAME,SYNSET ...` line.
    static func namedLabel(_ line: LabelFileText.Line, csvOnly: Bool, path: String) throws(TFRecordError)
        -> (String, Label)
    {
        let location = SourceLocation(path: path, line: line.number, column: line.column)
        let expected = csvOnly ? "IMAGEID,SYNSET ..." : "FILENAME SYNSET or FILENAME,SYNSET"
        var name: String
        var synset: (text: String, column: Int)
        if let comma = line.text.firstIndex(of: UInt8(ascii: ",")) {
            name = String(decoding: line.text[..<comma], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            let rest = LabelFileText.Line(number: line.number, text: Array(line.text[(comma + 1)...]),
                                          column: line.column + comma + 1)
            guard let first = rest.fields.first, !first.text.hasPrefix(",") else {
                throw TFRecordError(.badInput, "no synset after the comma (expected \(expected))",
                                    at: SourceLocation(path: path, line: line.number, column: line.column + comma + 1))
            }
            synset = first
            if let trailing = synset.text.firstIndex(of: ",") {
                synset.text = String(synset.text[..<trailing])
            }
        } else {
            let fields = line.fields
            guard !csvOnly, fields.count == 2 else {
                throw TFRecordError(.badInput, "expected \(expected), found \(counted(fields.count, "field"))",
                                    at: location)
            }
            name = fields[0].text
            synset = fields[1]
        }
        name = (name as NSString).lastPathComponent
        guard !name.isEmpty else {
            throw TFRecordError(.badInput, "no file name before the comma (expected \(expected))", at: location)
        }
        return (name, Label(synset: synset.text, line: line.number, column: synset.column))
    }

    /// The synset of each image.
    ///
    /// Images are matched by their last path component: with ``Format/fileNames`` by name,
    /// then by stem; with ``Format/solutionCSV`` by stem; with ``Format/ordered`` by their
    /// rank among the sorted names (by UTF-8 bytes), whatever the order of `paths`.
    ///
    /// - Parameters:
    ///   - paths: The images' paths, as they are to appear in errors.
    ///   - classes: When given, every synset used must be one of its classes.
    /// - Returns: The synsets, in the order of `paths`.
    /// - Throws: ``TFRecordError`` `.badInput` at the image's path for an image without a
    ///   label; at `path:line:column` for a synset that is not in `classes` (the message
    ///   names its labels file); at ``path`` when an ``Format/ordered`` file has more or
    ///   fewer lines than there are images.
    public func synsets(for paths: [String], classes: ClassLabelMap? = nil) throws(TFRecordError) -> [String] {
        let names = paths.map(RelativePath.lastComponent)
        var labels: [Label] = []
        labels.reserveCapacity(paths.count)
        switch format {
        case .ordered:
            guard ordered.count == paths.count else {
                throw TFRecordError(
                    .badInput,
                    "\(counted(ordered.count, "label")) for \(counted(paths.count, "image")) "
                        + "(expected one synset per image, in the order of the sorted file names)",
                    at: SourceLocation(path: path))
            }
            let keys = names.map { Array($0.utf8) }
            let ranks = names.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }
            labels = Array(repeating: ordered[0], count: paths.count)
            for (rank, index) in ranks.enumerated() { labels[index] = ordered[rank] }
        case .fileNames, .solutionCSV:
            for (index, name) in names.enumerated() {
                let stem = (name as NSString).deletingPathExtension
                guard let label = (format == .fileNames ? named[name] : nil) ?? named[stem] else {
                    throw TFRecordError(.badInput, "no label for this image in \(path)",
                                        at: SourceLocation(path: paths[index]))
                }
                labels.append(label)
            }
        }
        if let classes {
            for label in labels {
                _ = try classes.requireLabel(of: label.synset,
                                             at: SourceLocation(path: path, line: label.line, column: label.column))
            }
        }
        return labels.map(\.synset)
    }
}
