import TFRecord
import TFRecordImages
import TFRecordShards
import TFRecordSources
import TFRecordTransform
import TFRecordPixels

/// Converts `.npy` and IDX arrays into TFRecord shards of `tf.train.Example`:
/// `tfrec convert --images x.npy --labels y.npy`, `tfrec convert data.npy` (2-D with a label
/// column), `tfrec convert train-images-idx3-ubyte.gz --labels train-labels-idx1-ubyte.gz`.
///
/// ```
/// reader thread ──► work queue ──► N worker threads ──► reorder buffer ──► writer (caller's thread)
/// pread / gzread     row ranges      convert + encode      by chunk index     shards, in order
/// rows (C order)                     + frame + CRC                            (ShardedOutput)
/// ```
///
/// Invariants (those of ``CSVConversion``):
/// - Record i is row i of the inputs taken in order (or row `permutation[i]` when
///   shuffled), and the output bytes do not depend on the thread count, engine or timing.
///   Integer arrays give byte for byte the records of the CSV of the same values.
/// - Memory is bounded: a few chunks in flight, plus 8 bytes per record for labels read
///   from label files and 4 for a shuffle's permutation.
/// - Input is read with `pread(2)` (or zlib), never memory-mapped: a file truncated or
///   changed while being read is reported (`.badInput`), not a crash, and nothing gets a
///   final name.
///
/// `run` throws ``TFRecordError``: `.badInput` (a malformed, truncated or changed array, a
/// pixel outside 0...255, a label count that does not match), `.usage` (options that
/// do not fit the arrays, earlier output without `overwrite`), `.io`, `.interrupted`.
public struct ArrayConversion: RecordConversion {
    /// The options.
    public let options: ArrayConversionOptions

    /// Creates a conversion.
    public init(options: ArrayConversionOptions) { self.options = options }

    /// The conversion as the engine runs it: on this machine, as a plan, or as a task.
    public var conversion: Conversion { conversion(preparedBy: prepare(cancellation:)) }

    /// Reads the arrays' headers and the labels, checks the options against them and makes
    /// the encoders: everything but the output.
    func prepare(cancellation: CancellationFlag) throws(TFRecordError) -> PreparedConversion {
        try options.validate()
        let files = try options.images.map { (path) throws(TFRecordError) in try ArrayFile(path: path) }
        let layout = try RowLayout(files: files, options: options)
        let labels = options.labels.isEmpty
            ? nil : try ArrayLabels.load(paths: options.labels, images: files, cancellation: cancellation)
        let encoding = try resolvedEncoding(elementType: layout.elementType, path: files[0].path)
        let imageShape = layout.dimensions.flatMap { try? ImageShape(height: $0.0, width: $0.1, channels: $0.2) }

        let observedLabels = ObservedLabels(key: options.labelKey)
        let makeEncoder: @Sendable () throws(TFRecordError) -> RowRecordEncoder = { [options] () throws(TFRecordError) in
            try RowRecordEncoder(
                encoding: encoding, pixelCount: layout.pixelCount, imageKey: options.imageKey,
                labelKey: options.hasLabels ? options.labelKey : nil, shape: imageShape, quality: options.record.jpegQuality,
                observedLabels: observedLabels)
        }
        _ = try makeEncoder()  // option errors surface here, before any thread starts
        let pixelTransform = try self.pixelTransform(encoding: encoding, layout: layout)
        let integerInput = layout.elementType.isInteger
        let makeTransform = options.work.transformMaker(for: integerInput ? pixelTransform : nil)
        let firstTransform = try makeTransform()
        // OpenCL pays only for large batches; give it chunks of several MiB.
        let usesOpenCL = firstTransform?.resolvedEngine == .openCL
        let batchRows = ChunkEncoder.batchRows(pixelCount: layout.pixelCount, openCL: usesOpenCL)
        let chunkSize = usesOpenCL ? max(options.chunkSize, 16 << 20) : options.chunkSize

        var shaping = options
        (shaping.threads, shaping.transformEngine, shaping.device) = (1, .scalar, .auto)
        (shaping.chunkSize, shaping.maxChunksInFlight, shaping.output) = (1, nil, ShardOutputOptions(directory: ""))
        let floatTransform = integerInput ? nil : pixelTransform
        let features = manifestFeatures(encoding: encoding, layout: layout)
        // An archive member (data.npz:x_train) is fingerprinted by its archive's identity.
        let inputFiles = (options.images + options.labels).map { NPZMemberPath.parse($0)?.archive ?? $0 }
        return PreparedConversion(
            inputs: inputFiles, fingerprint: String(reflecting: shaping), recordCount: layout.rows,
            makeSource: { [options] (directory, _) throws(TFRecordError) in
                let permutation = options.shuffleSeed.map { RecordPermutation(count: layout.rows, seed: $0) }
                // A shuffle reads rows in any order; a Fortran-order stream (an .npz member) is
                // staged even in order, since its rows are spread over the whole stream.
                for file in files where permutation != nil ? !file.hasRandomAccessRows : file.needsStaging {
                    try file.stage(in: directory, randomAccess: permutation != nil, cancellation: cancellation)
                }
                let rows = ArrayInputRows(files: files, permutation: permutation)
                return ArrayRecordSource(
                    files: files, rows: rows, labels: labels, rowsPerChunk: max(1, chunkSize / layout.rowBytes),
                    maxChunksInFlight: options.maxChunksInFlight
                ) { () throws(TFRecordError) in
                    ArrayChunkEncoder(
                        elementType: layout.elementType, rowElements: layout.rowElements, labelColumn: layout.labelColumn,
                        encoder: try makeEncoder(), transform: try makeTransform(), floatTransform: floatTransform,
                        batchRows: batchRows, rows: rows)
                }
            },
            manifest: { [options] records, shards, _ in
                Manifest(command: options.output.commandLine, source: options.images.joined(separator: ", "), records: records,
                         features: features, shards: shards)
            },
            label: options.hasLabels ? .observed(observedLabels) : nil,
            notes: firstTransform?.note.map { [$0] } ?? [],
            engine: "arrays" + (firstTransform.map { " + \($0.resolvedEngine) transform" } ?? ""),
            inputName: "arrays")
    }

