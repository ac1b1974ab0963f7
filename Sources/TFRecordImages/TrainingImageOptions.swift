/// What ``TrainingImageMaker`` checks, resizes and re-encodes.
public struct TrainingImageOptions: Sendable, Equatable {
    /// How JPEGs that pass through unchanged are checked.
    public var verification = ImageVerification.header
    /// A shrink-only size limit; `nil` keeps every image's size.
    public var resize: ImageResize? = nil
    /// The JPEG quality (1...100) of re-encoded images; `nil`: 95 for format and colour
    /// conversions, 90 for resized images.
    public var quality: Int? = nil

    /// Creates the defaults: header verification, no resizing, default quality.
    public init() {}

    /// The quality used for an image that is (`resized`) or is not resized.
    public func effectiveQuality(resized: Bool) -> Int { quality ?? (resized ? 90 : 95) }
}
