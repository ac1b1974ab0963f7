import TFRecord
import TFRecordImages
import TFRecordPixels

/// What ``CSVImageExporter`` wrote.
public struct CSVImageExportSummary: Sendable {
    /// Image files written.
    public var images: Int
    /// Their bytes in all.
    public var bytes: Int
    /// The image shape.
    public var shape: ImageShape
    /// The format.
    public var format: ImageFormat
    /// The directory.
    public var directory: String
    /// The first file names (up to 3), for the summary line.
    public var firstNames: [String]
    /// Wall-clock time.
    public var seconds: Double

    /// One line: `wrote 20000 JPEG images (28x28x1, 13.2 MB) to images/ in 0.71 s`.
    public var line: String {
        let megabytes = Double(bytes) / 1e6
        let size = megabytes >= 0.1 ? "\((megabytes * 10).rounded() / 10) MB" : counted(bytes, "byte")
        let time = (seconds * 100).rounded() / 100
        return "wrote \(images) \(format) image\(images == 1 ? "" : "s") (\(shape), \(size)) to \(directory) in \(time) s"
    }
}