    private func resolvedEncoding(elementType: ArrayElementType, path: String) throws(TFRecordError) -> PixelEncoding {
        let encoding = options.encoding ?? (elementType.isInteger ? .int64Bytes : .float32)
        if !elementType.isInteger && !encoding.isFloat {
            throw TFRecordError(.usage, "the images are float32; \(setting: .encoding, encoding.rawValue) stores pixel bytes "
                                + "0...255: use \(setting: .encoding) float32 or float-list (with \(setting: .normalization) as needed), "
                                + "or convert the "
                                + "array to uint8", at: SourceLocation(path: path))
        }
        try options.record.checkTransform(for: encoding)
        return encoding
    }

    /// The transform of float encodings, or `nil`.
    private func pixelTransform(encoding: PixelEncoding, layout: RowLayout) throws(TFRecordError) -> PixelTransform? {
        guard encoding.isFloat else { return nil }
        let (height, width, channels) = layout.dimensions ?? (1, layout.pixelCount, 1)
        let shape: ImageShape
        do throws(ImageShapeError) {
            shape = try ImageShape(height: height, width: width, channels: channels)
        } catch {
            throw TFRecordError(.usage, error.message)
        }
        do throws(TransformError) {
            return try PixelTransform(shape: shape, normalization: options.normalization ?? .none, layout: options.layout)
        } catch {
            throw TFRecordError(.usage, error.message)
        }
    }

    private func manifestFeatures(encoding: PixelEncoding, layout: RowLayout) -> [String: Manifest.Feature] {
        var shape = layout.dimensions.map { [$0.0, $0.1, $0.2] } ?? [layout.pixelCount]
        if encoding.isFloat && options.layout == .chw && shape.count == 3 { shape = [shape[2], shape[0], shape[1]] }
        var feature = Manifest.Feature(kind: encoding.featureKind.manifestName, encoding: encoding.rawValue,
                                       dtype: encoding.dtype, shape: shape)
        if encoding.isFloat {
            feature.normalization = (options.normalization ?? .none).description
            feature.layout = options.layout.rawValue
        }
        var features = [options.imageKey: feature]
        if options.hasLabels {
            features[options.labelKey] = Manifest.Feature(kind: "int64_list", encoding: nil, dtype: "int64", shape: [])
        }
        return features
    }
}
