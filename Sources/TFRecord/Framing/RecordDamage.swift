/// A damaged stretch of a record file: where a record should have started, what was wrong
/// with it, and how many bytes were skipped to the next record that verifies.
///
/// ``RecordScanner`` reports one `RecordDamage` per damaged region; `tfrec verify` prints them
/// as errors and `tfrec salvage` as the regions it left out.
public struct RecordDamage: Sendable, Equatable, CustomStringConvertible {
    /// What was wrong with the record at the start of the region.
    ///
    /// A struct with static members rather than an enum, like ``TFRecordError/Code``, so that
    /// new kinds do not break exhaustive switches in users' code.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let rawValue: UInt8
        private init(_ rawValue: UInt8) { self.rawValue = rawValue }

        /// The header's CRC does not match its length bytes: the length cannot be trusted.
        public static let lengthCRCMismatch = Kind(1)
        /// The header verifies but the data's CRC does not match the data.
        public static let dataCRCMismatch = Kind(2)
        /// The file ends inside the record: fewer than 12 header bytes are left, or the
        /// header announces more bytes than the file has.
        public static let truncated = Kind(3)

        public var description: String {
            switch rawValue {
            case 1: "length CRC mismatch"
            case 2: "data CRC mismatch"
            default: "truncated"
            }
        }
    }

    /// What was wrong at ``offset``.
    public var kind: Kind
    /// The index the record at ``offset`` would have had. Every damaged region counts as one
    /// record, so indexes after a region that swallowed several records are lower bounds.
    public var recordIndex: Int
    /// Byte offset where the damaged region starts (where a record header was expected).
    public var offset: Int
    /// Bytes skipped: from ``offset`` to the next record that verifies, or to the end of the file.
    public var length: Int
    /// Byte offset of the next record that verifies, or `nil` if none follows.
    public var nextRecordOffset: Int?
    /// What was found at ``offset``, e.g. `data CRC mismatch (stored 0x…, computed 0x…)`.
    public var detail: String

    /// Creates a description of a damaged region.
    public init(kind: Kind, recordIndex: Int, offset: Int, length: Int, nextRecordOffset: Int?, detail: String) {
        self.kind = kind
        self.recordIndex = recordIndex
        self.offset = offset
        self.length = length
        self.nextRecordOffset = nextRecordOffset
        self.detail = detail
    }

    /// The detail and what was skipped: `data CRC mismatch (…); skipped 40 bytes to the next
    /// valid record at byte offset 120`.
    public var message: String {
        let skipped = length == 1 ? "1 byte" : "\(length) bytes"
        if let nextRecordOffset {
            return "\(detail); skipped \(skipped) to the next valid record at byte offset \(nextRecordOffset)"
        }
        return "\(detail); skipped \(skipped) to the end of the file"
    }

    /// `record 5 at byte offset 1234: ` followed by ``message``.
    public var description: String { "record \(recordIndex) at byte offset \(offset): \(message)" }

    /// This damage as a `.badInput` error located in the file at `path`.
    public func error(path: String) -> TFRecordError {
        TFRecordError(.badInput, message, at: SourceLocation(path: path, recordIndex: recordIndex, byteOffset: offset))
    }
}
