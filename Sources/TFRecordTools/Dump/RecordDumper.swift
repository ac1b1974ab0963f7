import Dispatch
import Synchronization
import Foundation
import TFRecord
import TFRecordImages
import TFRecordShards
import TFRecordSources
import TFRecordPixels

/// Writes the records of shards back out as text — the inverse of `convert`, so that
/// CSV → shards → CSV gives back the same bytes for lossless encodings (`tfrec dump`).
///
/// Files of `tf.train.SequenceExample`s (see ``ExampleKind`` for how they are told from
/// Examples) are written whole in the `jsonl` format, `{"context": {…}, "feature_lists": {…}}`
/// per record; the image and label options apply to Example files only. A CSV row or an
/// `.npy` array has no place for a variable number of steps, so those formats refuse them.
public struct RecordDumper: Sendable {
    /// Output formats.
    public enum Format: String, CaseIterable, Sendable {
        /// `label,v0,v1,…` per record, as the input CSV.
        case csv
        /// One JSON object per record: `{"label": 7, "image": [0, 0, …]}` for an Example,
        /// `{"context": {"key": [values]}, "feature_lists": {"name": [[step values], …]}}` for a
        /// SequenceExample.
        case jsonl
        /// NumPy `.npy` (format 1.0) of shape `(N, …)` with the records' dtype (`uint8`,
        /// `int64` or `float32`); the labels go to `<output>.labels.npy` beside it.
        case npy
    }

    /// The text format.
    public var format: Format
    /// The image feature's key.
    public var imageKey: String
    /// The label feature's key (absent features are skipped).
    public var labelKey: String
    /// How bytes features are decoded: `int64-bytes` or `uint8`; `nil` infers it from the
    /// directory's manifest, else from the size (8·n bytes with n a square → int64).
    public var encoding: PixelEncoding?
    /// How shard names look.
    public var template: ShardNameTemplate
    /// The files' compression; `nil` detects it per file.
    public var compression: RecordCompression?

    /// Creates a dumper.
    public init(format: Format, imageKey: String = "image", labelKey: String = "label", encoding: PixelEncoding? = nil,
                template: ShardNameTemplate = .reference) {
        self.format = format
        self.imageKey = imageKey
        self.labelKey = labelKey
        self.encoding = encoding
        self.template = template
    }

