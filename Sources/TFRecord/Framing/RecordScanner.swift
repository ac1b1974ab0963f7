/// Reads a record file from start to end and carries on past damage: every record that
/// verifies, in file order, and one ``RecordDamage`` for each stretch between them that does
/// not.
///
/// Where ``RecordReader`` stops at the first bad record, the scanner resynchronizes. A
/// record is accepted only when its header's length CRC matches, its length fits in the
/// rest of the file and its data CRC matches. After a bad record at offset `p` the scanner
/// looks for the first such record at `p + 1`, `p + 2`, …: the length of a record whose data
/// CRC fails is not trusted to find the next one, because bytes inserted into or deleted from
/// its data leave the header intact. For ordinary damage (changed bytes) the search ends
/// exactly where the bad record's length says. `tfrec verify` and `tfrec salvage` both
/// read files through this type.
///
/// ```swift
/// let scanner = try RecordScanner(path: "file_00-3000.tfrec")
/// while let event = try scanner.next() {
///     switch event {
///     case .record: scanner.withPayload { payload in … }
///     case .damage(let damage): print(damage)
///     }
/// }
/// ```
///
/// Memory is bounded: a window of `bufferSize` bytes slides over the file, growing only to
/// hold a record that verified and is larger than it. A resynchronization candidate larger
/// than the window has its data CRC computed in window-sized pieces before anything grows.
///
/// A byte observer (``init(path:bufferSize:observingBytes:)``) sees every byte of the file
/// once, in order, as it arrives in the window: a digest of the whole file then costs no
/// second read.
///
/// - Complexity: O(n) in the file size for undamaged files and for damage made of random
///   bytes; in damaged regions every byte offset is tried as a header (one 8-byte CRC each),
///   but the file is not read again per offset. Only a candidate whose header verifies and
///   whose data does not costs a pass over its announced length.
public final class RecordScanner {
    /// A record that verified.
    public struct Record: Sendable, Equatable {
        /// Its index in the file; damaged regions before it count as one record each.
        public var index: Int
        /// Byte offset of its header.
        public var offset: Int
        /// Bytes of data.
        public var payloadLength: Int
        /// Bytes in the file: header, data and data CRC.
        public var framedSize: Int { RecordFraming.framedSize(payloadSize: payloadLength) }

        /// Describes a record.
        public init(index: Int, offset: Int, payloadLength: Int) {
            self.index = index
            self.offset = offset
            self.payloadLength = payloadLength
        }
    }

    /// What ``next()`` found.
    public enum Event: Sendable, Equatable {
        /// A record that verified; its bytes are available until the next call of ``next()``.
        case record(Record)
        /// A damaged region, ending at the next record that verifies or at the end of the file.
        case damage(RecordDamage)
    }

    private let file: InputFile
    /// The file's size when it was opened; the scan ends there.
    public let fileSize: Int
    /// Bytes of the file from `windowOffset`; `windowCount` of them are filled.
    private var window: [UInt8]
    private var windowOffset = 0
    private var windowCount = 0
    /// File offset where the next event starts.
    public private(set) var position = 0
    /// Bytes read from the file so far, counting bytes read twice twice.
    public private(set) var bytesRead = 0
    private var nextIndex = 0
    /// A record found by resynchronization, returned by the next call.
    private var found: Record?
    /// The record the last call returned, resident in the window.
    private var current: Record?
    /// Called with every byte of the file once, in file order.
    private let observer: ((UnsafeRawBufferPointer) -> Void)?
    /// How many bytes from the start of the file `observer` has seen.
    private var observed = 0

