/// Encodes `tf.train.Example` messages with a fixed set of features straight into a
/// framed TFRecord, without building swift-protobuf message values.
///
/// This is the conversion hot path. Its bytes equal swift-protobuf's deterministic
/// serialization of the same `Tensorflow_Example` (features sorted by key; packed
/// `Int64List`/`FloatList`); a test checks that on random contents.
///
/// Each feature's *content* is given as bytes in its wire form:
/// - ``Kind/bytes``: the single value of a one-element `BytesList`;
/// - ``Kind/int64List``: the packed varints of an `Int64List`;
/// - ``Kind/floatList``: the packed little-endian floats of a `FloatList`.
public struct ExampleEncoder: Sendable {
    /// The kind of list a feature holds.
    public enum Kind: Sendable, Equatable {
        /// A `BytesList` with exactly one value.
        case bytes
        /// An `Int64List`; content is packed varints.
        case int64List
        /// A `FloatList`; content is packed little-endian float32.
        case floatList

        /// The `Feature.kind` oneof field number.
        var fieldNumber: UInt8 {
            switch self {
            case .bytes: 1
            case .floatList: 2
            case .int64List: 3
            }
        }
    }

    /// A feature: its key and kind.
    public struct Field: Sendable, Equatable {
        /// The feature's key in the Example's map.
        public var key: String
        /// What the feature holds.
        public var kind: Kind

        /// A feature named `key` holding `kind`.
        public init(key: String, kind: Kind) { (self.key, self.kind) = (key, kind) }
    }

    /// The features in the order the caller passes contents.
    public let fields: [Field]
    /// `order[i]` is the index in `fields` of the i-th feature on the wire (sorted by key).
    private let order: [Int]
    private let keys: [[UInt8]]

    /// Creates an encoder for examples with exactly these features.
    ///
    /// - Precondition: keys are distinct.
    public init(fields: [Field]) {
        precondition(Set(fields.map(\.key)).count == fields.count, "feature keys must be distinct")
        self.fields = fields
        self.order = fields.indices.sorted { fields[$0].key < fields[$1].key }
        self.keys = fields.map { Array($0.key.utf8) }
    }

    /// The serialized size of an Example whose feature contents have these sizes (in the
    /// order of ``fields``).
    public func exampleSize(contentSizes: [Int]) -> Int {
        let features = featuresSize(contentSizes: contentSizes)
        return 1 + protobufVarintSize(UInt64(features)) + features
    }

    /// The size of the `Features` message: its map entries, each with tag and length.
    @usableFromInline
    func featuresSize(contentSizes: [Int]) -> Int {
        var features = 0
        for i in fields.indices {
            let entry = entrySize(field: i, contentSize: contentSizes[i])
            features += 1 + protobufVarintSize(UInt64(entry)) + entry
        }
        return features
    }

    /// The framed record size (header + Example + footer) for these content sizes.
    public func recordSize(contentSizes: [Int]) -> Int {
        RecordFraming.framedSize(payloadSize: exampleSize(contentSizes: contentSizes))
    }

    /// Appends one framed record holding an Example to `output`.
    ///
    /// - Parameters:
    ///   - contentSizes: each feature's content size in bytes, in the order of ``fields``.
    ///   - output: the buffer to append to.
    ///   - writeContent: called once per feature (in wire order) with the feature's index in
    ///     ``fields`` and exactly `contentSizes[index]` bytes to fill.
    /// - Complexity: O(size of the record), one CRC pass.
    public func appendRecord(
        contentSizes: [Int], to output: RecordBuffer,
        writeContent: (_ field: Int, _ content: UnsafeMutableRawBufferPointer) -> Void
    ) {
        let exampleSize = exampleSize(contentSizes: contentSizes)
        let recordSize = RecordFraming.framedSize(payloadSize: exampleSize)
        output.append(count: recordSize) { record in
            var cursor = ByteCursor(record, offset: RecordFraming.headerSize)
            writeExample(contentSizes: contentSizes, cursor: &cursor, writeContent: writeContent)
            precondition(cursor.offset == recordSize - RecordFraming.footerSize, "Example size mismatch")
            RecordFraming.seal(record)
        }
    }

