import Dispatch
import Foundation
import TFRecord
import TFRecordImages
import TFRecordShards
import TFRecordSources
import TFRecordTransform
import TFRecordPixels

/// Converts a numeric CSV into TFRecord shards of `tf.train.Example`: the `tfrec convert`
/// pipeline.
///
/// ```
/// reader thread ──► work queue ──► N worker threads ──► reorder buffer ──► writer (caller's thread)
/// newline-aligned    chunks          parse + encode        by chunk index     shards, in order,
/// chunks                             + frame + CRC                            temp + fsync + rename
/// ```
///
/// Several input files are one input: their rows one file after another, in the order
/// given (see ``CSVInputSet``). With ``CSVConversionOptions/shuffleSeed`` the reader
/// first indexes every row's offset, then gathers the rows in a seeded random order (see
/// ``CSVShuffledChunks``); the workers and the writer do not change.
///
/// Invariants:
/// - Row i of the input is record i of the output (with a seed: record i is row
///   `RecordPermutation(count: rows, seed: seed)[i]`), and the output bytes do not depend
///   on the thread count, the engine or timing.
/// - Memory is bounded: at most `maxChunksInFlight` chunks are between reading and
///   writing, whatever the input size; a shuffled run adds 12 bytes per row.
/// - Nothing gets a final name unless the whole input converted (see ``ShardWriter``), and
///   an input that changed while being read fails the run.
/// - The first bad row in output order is the error reported, with its file, line and column.
///
/// `run` throws ``TFRecordError``: `.badInput` (bad CSV, missing input, inputs with
/// different field counts, an input that changed while being read), `.usage` (option
/// conflicts, output holding earlier shards without `overwrite`, shuffling a pipe),
/// `.io`, `.interrupted`.
public struct CSVConversion: RecordConversion {
    /// The options.
    public let options: CSVConversionOptions

    /// Creates a conversion.
    public init(options: CSVConversionOptions) { self.options = options }

    /// The engine's conversion: on this machine, as a plan, or as a task.
    public var conversion: Conversion { conversion(preparedBy: prepare(cancellation:)) }

    /// Reads the inputs' layouts, checks the options against them and makes the encoders:
    /// everything but the output.
    func prepare(cancellation: CancellationFlag) throws(TFRecordError) -> PreparedConversion {
        try options.validate()
        let inputs = try CSVInputSet(paths: try InputPaths.expand(options.inputs), header: options.header,
                                     labelColumn: options.labelColumn)
        let spec = inputs.spec
        let parser = CSVRowParser(spec: spec, engine: options.engine)
        let shape = try imageShape(pixelCount: spec.pixelCount)
        let labels = ObservedLabels(key: options.labelKey)
        let makeEncoder: @Sendable () throws(TFRecordError) -> RowRecordEncoder = { [options] () throws(TFRecordError) in
            try RowRecordEncoder(
                encoding: options.pixelEncoding, pixelCount: spec.pixelCount, imageKey: options.imageKey,
                labelKey: spec.labelColumn == nil ? nil : options.labelKey, shape: shape, quality: options.record.jpegQuality,
                observedLabels: labels, streamedRecordSize: options.work.streamedRecordSize)
        }
        _ = try makeEncoder()  // option errors surface here, before any thread starts
        let pixelTransform = try self.pixelTransform(shape: shape, pixelCount: spec.pixelCount)
        let makeTransform = options.work.transformMaker(for: pixelTransform)
        let firstTransform = try makeTransform()
        // OpenCL pays only for large batches; give it whole chunks of several MiB.
        let usesOpenCL = firstTransform?.resolvedEngine == .openCL
        let batchRows = ChunkEncoder.batchRows(pixelCount: spec.pixelCount, openCL: usesOpenCL)
        let chunkSize = usesOpenCL ? max(options.chunkSize, 16 << 20) : options.chunkSize
        let features = try manifestFeatures(spec: spec)
        return PreparedConversion(
            inputs: inputs.paths, fingerprint: options.outputFingerprint, sideFileNames: [Self.rejectedFileName],
            makeSource: { [options] (_, planned) throws(TFRecordError) in
                try CSVRecordSource(
                    inputs: inputs, options: options, chunkSize: chunkSize,
                    needsCount: options.output.sharding.needsRecordCount, planned: planned, cancellation: cancellation
                ) { [policy = options.onBadRow] () throws(TFRecordError) in
                    ChunkEncoder(parser: parser, encoder: try makeEncoder(), policy: policy, transform: try makeTransform(),
                                 batchRows: batchRows)
                }
            },
            manifest: { [options] records, shards, _ in
                Manifest(command: options.output.commandLine, source: inputs.paths[0],
                         sources: inputs.count > 1 ? inputs.paths : nil, shuffleSeed: options.shuffleSeed, records: records,
                         features: features, shards: shards)
            },
            sideFiles: { [options] rejected in
                options.onBadRow == .skip ? [(Self.rejectedFileName, ShardedOutput.rejectedList(rejected))] : []
            },
            label: spec.labelColumn == nil ? nil : .observed(labels),
            notes: firstTransform?.note.map { [$0] } ?? [],
            closingNotes: options.shuffleSeed.map { ["records shuffled with seed \($0)"] } ?? [],
            engine: options.engine.resolvedName + (firstTransform.map { " + \($0.resolvedEngine) transform" } ?? ""),
            headerBytes: inputs.layouts.reduce(0) { $0 + $1.dataOffset })
    }

