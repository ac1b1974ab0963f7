/// An image shape that cannot be (a dimension below 1, more values than an `Int` holds), or
/// one that does not fit the values it should describe.
///
/// A struct with a private code and static members (like swift-system's `Errno`), so that
/// new kinds of failure do not break callers. A `.doesNotFit` error carries the shape and
/// the value count, so that a front end can word it in its own terms (the `tfrec` CLI
/// names its `--shape` flag).
public struct ImageShapeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let rawValue: UInt8
        private init(_ rawValue: UInt8) { self.rawValue = rawValue }

        /// A dimension below 1, or a shape too large.
        public static let invalidShape = Code(1)
        /// A valid shape that holds another number of values than there are.
        public static let doesNotFit = Code(2)

        public var description: String {
            switch self {
            case .invalidShape: "invalid shape"
            case .doesNotFit: "shape does not fit"
            default: "code \(rawValue)"
            }
        }
    }

    /// What went wrong.
    public let code: Code
    /// One line for a person, e.g. `shape 20x20x1 holds 400 values, not 784`.
    public let message: String
    /// For `.doesNotFit`: the shape that was given.
    public let shape: ImageShape?
    /// For `.doesNotFit`: how many values there are.
    public let valueCount: Int?

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
        shape = nil
        valueCount = nil
    }

    init(doesNotFit shape: ImageShape, valueCount: Int) {
        code = .doesNotFit
        message = "shape \(shape) holds \(shape.valueCount) values, not \(valueCount)"
        self.shape = shape
        self.valueCount = valueCount
    }

    public var description: String { message }
}
