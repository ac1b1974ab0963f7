import TFRecord
import TFRecordImages
import TFRecordShards
import TFRecordTransform
import TFRecordPixels

/// Everything an array (`.npy`, IDX) → TFRecord conversion needs to know: the parts every
/// conversion has (``ConversionOptions``: ``record``, ``output``, ``work``), the same as
/// ``CSVConversionOptions``' so that the same data gives the same shards from a CSV or
/// from arrays, and the arrays' own.
public struct ArrayConversionOptions: ConversionOptions {
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
    /// What a record holds. Its ``RecordContentOptions/encoding`` `nil` is `int64-bytes`
    /// (the reference workflow) for integer arrays, `float32` (the values as they are) for
    /// float32 arrays; its ``RecordContentOptions/shape`` `nil` takes the array's
    /// (`(N, H, W[, C])`), or for 2-D arrays infers a square gray image as the CSV path does.
    public var record = RecordContentOptions()
    /// Where and how shards are written.
    public var output: ShardOutputOptions
    /// How the work runs (the transform's engine applies to integer arrays).
    public var work = ConversionWorkOptions()
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
        try work.validate()
        try record.validate(labeled: hasLabels)
    }

    /// Whether the records get a label feature.
    var hasLabels: Bool { !labels.isEmpty || labelColumn != nil }
}