    /// Dumps every record of `paths` to `output`.
    ///
    /// Every file's kind is read first (``ExampleKind/init(file:)``), so that a format that
    /// cannot hold SequenceExamples fails before anything is written.
    ///
    /// - Returns: the number of records written.
    /// - Throws: ``TFRecordError``: `.usage` for SequenceExamples in a format other than
    ///   `jsonl`, `.badInput` for corrupt records or missing features, `.io` for write failures.
    /// - Complexity: O(total bytes); Example files are read twice, once to find their kind.
    /// - Parameters:
    ///   - finalPath: the path `output` will have (it may be written under a temporary
    ///     name); the labels of `npy` go beside it.
    ///   - threads: threads that decode and format records; the output is the same for any
    ///     number.
    ///   - progress: called about ten times a second with the records and bytes read.
    public func dump(paths: [String], to output: OutputFile, finalPath: String? = nil, threads: Int = 1,
                     progress: (@Sendable (WorkProgress) -> Void)? = nil) throws(TFRecordError) -> Int {
        precondition(threads > 0, "threads must be at least 1")
        var inputs: [(path: String, files: [(path: String, kind: ExampleKind)])] = []
        for path in paths {
            var files: [(path: String, kind: ExampleKind)] = []
            for file in try ShardFileList.resolve([path], template: template) {
                let kind = try ExampleKind(file: file, compression: compression)
                if kind == .sequenceExample && format != .jsonl {
                    throw TFRecordError(
                        .usage,
                        "holds tf.train.SequenceExample records, whose feature lists \(setting: .outputFormat, format.rawValue) "
                            + "cannot hold: use \(setting: .outputFormat, "jsonl")",
                        at: SourceLocation(path: file))
                }
                files.append((file, kind))
            }
            inputs.append((path, files))
        }
        let meter = progress.map { ProgressMeter(totalBytes: ShardFileList.totalSize(of: inputs.flatMap { $0.files.map(\.path) }),
                                                 report: $0) }
        var count = 0
        var text: [UInt8] = []
        text.reserveCapacity(1 << 20)
        var labels: [Int64] = []
        var recordShape: (count: Int, dtype: String)?
        var npyShape: [Int]?
        if format == .npy { try output.write([UInt8](repeating: 0x20, count: NPYHeader.size)) }
        for (path, files) in inputs {
            let manifestEncoding = encoding ?? inferredFromManifest(path)
            if npyShape == nil, let shape = try? Manifest.read(fromDirectory: path)?.features[imageKey]?.shape, !shape.isEmpty {
                npyShape = shape
            }
            for (file, kind) in files {
                let reader = try RecordReader(path: file, compression: compression)
                var reported = 0
                while true {
                    // A batch of records read in order, formatted in `threads` slices at once,
                    // and taken back in order: the output does not depend on the thread count.
                    var batch: [PendingRecord] = []
                    var batchBytes = 0
                    // A damaged record ends the batch; the records before it are formatted
                    // first, so that a bad Example before the damage is the error reported.
                    var readError: TFRecordError?
                    while batch.count < Self.batchRecords * threads && batchBytes < Self.batchBytes * threads {
                        let next: PendingRecord?
                        do throws(TFRecordError) {
                            next = try reader.nextRecord({ payload in
                                PendingRecord(payload: Array(payload), at: SourceLocation(
                                    path: file, recordIndex: reader.recordIndex, byteOffset: reader.offset))
                            })
                        } catch {
                            readError = error
                            break
                        }
                        guard let record = next else { break }
                        batchBytes += record.payload.count
                        batch.append(record)
                    }
                    if batch.isEmpty, let readError { throw readError }
                    if batch.isEmpty { break }
                    let slices = Self.slices(of: batch.count, threads: threads)
                    let records = batch
                    let formatted = Mutex<[FormattedSlice?]>(Array(repeating: nil, count: slices.count))
                    DispatchQueue.concurrentPerform(iterations: slices.count) { i in
                        let slice = formatSlice(records[slices[i]], kind: kind, encoding: manifestEncoding)
                        formatted.withLock { $0[i] = slice }
                    }
                    for (range, slice) in zip(slices, formatted.withLock { $0 }) {
                        let slice = slice!
                        if format == .npy, let first = recordShape, let this = slice.firstShape, first != this {
                            throw Self.shapeMismatch(this, earlier: first, at: batch[range.lowerBound].at)
                        }
                        recordShape = recordShape ?? slice.firstShape
                        if let error = slice.error { throw error }
                        labels += slice.labels
                        text += slice.text
                        count += slice.records
                        if text.count >= 1 << 20 {
                            try output.write(text)
                            text.removeAll(keepingCapacity: true)
                        }
                    }
                    if let readError { throw readError }
                    meter?.add(records: batch.count, bytes: reader.fileBytesRead - reported)
                    reported = reader.fileBytesRead
                }
            }
        }
        try output.write(text)
        if format == .npy {
            let perRecord = recordShape?.count ?? 0
            let shape = npyShape.flatMap { $0.reduce(1, *) == perRecord ? $0 : nil } ?? [perRecord]
            try output.write(NPYHeader.bytes(dtype: recordShape?.dtype ?? "|u1", shape: [count] + shape), atOffset: 0)
            if !labels.isEmpty {
                let labelsFile = try AtomicOutputFile(path: Self.labelsPath(for: finalPath ?? output.path))
                var body: [UInt8] = NPYHeader.bytes(dtype: "<i8", shape: [labels.count])
                DecodedValues.int64(labels).appendLittleEndian(to: &body)
                try labelsFile.file.write(body)
                try labelsFile.commit()
            }
        }
        return count
    }

    /// Where the labels of an `.npy` dump go: `x.npy` → `x.labels.npy`.
    public static func labelsPath(for path: String) -> String {
        (path.hasSuffix(".npy") ? String(path.dropLast(4)) : path) + ".labels.npy"
    }

    private func inferredFromManifest(_ path: String) -> PixelEncoding? {
        guard let manifest = try? Manifest.read(fromDirectory: path),
              let name = manifest.features[imageKey]?.encoding else { return nil }
        return PixelEncoding(rawValue: name)
    }

