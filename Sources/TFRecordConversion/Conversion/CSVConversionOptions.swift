import TFRecord
import TFRecordImages
import TFRecordShards
import TFRecordSources
import TFRecordTransform
import TFRecordPixels

/// Everything a CSV → TFRecord conversion needs to know. The defaults reproduce the
/// reference workflow (`image`: int64 bytes, `label`: int64; shards as in
/// ``ShardOutputOptions``).
public struct CSVConversionOptions: Sendable {
    /// The CSV files, read in this order as one input; an entry with `*`, `?` or `[` is a
    /// pattern that stands for the files it matches (see ``InputPaths``).
    public var inputs: [String]
    /// The first input; setting it makes it the only one.
    public var input: String {
        get { inputs.first ?? "" }
        set { inputs = [newValue] }
    }
    /// Where and how shards are written.
    public var output: ShardOutputOptions
    /// How the image feature stores pixels.
    public var encoding = PixelEncoding.int64Bytes
    /// JPEG quality 1...100 (`.jpeg` encoding).
    public var quality = 95
    /// The image shape; `nil` infers a square gray image from the pixel count.
    public var shape: ImageShape?
    /// The pixel transform for float encodings (`nil`: plain `Float(x)`).
    public var normalization: Normalization?
    /// The layout of transformed values: `hwc` (as in the CSV) or `chw`.
    public var layout = Layout.hwc
    /// The engine of the pixel transform.
    public var transformEngine = TransformEngine.auto
    /// The OpenCL device for the transform.
    public var device = DeviceSelector.auto
    /// The image feature's key.
    public var imageKey = "image"
    /// The label feature's key.
    public var labelKey = "label"
    /// The label's field index; `nil` for rows without a label.
    public var labelColumn: Int? = 0
    /// Whether the first line is a header.
    public var header = CSVHeaderMode.auto
    /// Parse/encode worker threads.
    public var threads = 1
    /// The CSV parser engine.
    public var engine = CSVEngine.auto
    /// Bytes of input per unit of parallel work: 128 KiB, so that a chunk and its encoded
    /// records (3.5× the CSV as int64 bytes) stay in the core's cache from parsing through
    /// hashing to `write(2)`; 1 MiB chunks cost about 20 % more CPU on the seed job, mostly
    /// in the kernel copying cold buffers into the page cache.
    public var chunkSize = 1 << 17
    /// Chunks read but not yet written, at most (bounds memory).
    public var maxChunksInFlight: Int?
    /// What to do with rows that do not parse.
    public var onBadRow = BadRowPolicy.fail
    /// `nil`: records in input order. A seed: records in the order of
    /// ``RecordPermutation`` with that seed over all data rows (see ``CSVRowIndex``).
    public var shuffleSeed: UInt64?
    /// Tests only: called on the reader thread after each chunk is read.
    var afterEachChunk: (@Sendable (CSVChunk) -> Void)?

    /// Options with defaults for `input` and `outputDirectory`.
    public init(input: String, outputDirectory: String) {
        self.init(inputs: [input], outputDirectory: outputDirectory)
    }

    /// Options with defaults for several inputs, read in order, and `outputDirectory`.
    public init(inputs: [String], outputDirectory: String) {
        self.inputs = inputs
        self.output = ShardOutputOptions(directory: outputDirectory)
    }

    /// Checks the options against each other.
    ///
    /// - Throws: ``TFRecordError`` `.usage`.
    public func validate() throws(TFRecordError) {
        try output.validate()
        if inputs.isEmpty { throw TFRecordError(.usage, "no input file") }
        if threads < 1 { throw TFRecordError(.usage, "\(setting: .threads) must be at least 1") }
        if chunkSize < 1 { throw TFRecordError(.usage, "chunk size must be at least 1 byte") }
        if imageKey.isEmpty || labelKey.isEmpty { throw TFRecordError(.usage, "feature keys must not be empty") }
        if labelColumn != nil && imageKey == labelKey {
            throw TFRecordError(.usage, "\(setting: .imageKey) and \(setting: .labelKey) must differ")
        }
        if !(1...100).contains(quality) { throw TFRecordError(.usage, "\(setting: .quality) must be 1...100") }
        if !encoding.isFloat && (normalization != nil || layout != .hwc) {
            throw TFRecordError(.usage, "\(setting: .normalization) and \(setting: .layout) need \(setting: .encoding) float32 or float-list")
        }
        if !engine.isAvailable { throw TFRecordError(.usage, "\(setting: .engine, engine): this CPU has no supported SIMD") }
    }
}

extension CSVConversionOptions {
    /// The settings that shape the output bytes, as text: everything except what is
    /// proven not to change them (threads, engines, chunking) — the identity of a run
    /// that `--resume` checks.
    var outputFingerprint: String {
        var shaping = self
        (shaping.threads, shaping.engine, shaping.transformEngine, shaping.device) = (1, .scalar, .scalar, .auto)
        (shaping.chunkSize, shaping.maxChunksInFlight, shaping.output) = (1, nil, ShardOutputOptions(directory: ""))
        return String(reflecting: shaping)
    }
}

/// What a finished conversion did.
public struct ConversionSummary: Sendable {
    /// Rows converted (= records written).
    public var rows: Int
    /// The shards written, in order.
    public var shards: [ShardInfo]
    /// Input bytes read.
    public var inputBytes: Int
    /// Output bytes written (shards only).
    public var outputBytes: Int
    /// Wall-clock seconds.
    public var seconds: Double
    /// The parser engine that ran, e.g. "avx2".
    public var engine: String
    /// Worker threads used.
    public var threads: Int
    /// Rows (or image files) left out under ``BadRowPolicy/skip``, listed in
    /// ``rejectedFileName``.
    public var rejectedRows = 0
    /// Where the rows left out are listed: `rejected.txt`, or `errors.tsv` for image files.
    public var rejectedFileName = "rejected.txt"
    /// What one record was made from, for the summary line: `row`, or `image` for folders.
    public var recordUnit = "row"
    /// Notes for the user, such as the OpenCL fallback ("no OpenCL device; CPU path").
    public var notes: [String] = []
    /// What was read, for the summary line: `CSV`, `arrays`.
    public var inputName = "CSV"
}

/// How far a running conversion is, for progress displays.
public struct ConversionProgress: Sendable {
    /// Rows written so far.
    public var rows: Int
    /// Input bytes consumed so far.
    public var inputBytes: Int
    /// The input's size, if known.
    public var inputSize: Int?
    /// Seconds since the start.
    public var seconds: Double
}