    /// The file that lists skipped rows (``BadRowPolicy/skip``), one error per line.
    public static let rejectedFileName = "rejected.txt"

    /// The image shape: `--shape` if given (checked against the row), else inferred from
    /// the pixel count (784 → 28x28x1), else `nil`.
    private func imageShape(pixelCount: Int) throws(TFRecordError) -> ImageShape? {
        try ImageShape.fittingRows(options.shape, pixelCount: pixelCount, at: SourceLocation(path: options.input))
    }

    /// The transform of float encodings, or `nil`.
    private func pixelTransform(shape: ImageShape?, pixelCount: Int) throws(TFRecordError) -> PixelTransform? {
        guard options.pixelEncoding.isFloat else { return nil }
        let transformShape: ImageShape
        if let shape {
            transformShape = shape
        } else {
            do throws(ImageShapeError) {
                transformShape = try ImageShape(height: 1, width: pixelCount, channels: 1)
            } catch {
                throw TFRecordError(.usage, error.message)
            }
        }
        do throws(TransformError) {
            return try PixelTransform(shape: transformShape, normalization: options.normalization ?? .none,
                                      layout: options.layout)
        } catch {
            throw TFRecordError(.usage, error.message)
        }
    }

    private func manifestFeatures(spec: CSVRowSpec) throws(TFRecordError) -> [String: Manifest.Feature] {
        var shape = try imageShape(pixelCount: spec.pixelCount).map { [$0.height, $0.width, $0.channels] } ?? [spec.pixelCount]
        if options.pixelEncoding.isFloat && options.layout == .chw && shape.count == 3 { shape = [shape[2], shape[0], shape[1]] }
        var feature = Manifest.Feature(
            kind: options.pixelEncoding.featureKind.manifestName, encoding: options.pixelEncoding.rawValue,
            dtype: options.pixelEncoding.dtype, shape: shape)
        if options.pixelEncoding.isFloat {
            feature.normalization = (options.normalization ?? .none).description
            feature.layout = options.layout.rawValue
        }
        var features = [options.imageKey: feature]
        if spec.labelColumn != nil {
            features[options.labelKey] = Manifest.Feature(kind: "int64_list", encoding: nil, dtype: "int64", shape: [])
        }
        return features
    }
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

extension ExampleFeatureKind {
    /// The kind's name in manifests and `inspect` output.
    public var manifestName: String {
        switch self {
        case .bytes: "bytes"
        case .int64List: "int64_list"
        case .floatList: "float_list"
        }
    }
}
