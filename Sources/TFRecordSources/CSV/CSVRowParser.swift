internal import CTFRecordAccel
import TFRecord

/// Parses whole rows of a numeric CSV (an optional integer label and pixel values 0...255)
/// from a byte buffer, with the engine of choice.
///
/// A thin, typed wrapper over `CTFRecordAccel_csv_parse_rows`: the buffer holds complete
/// lines (the last may lack its newline). Values go to caller-provided arrays; a malformed
/// row stops parsing and is described by a ``CSVRowParser/Failure``.
public struct CSVRowParser: Sendable {
    /// The rows' shape.
    public let spec: CSVRowSpec
    /// The engine in use.
    public let engine: CSVEngine

    /// The C implementation `engine` resolves to, or the one asked for by instruction set.
    private let cEngine: CTFRecordAccel_CSVEngine

    /// Creates a parser.
    public init(spec: CSVRowSpec, engine: CSVEngine) {
        self.spec = spec
        self.engine = engine
        self.cEngine = engine.cEngine
    }

    /// Creates a parser that runs one implementation, for benchmarks; `instructionSet` must be
    /// available on this CPU (an unavailable one would run the scalar reference).
    package init(spec: CSVRowSpec, instructionSet: CSVInstructionSet) {
        precondition(instructionSet.isAvailable, "\(instructionSet.rawValue) is not available on this CPU")
        self.spec = spec
        self.engine = instructionSet == .scalar ? .scalar : .simd
        self.cEngine = instructionSet.cEngine
    }

    /// Why parsing stopped before the end of the buffer. Offsets are from the buffer's start.
    public struct Failure: Sendable, Equatable {
        /// What is wrong.
        public enum Reason: Sendable, Equatable {
            /// A byte that cannot stand where it is (`nil`: the buffer ended).
            case expectedDigit(found: UInt8?, atFieldStart: Bool)
            /// A pixel value above 255.
            case pixelOutOfRange
            /// A label above `Int64.max`.
            case labelOutOfRange
            /// A row with the wrong number of fields.
            case columnCount(found: Int)
            /// A line with nothing on it.
            case emptyLine
        }

        public var reason: Reason
        /// Index of the bad row among the rows of this buffer.
        public var row: Int
        /// Offset of the bad row's first byte.
        public var rowOffset: Int
        /// Offset of the offending byte or field.
        public var byteOffset: Int
        /// 0-based field index where it applies.
        public var column: Int
        /// The offending field's digits, for range errors.
        public var fieldDigits: String
    }

    /// The result of ``parse(_:maxRows:pixels:labels:)``.
    public struct Outcome: Sendable {
        /// Rows parsed without error.
        public var rows: Int
        /// Bytes of those rows, line ends included.
        public var consumed: Int
        /// Set when parsing stopped at a bad row.
        public var failure: Failure?
    }

    /// Parses up to `maxRows` rows from `bytes` into the scratch arrays of a worker.
    ///
    /// - Parameters:
    ///   - pixels: at least `maxRows * spec.pixelCount` values; row r's at `r * spec.pixelCount`.
    ///   - labels: at least `maxRows` labels.
    package func parse(_ bytes: UnsafeRawBufferPointer, maxRows: Int, into pixels: inout [UInt8], labels: inout [Int64])
        -> Outcome
    {
        pixels.withUnsafeMutableBufferPointer { pixels in
            labels.withUnsafeMutableBufferPointer { labels in
                parse(bytes, maxRows: maxRows, pixels: pixels, labels: labels)
            }
        }
    }

    /// Parses up to `maxRows` rows from `bytes`.
    ///
    /// - Parameters:
    ///   - pixels: room for `maxRows * spec.pixelCount` values; row r's pixels are stored at
    ///     `r * spec.pixelCount`.
    ///   - labels: room for `maxRows` labels (unused without a label column).
    /// - Complexity: O(n) in the bytes parsed.
    public func parse(
        _ bytes: UnsafeRawBufferPointer, maxRows: Int, pixels: UnsafeMutableBufferPointer<UInt8>,
        labels: UnsafeMutableBufferPointer<Int64>
    ) -> Outcome {
        parse(bytes, as: spec, maxRows: maxRows, pixels: pixels, labels: labels)
    }

