import TFRecord
import TFRecordImages
import TFRecordShards
import TFRecordSources
import TFRecordTransform
import TFRecordPixels

/// Everything a CSV → TFRecord conversion needs to know: the parts every conversion has
/// (``ConversionOptions``: ``record``, ``output``, ``work``) and the CSV's own. The defaults
/// reproduce the reference workflow (`image`: int64 bytes, `label`: int64; shards as in
/// ``ShardOutputOptions``).
public struct CSVConversionOptions: ConversionOptions {
    /// The CSV files, read in this order as one input; an entry with `*`, `?` or `[` is a
    /// pattern that stands for the files it matches (see ``InputPaths``).
    public var inputs: [String]
    /// The first input; setting it makes it the only one.
    public var input: String {
        get { inputs.first ?? "" }
        set { inputs = [newValue] }
    }
    /// What a record holds; its ``RecordContentOptions/encoding`` defaults to `int64-bytes`.
    public var record = RecordContentOptions()
    /// Where and how shards are written.
    public var output: ShardOutputOptions
    /// How the work runs.
    public var work = ConversionWorkOptions()
    /// The label's field index; `nil` for rows without a label.
    public var labelColumn: Int? = 0
    /// Whether the first line is a header.
    public var header = CSVHeaderMode.auto
    /// The CSV parser engine.
    public var engine = CSVEngine.auto
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

    /// The encoding in use: ``RecordContentOptions/encoding``, else `int64-bytes`.
    var pixelEncoding: PixelEncoding { record.encoding ?? .int64Bytes }

    /// Checks the options against each other.
    ///
    /// - Throws: ``TFRecordError`` `.usage`.
    public func validate() throws(TFRecordError) {
        try output.validate()
        if inputs.isEmpty { throw TFRecordError(.usage, "no input file") }
        try work.validate()
        try record.validate(labeled: labelColumn != nil)
        try record.checkTransform(for: pixelEncoding)
        if !engine.isAvailable { throw TFRecordError(.usage, "\(setting: .engine, engine): this CPU has no supported SIMD") }
    }
}

extension CSVConversionOptions {
    /// The settings that shape the output bytes, as text: everything except what is
    /// proven not to change them (the work part, the parser engine, where shards go) — the
    /// identity of a run that `--resume` checks. Defaults are spelled out, so that leaving
    /// a setting at its default and naming the default are the same run.
    var outputFingerprint: String {
        var shaping = self
        (shaping.work, shaping.engine, shaping.output) = (ConversionWorkOptions(), .scalar, ShardOutputOptions(directory: ""))
        (shaping.record.encoding, shaping.record.quality) = (pixelEncoding, record.jpegQuality)
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
