import TFRecord
import TFRecordImages
import TFRecordShards
import TFRecordTransform
import TFRecordPixels

/// Everything an array (`.npy`, IDX) → TFRecord conversion needs to know. Features, keys,
/// encodings and shards are those of ``CSVConversionOptions``: the same data gives the same
/// shards from a CSV or from arrays.
public struct ArrayConversionOptions: Sendable {
    /// The image arrays, read one after the other: `(N, H, W)`, `(N, H, W, C)` or `(N, D)`
    /// (or `(N, 1 + D)` with a ``labelColumn``). All must have the same row shape and dtype.
    public var images: [String]
    /// Label arrays, one per image array in the same order, each 1-D `(N,)` or `(N, 1)` of
    /// integers with one label per image; empty when labels are a column of the images, or
    /// absent.
    public var labels: [String] = []
    /// Without label files: the column of a 2-D image array that holds the label (as in the
    /// CSV), or `nil` for images without labels. Ignored with label files.
    public var labelColumn: Int? = 0
    /// Where and how shards are written.
    public var output: ShardOutputOptions
    /// How the image feature stores pixels; `nil`: `int64-bytes` (the reference workflow)
    /// for integer arrays, `float32` (the values as they are) for float32 arrays.
    public var encoding: PixelEncoding?
    /// JPEG quality 1...100 (`.jpeg` encoding).
    public var quality = 95
    /// The image shape; `nil` takes it from the array (`(N, H, W[, C])`), or for 2-D arrays
    /// infers a square gray image from the pixel count as the CSV path does.
    public var shape: ImageShape?
    /// The transform for float encodings (`nil`: the values as they are).
    public var normalization: Normalization?
    /// The layout of transformed values: `hwc` (as in the array) or `chw`.
    public var layout = Layout.hwc
    /// The engine of the pixel transform (for integer arrays).
    public var transformEngine = TransformEngine.auto
    /// The OpenCL device for the transform.
    public var device = DeviceSelector.auto
    /// The image feature's key.
    public var imageKey = "image"
    /// The label feature's key.
    public var labelKey = "label"
    /// Encode threads.
    public var threads = 1
    /// Bytes of array data per unit of parallel work: 128 KiB, as for CSV, so that a chunk's
    /// encoded records stay in the core's cache until they are hashed and written
    /// (``CSVConversionOptions/chunkSize``).
    public var chunkSize = 1 << 17
    /// Chunks read but not yet written, at most (bounds memory).
    public var maxChunksInFlight: Int?
    /// Shuffle the records with this seed (``RecordPermutation``): record `i` is then row
    /// `permutation[i]` of the inputs taken in order. `nil` keeps the input order.
    public var shuffleSeed: UInt64?

    /// Options with defaults for `images` and `outputDirectory`.
    public init(images: [String], outputDirectory: String) {
        self.images = images
        self.output = ShardOutputOptions(directory: outputDirectory)
    }

    /// Checks the options against each other (those that depend on the arrays are checked
    /// when they are opened).
    ///
    /// - Throws: ``TFRecordError`` `.usage`.
    public func validate() throws(TFRecordError) {
        try output.validate()
        if images.isEmpty { throw TFRecordError(.usage, "no image arrays to convert") }
        if !labels.isEmpty && labels.count != images.count {
            throw TFRecordError(.usage, "\(labels.count) label files for \(images.count) image files; give one \(setting: .labels) per "
                                + "\(setting: .images), in the same order")
        }
        if threads < 1 { throw TFRecordError(.usage, "\(setting: .threads) must be at least 1") }
        if chunkSize < 1 { throw TFRecordError(.usage, "chunk size must be at least 1 byte") }
        if imageKey.isEmpty || labelKey.isEmpty { throw TFRecordError(.usage, "feature keys must not be empty") }
        if hasLabels && imageKey == labelKey { throw TFRecordError(.usage, "\(setting: .imageKey) and \(setting: .labelKey) must differ") }
        if !(1...100).contains(quality) { throw TFRecordError(.usage, "\(setting: .quality) must be 1...100") }
    }

    /// Whether the records get a label feature.
    var hasLabels: Bool { !labels.isEmpty || labelColumn != nil }
}
