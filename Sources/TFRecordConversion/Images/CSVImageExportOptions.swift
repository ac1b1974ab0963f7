import TFRecord
import TFRecordImages
import TFRecordSources
import TFRecordPixels

/// Options of ``CSVImageExporter``: `tfrec images`.
public struct CSVImageExportOptions: Sendable {
    /// The CSV file.
    public var input: String
    /// The directory that receives the images (created if missing).
    public var outputDirectory: String
    /// The image file format.
    public var format: ImageFormat = .jpeg
    /// JPEG quality, 1...100.
    public var quality = 95
    /// JPEG chroma subsampling of RGB images.
    public var subsampling: JPEGEncoder.ChromaSubsampling = .s420
    /// PNG compression.
    public var pngCompression: PNGEncoder.Compression = .fast
    /// The image shape; `nil` infers a square gray image from the pixel count.
    public var shape: ImageShape?
    /// File naming.
    public var naming: ImageNaming = .random
    /// Seed of the random names; `nil` draws them from the system generator.
    public var seed: UInt64?
    /// The label's field (`nil`: rows without a label; names then lack `_<label>`).
    public var labelColumn: Int? = 0
    /// Whether the first line is a header.
    public var header: CSVHeaderMode = .auto
    /// Parse and encode threads.
    public var threads = 1
    /// The CSV parser.
    public var engine: CSVEngine = .auto
    /// Bytes per chunk of input handed to a worker.
    public var chunkSize = 1 << 20

    /// Creates options with the defaults.
    public init(input: String, outputDirectory: String) {
        self.input = input
        self.outputDirectory = outputDirectory
    }

    /// Checks the options that do not depend on the input.
    ///
    /// - Throws: ``TFRecord/TFRecordError`` `.usage`.
    public func validate() throws(TFRecordError) {
        guard (1...100).contains(quality) else { throw TFRecordError(.usage, "\(setting: .quality) must be in 1...100") }
        guard threads >= 1 else { throw TFRecordError(.usage, "\(setting: .threads) must be at least 1") }
        guard chunkSize >= 1 else { throw TFRecordError(.usage, "\(setting: .chunkSize) must be at least 1") }
        guard engine.isAvailable else { throw TFRecordError(.usage, "\(setting: .engine, engine): not available on this CPU") }
    }
}