    /// Opens the file at `path`.
    ///
    /// - Parameters:
    ///   - path: a regular file (the scanner reads at arbitrary offsets).
    ///   - bufferSize: bytes of the file held in memory at a time, unless a record is larger.
    ///   - observer: called with the bytes of the file, each once and in file order, as
    ///     they are first read into the window (the bytes are valid only during the call).
    ///     When ``next()`` has returned `nil` it has seen the whole file, to its end as it
    ///     is then: bytes the scan did not need are read for it at that point.
    /// - Throws: ``TFRecordError`` with code `.io` (missing, unreadable, not a regular file).
    public init(path: String, bufferSize: Int = 1 << 20,
                observingBytes observer: ((UnsafeRawBufferPointer) -> Void)? = nil) throws(TFRecordError)
    {
        let file = try InputFile(path: path)
        guard file.isRegularFile else {
            throw TFRecordError(.io, "not a regular file; scanning for damaged records needs to read at any offset",
                                at: SourceLocation(path: path))
        }
        self.file = file
        self.fileSize = file.size
        self.window = [UInt8](repeating: 0, count: max(bufferSize, 64))
        self.observer = observer
    }

    /// The path being read.
    public var path: String { file.path }

    /// Bytes of the file held in memory: `bufferSize`, or the largest record delivered.
    public var bufferCapacity: Int { window.count }

    /// The next record or damaged region, or `nil` at the end of the file.
    ///
    /// - Throws: ``TFRecordError`` with code `.io` when reading fails or the file shrinks
    ///   while being read. Damage is not an error here; it is an ``Event/damage(_:)``.
    public func next() throws(TFRecordError) -> Event? {
        current = nil
        if let record = found {
            found = nil
            return .record(try deliver(record))
        }
        let start = position
        let remaining = fileSize - start
        if remaining <= 0 {
            try observeFile(upTo: nil)
            return nil
        }
        guard remaining >= RecordFraming.headerSize else {
            return try damage(.truncated, at: start,
                              "truncated record header: \(remaining) of \(RecordFraming.headerSize) bytes",
                              searchFrom: fileSize)
        }
        try makeResident(start, count: RecordFraming.headerSize)
        guard let length = headerLength(at: start) else {
            return try damage(.lengthCRCMismatch, at: start, "length CRC mismatch: the record header is corrupt",
                              searchFrom: start + 1)
        }
        let left = remaining - RecordFraming.headerSize
        guard left >= RecordFraming.footerSize, length <= UInt64(left - RecordFraming.footerSize) else {
            return try damage(.truncated, at: start,
                              "truncated record: \(length) data bytes + 4 CRC bytes announced, \(left) bytes left",
                              searchFrom: start + 1)
        }
        let record = Record(index: nextIndex, offset: start, payloadLength: Int(length))
        // At a record boundary a header that verifies is trusted and the record read whole,
        // however large; only resynchronization candidates are checked in bounded memory.
        try makeResident(start, count: record.framedSize)
        let (stored, computed) = residentChecksums(of: record)
        guard stored == computed else {
            return try damage(.dataCRCMismatch, at: start,
                              "data CRC mismatch (stored 0x\(hex(stored)), computed 0x\(hex(computed)))",
                              searchFrom: start + 1)
        }
        return .record(try deliver(record))
    }

