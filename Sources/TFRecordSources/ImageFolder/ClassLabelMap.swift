import Foundation
import TFRecord

/// The classes of a dataset in label order: each class's synset (or directory name), its
/// human-readable text, and its label, the class's index plus ``offset``.
///
/// Built from a labels file, one class per line in label order (``parse(_:path:offset:)``,
/// ``read(path:offset:)``), or from the sorted names of the class directories
/// (``init(classDirectories:offset:)``). ImageNet's models number classes from 1 and keep 0
/// for background (`build_imagenet_data.py`), hence the offset.
public struct ClassLabelMap: Sendable, Equatable {
    /// The class names (ImageNet synsets such as `n01440764`, or directory names), by index.
    public let synsets: [String]
    /// Each class's text (`tench, Tinca tinca`); the synset itself where the labels file
    /// gives none or the classes come from directories.
    public let texts: [String]
    /// What is added to a class's index to make its label.
    public let offset: Int64
    /// The labels file the classes were read from; `nil` for classes from directories.
    public let path: String?
    /// The 1-based line of each class in ``path``; empty for classes from directories.
    let lines: [Int]
    /// Index by synset.
    let indices: [String: Int]

    /// The number of classes.
    public var count: Int { synsets.count }

    /// Classes from the names of class directories, sorted by their UTF-8 bytes (as
    /// ``ImageFolderListing`` sorts them); repeated names count once.
    ///
    /// - Parameters:
    ///   - classDirectories: The directory names, in any order.
    ///   - offset: The label of the first class.
    /// - Throws: ``TFRecordError`` `.usage` when a label would not fit in an `Int64`.
    public init(classDirectories: [String], offset: Int64) throws(TFRecordError) {
        let sorted = Array(Set(classDirectories)).sorted { $0.precedesInUTF8ByteOrder($1) }
        try Self.checkOffset(offset, count: sorted.count)
        synsets = sorted
        texts = sorted
        self.offset = offset
        path = nil
        lines = []
        indices = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
    }

    /// Parses a labels file: one class per line in label order, a synset optionally followed
    /// by whitespace and its text.
    ///
    /// Reads both of ImageNet's lists: `LOC_synset_mapping.txt` (`n01440764 tench, Tinca
    /// tinca`) and `imagenet_lsvrc_2015_synsets.txt` (`n01440764`), as well as
    /// `imagenet_metadata.txt`'s tab-separated lines. A byte order mark, CRLF line ends,
    /// blank lines and whitespace around a line or between synset and text are ignored.
    ///
    /// - Parameters:
    ///   - contents: The file's bytes.
    ///   - path: The file's path, for error locations and ``path``.
    ///   - offset: The label of the class on the first line.
    /// - Returns: The classes in the file's order.
    /// - Throws: ``TFRecordError`` `.badInput` at `path:line:column` for a synset listed
    ///   twice, at `path` for a file without classes or not UTF-8 text; `.usage` when a
    ///   label would not fit in an `Int64`.
    /// - Complexity: O(*n*) in the file's size.
    public static func parse(_ contents: [UInt8], path: String, offset: Int64) throws(TFRecordError) -> ClassLabelMap {
        try ClassLabelMap(LabelFileText(contents, path: path), offset: offset)
    }

    /// Reads and parses the labels file at `path` (see ``parse(_:path:offset:)``).
    ///
    /// - Throws: ``TFRecordError`` `.io` when the file cannot be read; otherwise as
    ///   ``parse(_:path:offset:)``.
    public static func read(path: String, offset: Int64) throws(TFRecordError) -> ClassLabelMap {
        try ClassLabelMap(LabelFileText(contentsOf: path), offset: offset)
    }

    init(_ file: LabelFileText, offset: Int64) throws(TFRecordError) {
        var synsets: [String] = []
        var texts: [String] = []
        var lines: [Int] = []
        var indices: [String: Int] = [:]
        for line in file.lines {
            let fields = line.fields
            let synset = fields[0].text
            if let first = indices[synset] {
                throw TFRecordError(.badInput, "class '\(synset)' is listed twice (first on line \(lines[first]))",
                                    at: SourceLocation(path: file.path, line: line.number, column: fields[0].column))
            }
            var text = synset
            if fields.count > 1 {
                let start = fields[1].column - line.column
                text = String(decoding: line.text[start...], as: UTF8.self)
            }
            indices[synset] = synsets.count
            synsets.append(synset)
            texts.append(text)
            lines.append(line.number)
        }
        guard !synsets.isEmpty else {
            throw TFRecordError(.badInput, "no classes in the labels file", at: SourceLocation(path: file.path))
        }
        try Self.checkOffset(offset, count: synsets.count)
        self.synsets = synsets
        self.texts = texts
        self.offset = offset
        self.path = file.path
        self.lines = lines
        self.indices = indices
    }

    static func checkOffset(_ offset: Int64, count: Int) throws(TFRecordError) {
        guard offset.addingReportingOverflow(Int64(max(count, 1) - 1)).overflow == false else {
            throw TFRecordError(.usage, "the label offset \(offset) leaves no room for \(count) labels")
        }
    }

    /// The label of `synset` (its index plus ``offset``); `nil` when it is not a class.
    public func label(of synset: String) -> Int64? {
        indices[synset].map { Int64($0) + offset }
    }

    /// The text of `synset`; `nil` when it is not a class.
    public func text(of synset: String) -> String? {
        indices[synset].map { texts[$0] }
    }

    /// Whether `synset` is one of the classes.
    public func contains(_ synset: String) -> Bool {
        indices[synset] != nil
    }

    /// Where `synset` is listed: the labels file and line; `nil` for classes from directories
    /// or a synset that is not a class.
    public func location(of synset: String) -> SourceLocation? {
        guard let path, let index = indices[synset] else { return nil }
        return SourceLocation(path: path, line: lines[index])
    }

    /// The label of the class directory or synset `synset`, as an error when it is not a
    /// class.
    ///
    /// - Parameters:
    ///   - synset: The class name.
    ///   - location: Where `synset` came from (a class directory, a validation labels line).
    /// - Throws: ``TFRecordError`` `.badInput` at `location` naming the labels file.
    public func requireLabel(of synset: String, at location: SourceLocation) throws(TFRecordError) -> Int64 {
        if let label = label(of: synset) { return label }
        let list = path.map { "the labels file \($0)" } ?? "the \(count) class directories"
        throw TFRecordError(.badInput, "class '\(synset)' is not in \(list)", at: location)
    }

    /// The contents of `labels.txt`: a line `LABEL<TAB>SYNSET<TAB>TEXT` per class, in label
    /// order (the label includes ``offset``).
    public var labelsText: String {
        var text = ""
        for (index, synset) in synsets.enumerated() {
            text += "\(Int64(index) + offset)\t\(synset)\t\(texts[index])\n"
        }
        return text
    }
}
