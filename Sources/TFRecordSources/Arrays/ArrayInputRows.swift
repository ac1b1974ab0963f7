import TFRecord

/// The rows of several array files taken as one sequence, in the order given, and the
/// order in which records take them: record `i` is row `i` of the sequence, or row
/// `permutation[i]` for a shuffled conversion.
///
/// Immutable and shared by the reader and the workers; workers use it to name the file,
/// row and byte offset of a bad value.
package struct ArrayInputRows: Sendable {
    /// The files' paths, in order.
    let paths: [String]
    /// Their headers.
    let headers: [ArrayHeader]
    /// Whether each file is gzip-compressed (byte offsets then count uncompressed bytes).
    let compressed: [Bool]
    /// `starts[f]` is the sequence index of file `f`'s first row; the last entry is the
    /// total row count.
    let starts: [Int]
    /// The record order of a shuffled conversion.
    let permutation: RecordPermutation?

    package init(files: [ArrayFile], permutation: RecordPermutation?) {
        paths = files.map(\.path)
        headers = files.map(\.header)
        compressed = files.map(\.isCompressed)
        var starts = [0]
        for file in files { starts.append(starts.last! + file.rows) }
        self.starts = starts
        self.permutation = permutation
    }

    /// Rows in all files.
    package var count: Int { starts.last! }

    /// The sequence index of the row that record `record` holds.
    func row(ofRecord record: Int) -> Int { permutation.map { $0[record] } ?? record }

    /// The file and the row in it of sequence index `row`.
    func source(ofRow row: Int) -> (file: Int, row: Int) {
        // The last file whose first row is at or before `row` (binary search; files may be empty).
        var low = 0
        var high = starts.count - 2
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= row { low = middle } else { high = middle - 1 }
        }
        return (low, row - starts[low])
    }

    /// Where element `element` (C order within the row) of record `record`'s row is: path,
    /// row as the record index, and the byte offset in the file (not for gzip files).
    package func location(ofRecord record: Int, element: Int) -> (location: SourceLocation, index: String) {
        let (file, row) = source(ofRow: row(ofRecord: record))
        let header = headers[file]
        let offset = compressed[file] ? nil : header.byteOffset(row: row, element: element)
        return (SourceLocation(path: paths[file], recordIndex: row, byteOffset: offset),
                header.numpyIndex(row: row, element: element))
    }
}
