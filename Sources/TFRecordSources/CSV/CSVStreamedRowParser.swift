import TFRecord

/// Parses one CSV row a block of input at a time, for a row too wide to hold whole (one row
/// of millions of values, tens of MB) whose record streams to its shard as it is parsed:
/// memory O(block size) whatever the row's width, and each byte of the row read once.
///
/// Each call to ``parseNextRun()`` reads blocks until it holds a cut: the row's line end, or
/// else a comma. The whole fields before the cut (a *run*) go to the ``CSVRowParser`` as a
/// row of their own, with its engine (the SIMD ones included) and their commas counted
/// first for the field count; the bytes after a comma start the next run.
///
/// Invariant: a row it accepts, the whole-row parser accepts with the same label and
/// pixels; it declines (``Progress/invalid``) only rows that the whole-row parser rejects
/// (a run that does not parse, more fields than the spec, or a line end before them all),
/// whose located error the caller then gets by parsing the row whole. A run is parsed by the
/// same grammar as a whole row, so the two agree on every field; the only byte a run treats
/// differently is its end, which is a comma the run leaves out, or the row's own line end.
///
/// Rows whose label is the first field, or that have none: the label must be known before
/// the record's first byte (see ``canParse(_:)``).
package final class CSVStreamedRowParser {
    /// What a call to ``parseNextRun()`` found.
    package enum Progress: Equatable {
        /// A run of fields that does not end the row.
        case more
        /// The run that ends the row, which took `rowBytes` bytes, its line end included.
        case end(rowBytes: Int)
        /// The row is bad; nothing of this run was parsed.
        case invalid
    }

    /// The row shape.
    package let spec: CSVRowSpec
    private let parser: CSVRowParser
    /// Reads exactly `buffer.count` bytes at the offset given, or throws.
    private let read: (_ buffer: UnsafeMutableRawBufferPointer, _ offset: Int) throws(TFRecordError) -> Void
    private let blockSize: Int
    /// The input not yet read, up to where the row ends at the latest.
    private var unread: Range<Int>
    /// Bytes read and not yet parsed: the start of the next run, ``filled`` bytes.
    private var block: [UInt8]
    private var filled = 0
    /// Bytes of the row cut into runs so far.
    private var consumed = 0
    /// Fields parsed so far.
    private var column = 0
    /// The last run's pixels.
    private var pixels: [UInt8] = []
    private var pixelCount = 0
    /// The row's label, once the run that holds it is parsed.
    package private(set) var label: Int64?

    /// Whether rows of `spec` can be parsed as they stream: their label, if any, is the
    /// first field.
    package static func canParse(_ spec: CSVRowSpec) -> Bool { spec.labelColumn == nil || spec.labelColumn == 0 }

    /// Starts parsing the row at input offset `offset`.
    ///
    /// - Parameters:
    ///   - stop: where the input's rows end (the row ends at its first newline, or here).
    ///   - blockSize: bytes read at a time (a run of fields may need several blocks).
    ///   - read: reads exactly `buffer.count` bytes of the input at an offset, or throws.
    /// - Precondition: ``canParse(_:)``, `offset < stop`, `blockSize >= 1`.
    package init(parser: CSVRowParser, from offset: Int, before stop: Int, blockSize: Int,
                 read: @escaping (_ buffer: UnsafeMutableRawBufferPointer, _ offset: Int) throws(TFRecordError) -> Void) {
        precondition(Self.canParse(parser.spec) && offset < stop && blockSize >= 1)
        (self.spec, self.parser, self.read, self.blockSize) = (parser.spec, parser, read, blockSize)
        unread = offset..<stop
        // Room for a block and the few bytes of a field carried over from the last one.
        self.block = [UInt8](repeating: 0, count: min(blockSize, stop - offset) + 64)
    }

    /// Calls `body` with the pixels of the run that ``parseNextRun()`` last parsed, valid
    /// only during the call.
    package func withRunPixels(_ body: (UnsafeBufferPointer<UInt8>) throws(TFRecordError) -> Void) throws(TFRecordError) {
        try rethrowingTFRecordError {
            try pixels.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[..<pixelCount])) }
        }
    }

    /// Reads and parses the row's next run of whole fields: its pixels are then in
    /// ``withRunPixels(_:)``, and ``label`` is set once the first run is parsed (with a label).
    ///
    /// - Throws: what `read` throws.
    /// - Complexity: O(bytes of the run), plus O(bytes read) for the cut.
    package func parseNextRun() throws(TFRecordError) -> Progress {
        // Bytes of the block known to hold no cut: what is left of the last block after its
        // last comma holds neither a comma nor a line end.
        var searched = 0
        var cut = findCut(after: searched)
        while cut == nil {
            if unread.isEmpty {
                // The input ends the row (its last line, without a newline).
                cut = (filled, filled, true)
            } else {
                // No comma and no line end yet (a field longer than a block): read on.
                searched = filled
                try readBlock()
                cut = findCut(after: searched)
            }
        }
        guard let (runEnd, next, endsRow) = cut else { preconditionFailure("no cut") }
        let accepted = parseRun(runEnd, endsRow: endsRow)
        consumed += next
        block.withUnsafeMutableBytes { raw in
            raw.baseAddress!.copyMemory(from: raw.baseAddress! + next, byteCount: filled - next)
        }
        filled -= next
        if !accepted { return .invalid }
        return endsRow ? .end(rowBytes: consumed) : .more
    }

    /// Where the next run ends in `block[searched..<filled]` (`runEnd`), where the bytes after
    /// it start (`next`), and whether it ends the row: just after the first line end, else
    /// at the last comma (which belongs to neither run); `nil` when there is neither.
    private func findCut(after searched: Int) -> (runEnd: Int, next: Int, endsRow: Bool)? {
        block.withUnsafeBytes { raw in
            let new = UnsafeRawBufferPointer(rebasing: raw[searched..<filled])
            if let newline = CSVRowIndex.firstNewline(in: new) {
                return (searched + newline + 1, searched + newline + 1, true)
            }
            return Self.lastComma(in: new).map { (searched + $0, searched + $0 + 1, false) }
        }
    }

    /// Parses `block[..<runEnd]`, whole fields of the row (its line end too when `endsRow`),
    /// into ``pixels``; returns whether the whole-row parser would accept them there.
    private func parseRun(_ runEnd: Int, endsRow: Bool) -> Bool {
        block.withUnsafeBytes { raw in
            let run = UnsafeRawBufferPointer(rebasing: raw[..<runEnd])
            // An empty run has no field where the row needs one (a row ending in a comma).
            guard !run.isEmpty else { return false }
            let fields = CSVLayoutScanner.commasAndLetters(in: run).commas + 1
            guard column + fields <= spec.columnCount, !endsRow || column + fields == spec.columnCount else {
                return false
            }
            let runSpec = CSVRowSpec(columnCount: fields, labelColumn: column == 0 ? spec.labelColumn : nil)
            if pixels.count < runSpec.pixelCount { pixels = [UInt8](repeating: 0, count: runSpec.pixelCount) }
            var runLabel: Int64 = 0
            let outcome = pixels.withUnsafeMutableBufferPointer { pixels in
                withUnsafeMutablePointer(to: &runLabel) { label in
                    parser.parse(run, as: runSpec, maxRows: 1, pixels: pixels,
                                 labels: UnsafeMutableBufferPointer(start: label, count: 1))
                }
            }
            guard outcome.rows == 1, outcome.failure == nil, outcome.consumed == run.count else { return false }
            if runSpec.labelColumn != nil { label = runLabel }
            pixelCount = runSpec.pixelCount
            column += fields
            return true
        }
    }

    /// Appends up to ``blockSize`` bytes of input to ``block``.
    private func readBlock() throws(TFRecordError) {
        let count = min(blockSize, unread.count)
        if block.count < filled + count { block.append(contentsOf: repeatElement(0, count: filled + count - block.count)) }
        try rethrowingTFRecordError {
            try block.withUnsafeMutableBytes { raw in
                try read(UnsafeMutableRawBufferPointer(rebasing: raw[filled..<(filled + count)]), unread.lowerBound)
            }
        }
        filled += count
        unread = (unread.lowerBound + count)..<unread.upperBound
    }

    /// The offset of the last comma in `bytes`, or `nil`.
    ///
    /// - Complexity: O(distance from the end to that comma): a field is a few bytes.
    private static func lastComma(in bytes: UnsafeRawBufferPointer) -> Int? {
        bytes.lastIndex(of: UInt8(ascii: ","))
    }
}