    /// Parses up to `maxRows` rows of shape `spec` (not this parser's) from `bytes`, with this
    /// parser's engine: for runs of a wide row's fields parsed as rows of their own
    /// (``CSVStreamedRowParser``).
    package func parse(
        _ bytes: UnsafeRawBufferPointer, as spec: CSVRowSpec, maxRows: Int, pixels: UnsafeMutableBufferPointer<UInt8>,
        labels: UnsafeMutableBufferPointer<Int64>
    ) -> Outcome {
        precondition(pixels.count >= maxRows * spec.pixelCount)
        precondition(spec.labelColumn == nil || labels.count >= maxRows)
        // size_t imports as Int: SIZE_MAX ("no label") is -1.
        var cSpec = CTFRecordAccel_CSVRowSpec(column_count: spec.columnCount, label_column: spec.labelColumn ?? -1)
        var consumed = 0
        var error = CTFRecordAccel_CSVError()
        let rows = CTFRecordAccel_csv_parse_rows(
            cEngine, bytes.baseAddress, bytes.count, &cSpec, maxRows, pixels.baseAddress,
            labels.baseAddress, &consumed, &error)
        return Outcome(rows: rows, consumed: consumed, failure: Self.failure(from: error, in: bytes))
    }

    private static func failure(from error: CTFRecordAccel_CSVError, in bytes: UnsafeRawBufferPointer) -> Failure? {
        let reason: Failure.Reason
        switch CTFRecordAccel_CSVErrorCode(UInt32(error.code)) {
        case CTFRecordAccel_CSV_OK:
            return nil
        case CTFRecordAccel_CSV_EXPECTED_DIGIT:
            let at = error.byte_offset
            let atFieldStart = at == error.row_offset || (at > 0 && bytes[at - 1] == UInt8(ascii: ","))
            reason = .expectedDigit(found: at < bytes.count ? bytes[at] : nil, atFieldStart: atFieldStart)
        case CTFRecordAccel_CSV_PIXEL_OUT_OF_RANGE:
            reason = .pixelOutOfRange
        case CTFRecordAccel_CSV_LABEL_OUT_OF_RANGE:
            reason = .labelOutOfRange
        case CTFRecordAccel_CSV_COLUMN_COUNT:
            reason = .columnCount(found: error.found_columns)
        default:
            reason = .emptyLine
        }
        let digits = UnsafeRawBufferPointer(
            rebasing: bytes[error.field_offset..<(error.field_offset + error.field_length)])
        return Failure(
            reason: reason, row: error.row, rowOffset: error.row_offset, byteOffset: error.byte_offset,
            column: error.column, fieldDigits: String(decoding: digits, as: UTF8.self))
    }
}

extension CSVRowParser.Failure {
    /// This failure as a located error.
    ///
    /// - Parameters:
    ///   - path: the input file as the user named it.
    ///   - line: the 1-based line number of the failing row.
    ///   - spec: the expected row shape, for the messages.
    ///   - columnBase: added to the column (bytes before the row start that share its line,
    ///     such as a byte-order mark).
    public func error(path: String, line: Int, spec: CSVRowSpec, columnBase: Int = 0) -> TFRecordError {
        let column = byteOffset - rowOffset + 1 + columnBase
        let at = SourceLocation(path: path, line: line, column: column)
        switch reason {
        case .expectedDigit(let found, let atFieldStart):
            let expected = atFieldStart ? "expected a digit" : "expected a digit, ',' or end of line"
            var message = "\(expected), found \(Self.describe(found))"
            if found == UInt8(ascii: "-") { message += " (negative values are not allowed)" }
            return TFRecordError(.badInput, message, at: at)
        case .pixelOutOfRange:
            return TFRecordError(.badInput, "value \(fieldDigits) out of range 0...255 (field \(self.column + 1))", at: at)
        case .labelOutOfRange:
            return TFRecordError(
                .badInput, "label \(fieldDigits) out of range 0...\(Int64.max) (field \(self.column + 1))", at: at)
        case .columnCount(let found):
            return TFRecordError(
                .badInput, "\(spec.columnCount) values expected, found \(found)",
                at: SourceLocation(path: path, line: line))
        case .emptyLine:
            return TFRecordError(
                .badInput, "empty line, \(spec.columnCount) values expected", at: SourceLocation(path: path, line: line))
        }
    }

    private static func describe(_ byte: UInt8?) -> String {
        guard let byte else { return "end of file" }
        switch byte {
        case UInt8(ascii: "\n"): return "end of line"
        case UInt8(ascii: "\r"): return "'\\r'"
        case UInt8(ascii: "\t"): return "'\\t'"
        case 0x20..<0x7F: return "'\(Character(Unicode.Scalar(byte)))'"
        default:
            let hex = String(byte, radix: 16, uppercase: true)
            return "byte 0x\(hex.count == 1 ? "0" : "")\(hex)"
        }
    }
}