    /// One feature's values as `dump` writes them. Internal rather than private for the
    /// record_reader fuzz target (Fuzz/), which feeds it every feature it decodes.
    func values(of feature: Tensorflow_Feature, encoding: PixelEncoding?, at: SourceLocation) throws(TFRecordError) -> DecodedValues {
        switch feature.kind {
        case .int64List(let list): return .int64(list.value)
        case .floatList(let list): return .float(list.value)
        case .bytesList(let list):
            guard let bytes = list.value.first else { return .uint8([]) }
            if encoding?.isImageFormat ?? (ImageFormat.detect(bytes) != nil) {
                do throws(ImageCodecError) {
                    return .uint8(try ImageDecoder().decode([UInt8](bytes)).image.pixels)
                } catch {
                    throw TFRecordError(.badInput, "cannot decode the image: \(error.message)", at: at)
                }
            }
            if encoding == .float32 {
                return .float(bytes.withUnsafeBytes { raw in
                    (0..<(raw.count / 4)).map {
                        Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
                    }
                })
            }
            let asInt64 = switch encoding {
            case .int64Bytes?: true
            case .uint8?, .int64List?, .jpeg?, .png?, .floatList?, .float32?: false
            case nil: bytes.count % 8 == 0 && Self.isSquare(bytes.count / 8)
            }
            if asInt64 {
                guard bytes.count % 8 == 0 else {
                    throw TFRecordError(.badInput, "int64 bytes of length \(bytes.count), not a multiple of 8", at: at)
                }
                return .int64(bytes.withUnsafeBytes { raw in
                    (0..<(raw.count / 8)).map { Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) }
                })
            }
            return .uint8([UInt8](bytes))
        case nil:
            return .uint8([])
        }
    }

    /// Appends one record's text (or its `.npy` bytes). Internal for the record_reader fuzz target.
    func append(label: Int64?, values decoded: DecodedValues, to text: inout [UInt8]) {
        if format == .npy {
            decoded.appendLittleEndian(to: &text)
            return
        }
        let values = decoded.strings
        switch format {
        case .npy:
            break
        case .csv:
            var first = true
            for value in (label.map { [String($0)] } ?? []) + values {
                if !first { text.append(UInt8(ascii: ",")) }
                first = false
                text.append(contentsOf: value.utf8)
            }
            text.append(UInt8(ascii: "\n"))
        case .jsonl:
            text.append(contentsOf: "{".utf8)
            if let label { text.append(contentsOf: "\"\(labelKey)\": \(label), ".utf8) }
            text.append(contentsOf: "\"\(imageKey)\": [".utf8)
            // JSON has no nan/inf; write them as Python's json reads them, like SequenceExamples.
            let json = if case .float(let floats) = decoded { floats.map(SequenceExampleJSON.floatText) } else { values }
            text.append(contentsOf: json.joined(separator: ", ").utf8)
            text.append(contentsOf: "]}\n".utf8)
        }
    }

    private static func isSquare(_ n: Int) -> Bool {
        let side = Int(Double(n).squareRoot().rounded())
        return n > 0 && side * side == n
    }
}

/// A record's decoded image values, in their own type.
enum DecodedValues {
    case uint8([UInt8])
    case int64([Int64])
    case float([Float])

    var count: Int {
        switch self {
        case .uint8(let v): v.count
        case .int64(let v): v.count
        case .float(let v): v.count
        }
    }

    /// The NumPy dtype descriptor.
    var dtype: String {
        switch self {
        case .uint8: "|u1"
        case .int64: "<i8"
        case .float: "<f4"
        }
    }

    /// The values as text; floats in Swift's shortest round-tripping form.
    var strings: [String] {
        switch self {
        case .uint8(let v): v.map { String($0) }
        case .int64(let v): v.map { String($0) }
        case .float(let v): v.map { "\($0)" }
        }
    }

    func appendLittleEndian(to bytes: inout [UInt8]) {
        switch self {
        case .uint8(let v): bytes += v
        case .int64(let v): for x in v { withUnsafeBytes(of: x.littleEndian) { bytes += $0 } }
        case .float(let v): for x in v { withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes += $0 } }
        }
    }
}
