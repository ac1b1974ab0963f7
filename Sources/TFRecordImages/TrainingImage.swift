/// A JPEG ready to store in a training record, and how it was made from the source file.
public struct TrainingImage: Sendable {
    /// What ``TrainingImageMaker`` did to the source bytes.
    public enum Action: Sendable, Equatable {
        /// A gray or colour JPEG small enough: stored byte for byte.
        case passedThrough
        /// A CMYK or YCCK JPEG converted to RGB (TensorFlow's formula) and re-encoded.
        case convertedColor
        /// Another format (PNG, GIF, BMP) decoded and encoded as JPEG.
        case reencoded
        /// Shrunk to the size limit (whatever the source format) and re-encoded.
        case resized
    }

    /// The JPEG bytes to store.
    public var jpeg: [UInt8]
    /// The width of ``jpeg``.
    public var width: Int
    /// The height of ``jpeg``.
    public var height: Int
    /// What the source bytes were.
    public var source: ImageContentKind
    /// What was done to them.
    public var action: Action

    /// Creates a training image.
    public init(jpeg: [UInt8], width: Int, height: Int, source: ImageContentKind, action: Action) {
        self.jpeg = jpeg
        self.width = width
        self.height = height
        self.source = source
        self.action = action
    }
}
