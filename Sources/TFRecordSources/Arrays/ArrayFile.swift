#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TFRecord
import TFRecordShards

/// An opened `.npy` or IDX file, plain or gzip-compressed, or a `.npy` member of a NumPy
/// `.npz` archive (`data.npz:x_train`, see ``NPZMemberPath``), read by rows.
///
/// Rows come out in C order (row-major) whatever the file's order, in the file's element
/// type and byte order. A plain file is read with `pread(2)` at any row; a gzip file or an
/// archive member only front to back (stored or deflated, through libzip: bounded memory
/// whatever the member's size). ``stage(in:cancellation:)`` copies the rows of either into an
/// unlinked temporary file in C order, for reading rows in any order
/// (``readRow(_:into:)``); a Fortran-order stream is staged as it is, then read as a plain
/// Fortran-order file (``needsStaging``).
///
/// Not thread-safe: used by one thread at a time (the pipeline's reader thread).
package final class ArrayFile {
    /// Where the rows are read from.
    private enum Storage {
        /// The file itself, uncompressed; the data starts at byte `dataStart`.
        case plain(RandomAccessFile, dataStart: Int)
        /// The file through zlib, or an archive member through libzip, front to back.
        case stream(any ArrayByteStream)
        /// A row-major copy in a temporary file (``stage(in:)``).
        case staged(RandomAccessFile)
    }

    /// The path as given.
    package let path: String
    /// What the header says.
    package let header: ArrayHeader
    /// Whether the rows come from a stream (gzip, an archive member): byte offsets then
    /// count uncompressed bytes and are not reported.
    let isCompressed: Bool
    private var storage: Storage
    /// Rows read so far from a stream (it is read in order).
    private var nextStreamRow = 0
    /// For a Fortran-order file: the column-major index of each element of a row (C order).
    private lazy var fortranIndex: [Int] = Self.fortranIndex(rowShape: header.rowShape)

    /// Opens `path` and reads its header: `.npy` if it starts with `\x93NUMPY`, IDX if it
    /// starts with two zero bytes, gzip (of either) if it starts with `1f 8b`; otherwise the
    /// name decides which header is reported as malformed.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` for a missing file, a file that is neither
    ///   format, a bad header, or data shorter or longer than the header says (for gzip
    ///   files, found when reading reaches the end); `.io` for failed reads.
    package init(path: String) throws(TFRecordError) {
        self.path = path
        if let member = NPZMemberPath.parse(path) {
            let reader = try Self.openMember(member)
            isCompressed = true
            self.header = try NPYHeader.read(path: path) { (count) throws(TFRecordError) in try reader.read(count: count) }
            storage = .stream(reader)
            try checkShape()
            // The central directory gives the member's size: check it as a plain file's.
            let available = reader.member.size - header.dataOffset
            if available < header.dataBytes { throw truncated(bytesAvailable: available) }
            if available > header.dataBytes { throw trailingData(extra: available - header.dataBytes) }
            return
        }
        let plain = try RandomAccessFile(path: path)
        let start = try plain.read(at: 0, count: 4)
        if ZipArchive.isZip(start: start), (try? ZipArchive(path: path)) != nil {
            let members = (try? NPZArchive(path: path))?.members.map(\.name) ?? []
            throw TFRecordError(.badInput, "a zip archive (NumPy .npz): name the array in it as \(path):NAME"
                                + (members.isEmpty ? "" : " (its arrays: \(members.joined(separator: ", ")))"),
                                at: SourceLocation(path: path))
        }
        isCompressed = start.starts(with: [0x1F, 0x8B])
        var header: ArrayHeader
        if isCompressed {
            let gzip = try GzipFile(path: path)
            header = try Self.readHeader(path: path) { (count) throws(TFRecordError) in try gzip.read(count: count) }
            storage = .stream(gzip)
        } else {
            var offset = 0
            header = try Self.readHeader(path: path) { (count) throws(TFRecordError) in
                let bytes = try plain.read(at: offset, count: count)
                offset += bytes.count
                return bytes
            }
            storage = .plain(plain, dataStart: header.dataOffset)
        }
        self.header = header
        try checkShape()
        if case .plain(let file, _) = storage {
            let available = file.snapshot.size - header.dataOffset
            if available < header.dataBytes { throw truncated(bytesAvailable: available) }
            if available > header.dataBytes { throw trailingData(extra: available - header.dataBytes) }
        }
    }

    /// Opens the member `member` names, or says which arrays the archive holds.
    private static func openMember(_ member: NPZMemberPath) throws(TFRecordError) -> ZipMemberReader {
        let archive = try ZipArchive(path: member.archive)
        guard let entry = archive.member(named: member.entryName) else {
            throw try NPZArchive(path: member.archive).missingMember(member.member)
        }
        return try archive.open(entry)
    }

    /// Reads the header through `read`: `.npy` or IDX by the first two bytes, else by the
    /// name (`idx`, `-ubyte`: IDX), so that the error names the format the user meant.
    private static func readHeader(path: String, _ read: @escaping (Int) throws(TFRecordError) -> [UInt8])
        throws(TFRecordError) -> ArrayHeader
    {
        let first = try read(2)
        var replayed = false
        // Hands the two bytes already read back to the header parser before reading on.
        let reader = { (count: Int) throws(TFRecordError) -> [UInt8] in
            if replayed { return try read(count) }
            replayed = true
            precondition(count >= first.count)
            if first.count < 2 { return first }
            return first + (try read(count - 2))
        }
        let name = path.lowercased()
        let looksIDX = first == [0, 0] || (first != [0x93, 0x4E] && (name.contains("idx") || name.contains("-ubyte")))
        return looksIDX ? try IDXHeader.read(path: path, reader) : try NPYHeader.read(path: path, reader)
    }

    /// Checks what the header says against what a conversion can read.
    private func checkShape() throws(TFRecordError) {
        guard !header.shape.isEmpty else {
            throw TFRecordError(.badInput, "a 0-dimensional array (shape ()) has no rows", at: SourceLocation(path: path))
        }
    }

    /// Rows in the file.
    package var rows: Int { header.rows }

    /// Reads rows `range` into `buffer` (`range.count × rowBytes` bytes), in C order.
    ///
    /// A stream must be read in order: each range starts where the last one ended; a
    /// Fortran-order stream must be staged first (``needsStaging``).
    ///
    /// - Throws: ``TFRecordError`` `.badInput` when the file is shorter than its header said
    ///   (it was truncated while being read) or its gzip data is corrupt, `.io`.
    func readRows(_ range: Range<Int>, into buffer: UnsafeMutableRawBufferPointer) throws(TFRecordError) {
        let rowBytes = header.rowBytes
        precondition(buffer.count == range.count * rowBytes && range.upperBound <= rows)
        switch storage {
        case .plain(let file, let dataStart) where isReordered:
            try readFortranRows(range, from: file, dataStart: dataStart, into: buffer)
        case .plain(let file, let dataStart):
            let read = try file.read(at: dataStart + range.lowerBound * rowBytes, into: buffer)
            if read < buffer.count { throw truncatedWhileReading(file: file) }
        case .staged(let file):
            let read = try file.read(at: range.lowerBound * rowBytes, into: buffer)
            if read < buffer.count { throw truncatedWhileReading(file: file) }
        case .stream(let file):
            precondition(!needsStaging, "a Fortran-order stream is staged before its rows are read")
            precondition(range.lowerBound == nextStreamRow, "streams are read in order")
            let read = try file.readFully(into: buffer)
            if read < buffer.count { throw truncated(bytesAvailable: file.position - header.dataOffset) }
            nextStreamRow = range.upperBound
            if nextStreamRow == rows {
                if try !file.read(count: 1).isEmpty { throw trailingData(extra: nil) }
            }
        }
    }

    /// Reads one row into `buffer` (any row, in any order; not for gzip files unless staged).
    func readRow(_ row: Int, into buffer: UnsafeMutableRawBufferPointer) throws(TFRecordError) {
        try readRows(row..<(row + 1), into: buffer)
    }

    /// Whether ``readRow(_:into:)`` is cheap for rows in any order: one `pread` per row.
    package var hasRandomAccessRows: Bool {
        switch storage {
        case .plain: !isReordered
        case .staged: true
        case .stream: false
        }
    }

    /// Whether rows must be gathered from columns: a Fortran-order array with more than one
    /// element per row (a column-major `(N,)` or `(N, 1)` is laid out as in C order).
    private var isReordered: Bool { header.isFortranOrder && header.rowElements > 1 }

    /// Whether the rows cannot be read at all before ``stage(in:cancellation:)``: a
    /// Fortran-order array in a stream, whose rows are spread over the whole stream.
    package var needsStaging: Bool {
        if case .stream = storage { return isReordered }
        return false
    }

    /// Copies every row, in C order, to an unlinked temporary file in `directory` and reads
    /// from it from now on, so that rows can be read in any order (a shuffled conversion of
    /// a stream or a Fortran-order file). The copy needs as much free space as the data.
    ///
    /// With `randomAccess` false, only a file that ``needsStaging`` is copied, and as it is
    /// (column-major): it is then read in order like a plain Fortran-order file.
    ///
    /// - Throws: ``TFRecordError`` as ``readRows(_:into:)``; `.io` if the copy cannot be
    ///   written; `.interrupted` when `cancellation` is set.
    package func stage(in directory: OutputDirectory, randomAccess: Bool = true, cancellation: CancellationFlag)
        throws(TFRecordError)
    {
        if needsStaging, case .stream(let stream) = storage {
            let copy = try Self.temporaryFile(in: directory, path: path)
            try copyBytes(header.dataBytes, from: stream, to: copy, cancellation: cancellation)
            if try !stream.read(count: 1).isEmpty { throw trailingData(extra: nil) }
            try stream.checkUnchanged()
            // A new snapshot of the copy, now written: reads check it is unchanged from here on.
            let written = dup(copy.descriptor)
            guard written >= 0 else { throw .system("dup", path: path) }
            storage = .plain(try RandomAccessFile(descriptor: written, path: path), dataStart: 0)
        }
        guard randomAccess && !hasRandomAccessRows else { return }
        let copy = try Self.temporaryFile(in: directory, path: path)
        let rowsPerBlock = max(1, (4 << 20) / max(1, header.rowBytes))
        var block = [UInt8](repeating: 0, count: rowsPerBlock * header.rowBytes)
        var row = 0
        while row < rows {
            if cancellation.isCancelled { throw TFRecordError(.interrupted, "interrupted; no shard was written") }
            let count = min(rowsPerBlock, rows - row)
            try rethrowingTFRecordError {
                try block.withUnsafeMutableBytes { raw in
                    let part = UnsafeMutableRawBufferPointer(rebasing: raw[..<(count * header.rowBytes)])
                    try readRows(row..<(row + count), into: part)
                    try copy.append(UnsafeRawBufferPointer(part))
                }
            }
            row += count
        }
        try checkUnchanged()
        storage = .staged(copy)
    }

    /// An unlinked temporary file in `directory`, open for reading and writing.
    private static func temporaryFile(in directory: OutputDirectory, path: String) throws(TFRecordError)
        -> RandomAccessFile
    {
        // The name marks it as this process's temporary, so a crash between open and unlink
        // leaves a file that the next run removes.
        let name = directory.file(TemporaryFileName(suffix: "staged-\(UInt32.random(in: 0...UInt32.max))").name)
        let fd = open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .system("create a temporary copy", path: name) }
        unlink(name)
        return try RandomAccessFile(descriptor: fd, path: path)
    }

    /// Copies the next `count` bytes of `stream` to the end of `copy`, in blocks of 4 MiB.
    private func copyBytes(_ count: Int, from stream: any ArrayByteStream, to copy: RandomAccessFile,
                           cancellation: CancellationFlag) throws(TFRecordError) {
        var block = [UInt8](repeating: 0, count: min(count, 4 << 20))
        var left = count
        while left > 0 {
            if cancellation.isCancelled { throw TFRecordError(.interrupted, "interrupted; no shard was written") }
            let n = min(left, block.count)
            try rethrowingTFRecordError {
                try block.withUnsafeMutableBytes { raw in
                    let part = UnsafeMutableRawBufferPointer(rebasing: raw[..<n])
                    if try stream.readFully(into: part) < n { throw truncated(bytesAvailable: stream.position - header.dataOffset) }
                    try copy.append(UnsafeRawBufferPointer(part))
                }
            }
            left -= n
        }
    }

    /// Ends reading the file: a gzip stream must end where its header says (checked when
    /// the last row is read, here for a file without rows), and the file must be unchanged.
    ///
    /// - Throws: ``TFRecordError`` `.badInput`.
    func finishReading() throws(TFRecordError) {
        if case .stream = storage, rows == 0 {
            try readRows(0..<0, into: UnsafeMutableRawBufferPointer(start: nil, count: 0))
        }
        try checkUnchanged()
    }

    /// Throws unless the file is as it was when opened (a staged file no longer reads it).
    ///
    /// - Throws: ``TFRecordError`` `.badInput`.
    package func checkUnchanged() throws(TFRecordError) {
        switch storage {
        case .plain(let file, _): try file.checkUnchanged()
        case .stream(let file): try file.checkUnchanged()
        case .staged: break
        }
    }

    // MARK: Fortran order

    /// The column-major flat index of each element of a row, in C order: element
    /// `(i1, i2, …)` of a row is at `row + rows × (i1 + d1 × (i2 + d2 × …))`, and this
    /// gives the part in parentheses.
    static func fortranIndex(rowShape: [Int]) -> [Int] {
        let count = rowShape.reduce(1, *)
        var index = [Int](repeating: 0, count: count)
        var strides = [Int](repeating: 1, count: rowShape.count)
        for axis in rowShape.indices.dropFirst() { strides[axis] = strides[axis - 1] * rowShape[axis - 1] }
        var position = [Int](repeating: 0, count: rowShape.count)
        for element in 0..<count {
            var flat = 0
            for axis in rowShape.indices { flat += position[axis] * strides[axis] }
            index[element] = flat
            // Advance the C-order position: the last axis fastest.
            var axis = rowShape.count - 1
            while axis >= 0 {
                position[axis] += 1
                if position[axis] < rowShape[axis] { break }
                position[axis] = 0
                axis -= 1
            }
        }
        return index
    }

    /// Reads rows of a column-major file: one `pread` per element of a row (a run of
    /// `range.count` values), then a transpose into rows.
    private func readFortranRows(_ range: Range<Int>, from file: RandomAccessFile, dataStart: Int,
                                 into buffer: UnsafeMutableRawBufferPointer) throws(TFRecordError)
    {
        let size = header.elementType.size
        let count = range.count
        let elements = header.rowElements
        var columns = [UInt8](repeating: 0, count: count * elements * size)
        let index = fortranIndex
        try rethrowingTFRecordError {
            try columns.withUnsafeMutableBytes { columns in
                // Read in the file's order (ascending offsets): element k of the row-major
                // order has column-major index `index[k]`, so read column c into slot c.
                for column in 0..<elements {
                    let offset = dataStart + (column * rows + range.lowerBound) * size
                    let slot = UnsafeMutableRawBufferPointer(rebasing: columns[(column * count * size)..<((column + 1) * count * size)])
                    if try file.read(at: offset, into: slot) < slot.count { throw truncatedWhileReading(file: file) }
                }
                Self.transpose(columns: UnsafeRawBufferPointer(columns), rows: count, index: index, elementSize: size,
                               into: buffer)
            }
        }
    }

    /// `rows[r][k] = columns[index[k]][r]`, element by element of `elementSize` bytes.
    private static func transpose(columns: UnsafeRawBufferPointer, rows: Int, index: [Int], elementSize size: Int,
                                  into output: UnsafeMutableRawBufferPointer) {
        let elements = index.count
        index.withUnsafeBufferPointer { index in
            for r in 0..<rows {
                let rowBase = r * elements * size
                for k in 0..<elements {
                    let from = (index[k] * rows + r) * size
                    let to = rowBase + k * size
                    switch size {
                    case 1: output[to] = columns[from]
                    case 4: output.storeBytes(of: columns.loadUnaligned(fromByteOffset: from, as: UInt32.self),
                                              toByteOffset: to, as: UInt32.self)
                    case 8: output.storeBytes(of: columns.loadUnaligned(fromByteOffset: from, as: UInt64.self),
                                              toByteOffset: to, as: UInt64.self)
                    default:
                        for b in 0..<size { output[to + b] = columns[from + b] }
                    }
                }
            }
        }
    }

    // MARK: Errors

    private func truncated(bytesAvailable: Int) -> TFRecordError {
        TFRecordError(.badInput, "data truncated: shape \(ArrayHeader.text(header.shape)) of \(header.elementType.name) "
                      + "needs \(header.dataBytes) bytes after the \(header.dataOffset)-byte header, the file has only "
                      + "\(bytesAvailable)", at: SourceLocation(path: path))
    }

    private func trailingData(extra: Int?) -> TFRecordError {
        TFRecordError(.badInput, "\(extra.map { "\($0) bytes" } ?? "data") after the \(header.dataBytes) bytes that shape "
                      + "\(ArrayHeader.text(header.shape)) of \(header.elementType.name) describes; the header does not "
                      + "match the data", at: SourceLocation(path: path))
    }

    /// A read came up short although the size was checked at open: the file shrank.
    private func truncatedWhileReading(file: RandomAccessFile) -> TFRecordError {
        do throws(TFRecordError) { try file.checkUnchanged() } catch { return error }
        return TFRecordError(.badInput, "the file ended early while it was being read; convert it again once it is "
                             + "complete", at: SourceLocation(path: path))
    }
}
