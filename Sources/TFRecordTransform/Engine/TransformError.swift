/// A failure of the pixel transform: invalid options, a missing OpenCL device, an OpenCL
/// error, or buffers too small for the batch.
///
/// A struct with a private code and static members (like swift-system's `Errno`), so that
/// new kinds of failure do not break callers. `isUsage` tells a CLI which exit code to use
/// (2 for usage errors); `message` is one line a person can act on.
public struct TransformError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let raw: UInt8
        private init(_ raw: UInt8) { self.raw = raw }

        /// An invalid shape, normalization or device spec (usage).
        public static let invalidArgument = Code(1)
        /// The OpenCL engine was asked for explicitly and no usable device matches (usage).
        public static let deviceUnavailable = Code(2)
        /// An OpenCL call failed, or the device's results differ from the reference.
        public static let openCLFailure = Code(3)
        /// The input or output buffer is smaller than `rows` images.
        public static let bufferTooSmall = Code(4)

        public var description: String {
            switch self {
            case .invalidArgument: "invalid argument"
            case .deviceUnavailable: "device unavailable"
            case .openCLFailure: "OpenCL failure"
            default: "buffer too small"
            }
        }
    }

    /// What went wrong.
    public let code: Code
    /// One line for a person, without a "error:" prefix.
    public let message: String

    /// Whether this is a usage error (bad options, no device for an explicit `--engine opencl`):
    /// a CLI exits 2 for these and 1 otherwise.
    public var isUsage: Bool { code == .invalidArgument || code == .deviceUnavailable }

    public var description: String { message }

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