    /// Calls `body` with the data of the record that ``next()`` just returned.
    ///
    /// The bytes are valid only inside `body`.
    public func withPayload<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withFramedRecord { framed in
            let data = RecordFraming.headerSize..<(framed.count - RecordFraming.footerSize)
            return try body(UnsafeRawBufferPointer(rebasing: framed[data]))
        }
    }

    /// Calls `body` with the framed bytes (header, data, data CRC) of the record that
    /// ``next()`` just returned, exactly as they are in the file.
    ///
    /// The bytes are valid only inside `body`.
    public func withFramedRecord<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        guard let current else { preconditionFailure("the last call of next() returned no record") }
        let start = current.offset - windowOffset
        return try window.withUnsafeBytes { raw in
            try body(UnsafeRawBufferPointer(rebasing: raw[start..<(start + current.framedSize)]))
        }
    }

    // MARK: - Records and damage

    /// Makes `record` the current one and moves past it.
    private func deliver(_ record: Record) throws(TFRecordError) -> Record {
        try makeResident(record.offset, count: record.framedSize)
        var record = record
        record.index = nextIndex
        nextIndex += 1
        position = record.offset + record.framedSize
        current = record
        return record
    }

    /// Reports the region from `start` to the next record that verifies at or after `from`.
    private func damage(_ kind: RecordDamage.Kind, at start: Int, _ detail: String, searchFrom from: Int)
        throws(TFRecordError) -> Event
    {
        let next = try firstRecord(from: from)
        let end = next?.offset ?? fileSize
        found = next
        position = end
        let damage = RecordDamage(kind: kind, recordIndex: nextIndex, offset: start, length: end - start,
                                  nextRecordOffset: next?.offset, detail: detail)
        nextIndex += 1
        return .damage(damage)
    }

    /// The first record at an offset `>= from` whose header and data both verify.
    ///
    /// Headers are tried at every offset of the window; the window then moves on, keeping the
    /// last 11 bytes, so each byte is read once unless a candidate's data must be checked.
    private func firstRecord(from: Int) throws(TFRecordError) -> Record? {
        var candidate = from
        while fileSize - candidate >= RecordFraming.framedSize(payloadSize: 0) {
            try makeResident(candidate, count: min(window.count, fileSize - candidate))
            // Offsets whose 12 header bytes are in the window and that leave room for a CRC.
            let last = min(windowOffset + windowCount - RecordFraming.headerSize,
                           fileSize - RecordFraming.framedSize(payloadSize: 0))
            guard let record = firstValidHeader(from: candidate, through: last) else {
                candidate = last + 1
                continue
            }
            if try dataCRCMatches(record) { return record }
            candidate = record.offset + 1
        }
        return nil
    }

    /// Whether the data CRC of a candidate whose header verified matches, in bounded memory.
    private func dataCRCMatches(_ record: Record) throws(TFRecordError) -> Bool {
        if record.framedSize <= window.count {
            try makeResident(record.offset, count: record.framedSize)
            let (stored, computed) = residentChecksums(of: record)
            return stored == computed
        }
        // Larger than the window: the header may be a chance match in garbage announcing
        // gigabytes, so the data is checked piece by piece before any memory is committed.
        var scratch = [UInt8](repeating: 0, count: window.count)
        var crc: UInt32 = 0
        var at = record.offset + RecordFraming.headerSize
        let end = at + record.payloadLength
        while at < end {
            let count = min(scratch.count, end - at)
            try fill(&scratch, 0..<count, fromOffset: at)
            crc = scratch.withUnsafeBytes { raw in
                CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[..<count]), extending: crc)
            }
            at += count
        }
        try fill(&scratch, 0..<RecordFraming.footerSize, fromOffset: end)
        let stored = scratch.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        return CRC32C.mask(crc) == stored
    }

    // MARK: - Window

    /// Makes the bytes `offset ..< offset + count` of the file resident, growing the window if
    /// `count` is larger, and fills the rest of the window with the bytes that follow.
    ///
    /// Bytes already resident from `offset` on are kept, not read again.
    private func makeResident(_ offset: Int, count: Int) throws(TFRecordError) {
        precondition(offset >= 0 && count >= 0 && offset + count <= fileSize)
        let windowEnd = windowOffset + windowCount
        if offset >= windowOffset && offset + count <= windowEnd { return }
        if count > window.count { window.append(contentsOf: repeatElement(0, count: count - window.count)) }
        if offset >= windowOffset && offset < windowEnd {
            let keep = windowEnd - offset
            let from = offset - windowOffset
            window.withUnsafeMutableBytes { raw in
                raw.baseAddress!.copyMemory(from: raw.baseAddress! + from, byteCount: keep)
            }
            windowCount = keep
        } else {
            windowCount = 0
        }
        windowOffset = offset
        let target = min(window.count, fileSize - offset)
        if windowCount < target {
            try fill(&window, windowCount..<target, fromOffset: offset + windowCount)
            windowCount = target
        }
        try observeWindow()
    }

    // MARK: - Observer

    /// Passes the window's bytes that the observer has not seen to it.
    private func observeWindow() throws(TFRecordError) {
        guard let observer else { return }
        // The window only moves forward, and keeps a tail of what it held when it does; a
        // gap before it is not expected, but is read rather than skipped.
        if observed < windowOffset { try observeFile(upTo: windowOffset) }
        let windowEnd = windowOffset + windowCount
        guard observed < windowEnd else { return }
        let from = observed - windowOffset
        window.withUnsafeBytes { raw in observer(UnsafeRawBufferPointer(rebasing: raw[from..<windowCount])) }
        observed = windowEnd
    }

    /// Reads the file from the first byte the observer has not seen up to `limit`, or to
    /// the end of the file (`nil`), and passes the bytes to the observer, outside the window.
    private func observeFile(upTo limit: Int?) throws(TFRecordError) {
        guard let observer else { return }
        var scratch: [UInt8] = []
        while limit.map({ observed < $0 }) ?? true {
            if scratch.isEmpty { scratch = [UInt8](repeating: 0, count: 1 << 16) }
            let count = min(scratch.count, limit.map { $0 - observed } ?? .max)
            let at = observed
            let n = try rethrowingTFRecordError {
                try scratch.withUnsafeMutableBytes { (raw) in
                    try file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[..<count]), atOffset: at)
                }
            }
            if n == 0 {
                guard limit == nil else { throw shrank(at: observed) }
                return
            }
            scratch.withUnsafeBytes { raw in observer(UnsafeRawBufferPointer(rebasing: raw[..<n])) }
            observed += n
            bytesRead += n
        }
    }

    /// Fills `buffer[range]` with the file's bytes from `offset` on (the window, or scratch
    /// space outside it); the file must still hold them.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` when the file ends first (it shrank), `.io`.
    private func fill(_ buffer: inout [UInt8], _ range: Range<Int>, fromOffset offset: Int) throws(TFRecordError) {
        let n = try rethrowingTFRecordError {
            try buffer.withUnsafeMutableBytes { (raw) in
                try file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[range]), at: offset)
            }
        }
        bytesRead += n
        guard n == range.count else { throw shrank(at: offset + n) }
    }

    /// The length in the resident header at `offset`, or `nil` if its CRC does not match.
    private func headerLength(at offset: Int) -> UInt64? {
        let start = offset - windowOffset
        return window.withUnsafeBytes { raw in
            let header = UnsafeRawBufferPointer(rebasing: raw[start..<(start + RecordFraming.headerSize)])
            return RecordFraming.payloadLength(header: header)
        }
    }

    /// The first offset in `from ... last` (all resident with their headers) whose header
    /// verifies and whose length fits in the file, as a record candidate.
    private func firstValidHeader(from: Int, through last: Int) -> Record? {
        guard from <= last else { return nil }
        let start = from - windowOffset
        let room = fileSize - from - RecordFraming.framedSize(payloadSize: 0)
        let end = last - windowOffset + RecordFraming.headerSize
        let found = window.withUnsafeBytes { raw in
            RecordFraming.firstHeader(in: UnsafeRawBufferPointer(rebasing: raw[start..<end]), room: room)
        }
        guard let found else { return nil }
        return Record(index: 0, offset: from + found.offset, payloadLength: Int(found.length))
    }

    /// The stored and the computed data CRC of a resident record.
    private func residentChecksums(of record: Record) -> (stored: UInt32, computed: UInt32) {
        let start = record.offset - windowOffset + RecordFraming.headerSize
        let end = start + record.payloadLength
        return window.withUnsafeBytes { raw in
            let stored = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: end, as: UInt32.self))
            return (stored, CRC32C.maskedChecksum(UnsafeRawBufferPointer(rebasing: raw[start..<end])))
        }
    }

    private func shrank(at offset: Int) -> TFRecordError {
        TFRecordError(.io, "the file ended at byte \(offset), before the \(fileSize) bytes it had when opened",
                      at: SourceLocation(path: path))
    }
}