    /// Writes one framed record holding an Example whose field `streamed` has content too
    /// large to hold at once (one wide row: tens of MB), through `buffer` in pieces.
    ///
    /// Everything but that content is built first (a few dozen bytes); `streamContent`
    /// then pushes the content in order through the `emit` it is given, each call
    /// appending `count` bytes that `fill` writes. The record's CRC is extended as the
    /// bytes go by, and whenever `buffer` holds `pieceSize` bytes or more they go to `flush`
    /// and `buffer` is emptied; the last flush, with `complete` set, ends the record.
    /// The bytes flushed are exactly those of ``appendRecord(contentSizes:to:writeContent:)``.
    ///
    /// - Parameters:
    ///   - contentSizes: as for ``appendRecord(contentSizes:to:writeContent:)``; the
    ///     streamed content's size must be positive, and `emit` must be given exactly that
    ///     many bytes in all.
    ///   - writeContent: fills the contents of the other fields.
    /// - Precondition: `buffer` is empty.
    /// - Throws: what `flush` and `streamContent` throw.
    /// - Complexity: O(size of the record), one CRC pass; memory O(pieceSize + one `emit`).
    public func streamRecord(
        contentSizes: [Int], streamed: Int, through buffer: RecordBuffer, pieceSize: Int,
        flush: (_ buffer: RecordBuffer, _ complete: Bool) throws(TFRecordError) -> Void,
        writeContent: (_ field: Int, _ content: UnsafeMutableRawBufferPointer) -> Void,
        streamContent: (_ emit: (_ count: Int, _ fill: (UnsafeMutableRawBufferPointer) -> Void) throws(TFRecordError) -> Void)
            throws(TFRecordError) -> Void
    ) throws(TFRecordError) {
        precondition(buffer.count == 0 && contentSizes[streamed] > 0)
        let payloadSize = exampleSize(contentSizes: contentSizes)
        // The Example without the streamed content: what goes before it and after it.
        var skeleton = [UInt8](repeating: 0, count: payloadSize - contentSizes[streamed])
        let hole = skeleton.withUnsafeMutableBytes { raw in
            var cursor = ByteCursor(raw)
            let hole = writeExample(contentSizes: contentSizes, cursor: &cursor, leavingOut: streamed,
                                    writeContent: writeContent)
            precondition(cursor.remaining == 0, "Example size mismatch")
            return hole
        }
        var crc: UInt32 = 0
        var remaining = contentSizes[streamed]
        func append(_ count: Int, checksummed: Bool = true, _ fill: (UnsafeMutableRawBufferPointer) -> Void) {
            let start = buffer.count
            buffer.append(count: count, fill)
            if checksummed {
                buffer.withUnsafeBytes { crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[start...]), extending: crc) }
            }
        }
        append(RecordFraming.headerSize, checksummed: false) { RecordFraming.writeHeader(payloadSize: payloadSize, into: $0) }
        skeleton.withUnsafeBytes { raw in append(hole) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[..<hole])) } }
        // `flush` is called only from inside `streamContent`'s own call, never after it.
        try withoutActuallyEscaping(flush) { (flush) throws(TFRecordError) in
            try streamContent { (count, fill) throws(TFRecordError) in
                precondition(count <= remaining, "streamed content larger than its size")
                remaining -= count
                append(count, fill)
                if buffer.count >= pieceSize {
                    try flush(buffer, false)
                    buffer.removeAll()
                }
            }
        }
        precondition(remaining == 0, "streamed content smaller than its size")
        skeleton.withUnsafeBytes { raw in append(raw.count - hole) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[hole...])) } }
        let footer = CRC32C.mask(crc).littleEndian
        append(RecordFraming.footerSize, checksummed: false) { $0.storeBytes(of: footer, as: UInt32.self) }
        try flush(buffer, true)
    }

    /// One framed record holding an Example, in an array of exactly its size: for callers
    /// that hand records on one by one (no ``RecordBuffer`` to copy out of).
    ///
    /// - Parameters: as ``appendRecord(contentSizes:to:writeContent:)``.
    public func framedRecord(
        contentSizes: [Int], writeContent: (_ field: Int, _ content: UnsafeMutableRawBufferPointer) -> Void
    ) -> [UInt8] {
        let recordSize = RecordFraming.framedSize(payloadSize: exampleSize(contentSizes: contentSizes))
        return [UInt8](unsafeUninitializedCapacity: recordSize) { buffer, initialized in
            let record = UnsafeMutableRawBufferPointer(buffer)
            var cursor = ByteCursor(record, offset: RecordFraming.headerSize)
            writeExample(contentSizes: contentSizes, cursor: &cursor, writeContent: writeContent)
            precondition(cursor.offset == recordSize - RecordFraming.footerSize, "Example size mismatch")
            RecordFraming.seal(record)
            initialized = recordSize
        }
    }

    /// The serialized Example alone (no framing), for tests and small callers.
    public func encodeExample(contents: [[UInt8]]) -> [UInt8] {
        let sizes = contents.map(\.count)
        let size = exampleSize(contentSizes: sizes)
        var bytes = [UInt8](repeating: 0, count: size)
        bytes.withUnsafeMutableBytes { raw in
            var cursor = ByteCursor(raw)
            writeExample(contentSizes: sizes, cursor: &cursor) { field, out in
                contents[field].withUnsafeBytes { out.copyMemory(from: $0) }
            }
            precondition(cursor.remaining == 0, "Example size mismatch")
        }
        return bytes
    }

    /// Writes the Example at `cursor`, each content through `writeContent`, except the
    /// content of field `leftOut` (if any), for which it leaves no room: returns the
    /// offset where that content belongs (else `cursor`'s final offset).
    @usableFromInline @discardableResult
    func writeExample(
        contentSizes: [Int], cursor: inout ByteCursor, leavingOut leftOut: Int = -1,
        writeContent: (Int, UnsafeMutableRawBufferPointer) -> Void
    ) -> Int {
        var hole = -1
        // Example.features (1, LEN) { Features.feature (1, LEN) map entries, sorted by key }
        cursor.append(byte: 0x0A)
        cursor.append(varint: UInt64(featuresSize(contentSizes: contentSizes)))
        for i in order {
            let kind = fields[i].kind
            let content = contentSizes[i]
            let list = listSize(kind: kind, contentSize: content)
            let feature = 1 + protobufVarintSize(UInt64(list)) + list
            let entry = entrySize(field: i, contentSize: content)
            cursor.append(byte: 0x0A)  // Features.feature map entry
            cursor.append(varint: UInt64(entry))
            cursor.append(byte: 0x0A)  // entry.key
            cursor.append(varint: UInt64(keys[i].count))
            keys[i].withUnsafeBytes { cursor.append(bytes: $0) }
            cursor.append(byte: 0x12)  // entry.value: Feature
            cursor.append(varint: UInt64(feature))
            cursor.append(byte: (kind.fieldNumber << 3) | 2)  // Feature.kind oneof
            cursor.append(varint: UInt64(list))
            if kind == .bytes || content > 0 {
                cursor.append(byte: 0x0A)  // List.value (packed for numbers)
                cursor.append(varint: UInt64(content))
                if i == leftOut {
                    hole = cursor.offset
                } else {
                    writeContent(i, cursor.reserve(content))
                }
            }
        }
        return hole >= 0 ? hole : cursor.offset
    }

    @usableFromInline
    func entrySize(field i: Int, contentSize: Int) -> Int {
        let list = listSize(kind: fields[i].kind, contentSize: contentSize)
        let feature = 1 + protobufVarintSize(UInt64(list)) + list
        return 1 + protobufVarintSize(UInt64(keys[i].count)) + keys[i].count + 1 + protobufVarintSize(UInt64(feature)) + feature
    }

    @usableFromInline
    func listSize(kind: Kind, contentSize: Int) -> Int {
        // An empty packed list is omitted entirely; a BytesList always holds its one value.
        if kind != .bytes && contentSize == 0 { return 0 }
        return 1 + protobufVarintSize(UInt64(contentSize)) + contentSize
    }
}

extension ExampleEncoder {
    /// Writes `value` as a varint into `out` (exactly `varintSize(value)` bytes).
    @inlinable
    public static func writeVarint(_ value: Int64, into out: UnsafeMutableRawBufferPointer) -> Int {
        var cursor = ByteCursor(out)
        cursor.append(varint: UInt64(bitPattern: value))
        return cursor.offset
    }

    /// The size of `value` as a protobuf varint (negative values take 10 bytes).
    @inlinable
    public static func varintSize(of value: Int64) -> Int { protobufVarintSize(UInt64(bitPattern: value)) }
}
