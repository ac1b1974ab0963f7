/// An error from reading, writing or converting TFRecord data, with where it happened.
///
/// The ``code`` says what kind of failure it is (and so the process exit code), the
/// ``location`` where (file, line and column for text input; record index and byte offset
/// for record files), and ``message`` what was expected. `description` renders all three the
/// way compilers do: `data.csv:1207:31: expected a digit, found 'x'`.
///
/// Like swift-nio's and swift-system's error types, this is a struct with static members
/// rather than an enum, so that new codes do not break exhaustive switches in users' code.
public struct TFRecordError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let rawValue: UInt8
        private init(_ rawValue: UInt8) { self.rawValue = rawValue }

        /// The input is malformed (bad CSV, a corrupt record, a wrong shard name). Exit code 1.
        public static let badInput = Code(1)
        /// The arguments or options cannot work together. Exit code 2.
        public static let usage = Code(2)
        /// Reading or writing a file failed (missing, unreadable, disk full). Exit code 3.
        public static let io = Code(3)
        /// The run was interrupted (SIGINT / SIGTERM). Exit code 130.
        public static let interrupted = Code(130)

        /// The process exit code that `tfrec` uses for this kind of failure.
        public var exitCode: Int32 { Int32(rawValue) }

        public var description: String {
            switch self {
            case .badInput: "bad input"
            case .usage: "usage"
            case .io: "I/O"
            case .interrupted: "interrupted"
            default: "code \(rawValue)"
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and what was expected, without the location.
    public private(set) var message: String
    /// Where it went wrong.
    public var location: SourceLocation

    /// Creates an error.
    public init(_ code: Code, _ message: String, at location: SourceLocation = SourceLocation()) {
        self.code = code
        self.message = message
        self.location = location
        text = nil
    }

    /// An error whose message refers to settings (see ``Setting``); ``message`` words them
    /// by their option names, ``message(wording:)`` as the caller says.
    public init(_ code: Code, _ message: ErrorMessage, at location: SourceLocation = SourceLocation()) {
        self.code = code
        self.message = message.rendered(wording: ErrorMessage.optionName)
        self.location = location
        text = message
    }

    /// Errors are equal when they say the same: code, message and location.
    public static func == (lhs: TFRecordError, rhs: TFRecordError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message && lhs.location == rhs.location
    }

    /// The message as built, settings typed; `nil` for a message of plain text.
    public let text: ErrorMessage?

    /// The message with its settings worded by `word` (the CLI: as flags).
    public func message(wording word: (Setting, String?) -> String) -> String {
        text?.rendered(wording: word) ?? message
    }

    /// ``description`` with its settings worded by `word`.
    public func description(wording word: (Setting, String?) -> String) -> String {
        let place = location.description
        let message = message(wording: word)
        return place.isEmpty ? message : "\(place): \(message)"
    }

    public var description: String {
        let place = location.description
        return place.isEmpty ? message : "\(place): \(message)"
    }
}

/// A place in an input or output file.
///
/// Text input is located by line and column (1-based, columns counted in bytes), record
/// files by record index (0-based) and byte offset. Absent parts are left out of the
/// description.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    /// The file's path as the user gave it.
    public var path: String?
    /// 1-based line number.
    public var line: Int?
    /// 1-based column, in bytes from the start of the line.
    public var column: Int?
    /// 0-based index of a record in a record file.
    public var recordIndex: Int?
    /// Byte offset in the file.
    public var byteOffset: Int?

    /// Creates a location; every part is optional.
    public init(path: String? = nil, line: Int? = nil, column: Int? = nil, recordIndex: Int? = nil,
                byteOffset: Int? = nil) {
        self.path = path
        self.line = line
        self.column = column
        self.recordIndex = recordIndex
        self.byteOffset = byteOffset
    }

    public var description: String {
        var text = path ?? ""
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        var parts: [String] = []
        if let recordIndex { parts.append("record \(recordIndex)") }
        if let byteOffset { parts.append("byte offset \(byteOffset)") }
        if !parts.isEmpty { text += (text.isEmpty ? "" : ": ") + parts.joined(separator: " at ") }
        return text
    }
}

/// Runs `body` and rethrows its error as a ``TFRecordError``.
///
/// The standard library's `withUnsafeBytes` family is `rethrows`, so a closure in it that
/// throws only `TFRecordError` comes out as `any Error`; this restores the type. An error
/// of another type (none is expected) becomes an `.io` error with its description.
@inlinable
public func rethrowingTFRecordError<Result>(_ body: () throws -> Result) throws(TFRecordError) -> Result {
    try rethrowing(body) { TFRecordError(.io, "\($0)") }
}
