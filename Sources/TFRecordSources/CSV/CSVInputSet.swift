import TFRecord

/// The CSV inputs of one conversion: several files read as one, in the order given, all
/// with the same row shape.
///
/// Every file is opened once up front to read its layout (the header is detected per file),
/// so that a file with another field count fails the run before anything is converted.
/// Only the first file, and files that cannot be opened twice (pipes, FIFOs), stay open;
/// the others are opened again when their turn comes and must be unchanged since (same
/// file, size and modification time, see ``FileSnapshot``), so that many inputs need not
/// hold many descriptors.
package final class CSVInputSet {
    /// The files, in order.
    package let paths: [String]
    /// Each file's layout (byte-order mark and header differ between files).
    package let layouts: [CSVLayout]
    /// Each file's state when it was first opened.
    package let snapshots: [FileSnapshot]
    /// The row shape, the same for every file.
    package let spec: CSVRowSpec
    private let header: CSVHeaderMode
    /// Files still open from the first look, by index, until they are read.
    private var kept: [Int: CSVInput]

    /// Opens every file and reads its layout.
    ///
    /// - Throws: ``TFRecordError`` `.usage` for an empty list; `.badInput` for a missing
    ///   file, a bad layout, or a file whose rows have another field count than the first
    ///   file's (the message names both); `.io` for a failed read.
    package init(paths: [String], header: CSVHeaderMode, labelColumn: Int?) throws(TFRecordError) {
        guard let first = paths.first else { throw TFRecordError(.usage, "no input file") }
        if paths.filter({ $0 == InputKind.standardInputName }).count > 1 {
            throw TFRecordError(.usage, "standard input (-) is named more than once; it can be read only once")
        }
        var layouts: [CSVLayout] = []
        var snapshots: [FileSnapshot] = []
        var kept: [Int: CSVInput] = [:]
        for (index, path) in paths.enumerated() {
            let input = try CSVInput(path: path, header: header, labelColumn: labelColumn)
            if let shape = layouts.first?.spec, input.layout.spec.columnCount != shape.columnCount {
                throw TFRecordError(
                    .badInput, "rows have \(input.layout.spec.columnCount) fields, but those of \(first) have "
                        + "\(shape.columnCount); every input needs the same layout",
                    at: SourceLocation(path: path, line: input.layout.firstDataLine))
            }
            layouts.append(input.layout)
            snapshots.append(input.openedAs)
            if index == 0 || !input.openedAs.isRegularFile { kept[index] = input }
        }
        self.paths = paths
        self.layouts = layouts
        self.snapshots = snapshots
        self.spec = layouts[0].spec
        self.header = header
        self.kept = kept
    }

    /// The number of files.
    package var count: Int { paths.count }

    /// The files' total size, or `nil` if one of them has none (a pipe).
    package var totalSize: Int? {
        snapshots.allSatisfy(\.isRegularFile) ? snapshots.reduce(0) { $0 + $1.size } : nil
    }

    /// File `index`, positioned after its layout prefix: the one kept open, or the file
    /// opened again and found unchanged. Each index is opened for reading once.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` if the file changed since it was first opened.
    package func open(_ index: Int) throws(TFRecordError) -> CSVInput {
        if let input = kept.removeValue(forKey: index) { return input }
        return try CSVInput(path: paths[index], header: header, labelColumn: spec.labelColumn,
                            expected: snapshots[index])
    }

    /// The rows of every file, one file after another, in chunks of about `chunkSize`
    /// bytes; a chunk never spans two files.
    package func chunks(size chunkSize: Int) -> CSVChunkReader {
        CSVChunkReader(source: CSVConcatenatedChunks(inputs: self, chunkSize: chunkSize))
    }
}
