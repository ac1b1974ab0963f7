#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TFRecord
import TFRecordShards

/// Copies the records of a damaged record file that still verify into a new file.
///
/// The input is read through ``RecordScanner``: a record is copied only when its length CRC
/// and its data CRC both match, byte for byte as it is in the input; after damage the scan
/// resumes at the next offset where such a record starts. The output is an
/// ``AtomicOutputFile``: it appears under its name only when complete and synced.
///
/// ```swift
/// let summary = try RecordSalvager().salvage(input: "bad.tfrec", output: "good.tfrec") { damage in
///     print(damage)
/// }
/// ```
///
/// - Complexity: O(n) in the input size; memory is the scanner's window and one write
///   buffer (`bufferSize` each), or the largest record if that is larger.
public struct RecordSalvager: Sendable {
    /// Bytes held in memory for reading, and for writing.
    public var bufferSize: Int
    /// Called about ten times a second with the records kept and the input bytes read.
    public var progress: (@Sendable (WorkProgress) -> Void)?

    /// Creates a salvager.
    public init(bufferSize: Int = 1 << 20) {
        self.bufferSize = bufferSize
    }

    /// Writes the records of `input` that verify to `output`.
    ///
    /// - Parameters:
    ///   - overwrite: replace an existing `output` (never the input itself).
    ///   - cancellation: set it (e.g. on SIGINT) to stop; checked between records, the run
    ///     then removes its temporary file and throws `.interrupted`.
    ///   - damage: called with each damaged region, in file order, as it is found.
    /// - Returns: what was kept and what was skipped; damage is not an error.
    /// - Throws: ``TFRecordError``: `.badInput` for a missing or unreadable input, `.usage`
    ///   when `output` is the input, a directory, or exists without `overwrite`, `.io` when
    ///   writing fails, `.interrupted`.
    public func salvage(input: String, output: String, overwrite: Bool = false,
                        cancellation: CancellationFlag = CancellationFlag(),
                        damage: (RecordDamage) -> Void = { _ in }) throws(TFRecordError) -> SalvageSummary
    {
        let scanner: RecordScanner
        do { scanner = try RecordScanner(path: input, bufferSize: bufferSize) } catch {
            throw TFRecordError(.badInput, error.message, at: error.location)
        }
        try Self.checkOutput(output, input: input, overwrite: overwrite)
        let (directoryPath, name) = Self.split(output)
        let file = try AtomicOutputFile(directory: try OutputDirectory(path: directoryPath), name: name)
        let pending = RecordBuffer(capacity: bufferSize)
        func flush() throws(TFRecordError) {
            try rethrowingTFRecordError { try pending.withUnsafeBytes { (bytes) in try file.write(bytes) } }
            pending.removeAll()
        }
        var summary = SalvageSummary(input: input, output: output, inputBytes: scanner.fileSize, records: 0,
                                     outputBytes: 0, damagedRegions: 0, skippedBytes: 0)
        let meter = progress.map { ProgressMeter(totalBytes: scanner.fileSize, report: $0) }
        var reported = (records: 0, bytes: 0)
        func report() {
            meter?.add(records: summary.records - reported.records, bytes: scanner.position - reported.bytes)
            reported = (summary.records, scanner.position)
        }
        while let event = try scanner.next() {
            if cancellation.isCancelled { throw TFRecordError(.interrupted, "interrupted; \(output) was not written") }
            if summary.records - reported.records >= 1024 { report() }
            switch event {
            case .record:
                // Small records are batched into large writes; large ones go straight out.
                try rethrowingTFRecordError { try scanner.withFramedRecord { (framed) in
                    if pending.count + framed.count > bufferSize { try flush() }
                    if framed.count >= bufferSize { try file.write(framed) } else { pending.append(framed) }
                } }
                summary.records += 1
            case .damage(let region):
                summary.damagedRegions += 1
                summary.skippedBytes += region.length
                damage(region)
            }
        }
        report()
        try flush()
        summary.outputBytes = file.bytesWritten
        try file.commit()
        return summary
    }

    /// Refuses an output that is the input (under any name), a directory, or an existing
    /// file without `overwrite`.
    private static func checkOutput(_ output: String, input: String, overwrite: Bool) throws(TFRecordError) {
        let at = SourceLocation(path: output)
        if output.isEmpty || output.hasSuffix("/") {
            throw TFRecordError(.usage, "is a directory; name the file to write", at: at)
        }
        var target = stat()
        guard stat(output, &target) == 0 else { return }
        var source = stat()
        if stat(input, &source) == 0 && source.st_dev == target.st_dev && source.st_ino == target.st_ino {
            throw TFRecordError(.usage, "is the input file; salvage writes the records to a new file", at: at)
        }
        if (target.st_mode & S_IFMT) == S_IFDIR {
            throw TFRecordError(.usage, "is a directory; name the file to write", at: at)
        }
        if !overwrite { throw TFRecordError(.usage, "already exists; pass \(setting: .overwrite) to replace it", at: at) }
    }

    /// `dir/name` → (`dir`, `name`); a bare name is in `.`.
    private static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }
}
