import TFRecord

/// An error from encoding or decoding an image: corrupt or truncated data, a format this
/// package does not read, or parameters an encoder cannot use.
///
/// Like ``TFRecord/TFRecordError``, a struct with a private code and static members, so
/// that new codes do not break users' exhaustive switches. The ``message`` names the
/// format and, for data errors, what the codec library reported:
/// `corrupt JPEG data: Premature end of JPEG file`.
public struct ImageCodecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let rawValue: UInt8
        private init(_ rawValue: UInt8) { self.rawValue = rawValue }

        /// The data claims to be an image of a supported format but is malformed or truncated.
        public static let corruptData = Code(1)
        /// The data is not a JPEG or PNG image, or a variant that cannot be decoded to
        /// 8-bit gray or RGB (e.g. a CMYK JPEG).
        public static let unsupportedFormat = Code(2)
        /// Parameters the codec cannot use: channel count, quality, pixel count, dimensions.
        public static let invalidArgument = Code(3)
        /// The image is larger than the decoder's pixel limit.
        public static let tooLarge = Code(4)
        /// The codec library failed for another reason (e.g. out of memory).
        public static let codecFailure = Code(5)

        public var description: String {
            switch self {
            case .corruptData: "corrupt data"
            case .unsupportedFormat: "unsupported format"
            case .invalidArgument: "invalid argument"
            case .tooLarge: "too large"
            case .codecFailure: "codec failure"
            default: "code \(rawValue)"
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong, for a person.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// This error as a located ``TFRecord/TFRecordError``: `.usage` for invalid arguments,
    /// `.io` for library failures, `.badInput` otherwise.
    public func tfRecordError(at location: SourceLocation) -> TFRecordError {
        let code: TFRecordError.Code =
            switch self.code {
            case .invalidArgument: .usage
            case .codecFailure: .io
            default: .badInput
            }
        return TFRecordError(code, message, at: location)
    }
}
