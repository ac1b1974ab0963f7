/// A setting of the library's options that an error message refers to ("`recordsPerShard`
/// must be at least 1"), kept typed so that each front end words it in its own terms: the
/// `tfrec` CLI as its flag (`--records-per-shard`), a library user as the option's name.
///
/// The library never spells a command-line flag; ``TFRecordError/message(wording:)`` renders
/// a message with the caller's words for its settings.
public enum Setting: String, Sendable, CaseIterable, CustomStringConvertible {
    // Where and how shards are written (ShardOutputOptions).
    case outputDirectory, overwrite, resume, recordsPerShard, shardCount, shardSize, shardName, shardSplit
    case compression, compressionLevel, writeIndex
    // What a record holds.
    case encoding, normalization, mean, standardDeviation, layout, shape, quality, imageKey, labelKey, labelColumn
    case labelSource, outputFormat
    // Image folders.
    case schema, labelsFile, labelOffset, boundingBoxes, validationLabels, splits, onError, imageVerification
    case maxSide, shortSide
    // Inputs and order.
    case images, labels, shuffle, onBadRow
    // How the work runs.
    case threads, engine, transformEngine, chunkSize

    /// The option's name in the library's option types (`recordsPerShard`), the wording of
    /// ``TFRecordError/message``.
    public var description: String { rawValue }
}

/// The text of an error message whose settings stay typed until it is worded: built by
/// string interpolation, `"\(setting: .quality) must be 1...100"`, or with a value,
/// `"\(setting: .encoding, "png") needs the image shape"`.
public struct ErrorMessage: Sendable, Equatable, ExpressibleByStringInterpolation {
    /// A piece of the message.
    public enum Segment: Sendable, Equatable {
        /// Literal text.
        case text(String)
        /// A setting, with the value it was given if the message names one.
        case setting(Setting, value: String?)
    }

    /// The pieces, in order.
    public var segments: [Segment]

    /// A message of plain text.
    public init(stringLiteral value: String) {
        segments = [.text(value)]
    }

    public init(stringInterpolation: Interpolation) {
        segments = stringInterpolation.segments
    }

    /// Builds the segments of an interpolated message.
    public struct Interpolation: StringInterpolationProtocol {
        var segments: [Segment] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) {
            if !literal.isEmpty { segments.append(.text(literal)) }
        }

        /// A setting by name.
        public mutating func appendInterpolation(setting: Setting) {
            segments.append(.setting(setting, value: nil))
        }

        /// A setting with the value it was given (`--encoding png`).
        public mutating func appendInterpolation(setting: Setting, _ value: some Any) {
            segments.append(.setting(setting, value: String(describing: value)))
        }

        /// Any other value, as text.
        public mutating func appendInterpolation(_ value: some Any) {
            segments.append(.text(String(describing: value)))
        }
    }

    /// The two messages one after the other.
    public static func + (lhs: ErrorMessage, rhs: ErrorMessage) -> ErrorMessage {
        var joined = lhs
        joined.segments += rhs.segments
        return joined
    }

    /// The message with each setting worded by `word` (given the setting, and its value or
    /// `nil`).
    public func rendered(wording word: (Setting, String?) -> String) -> String {
        segments.map { segment in
            switch segment {
            case .text(let text): text
            case .setting(let setting, let value): word(setting, value)
            }
        }.joined()
    }

    /// The library's own wording: the option's name, then the value (`quality`,
    /// `encoding png`).
    public static func optionName(_ setting: Setting, value: String?) -> String {
        value.map { "\(setting) \($0)" } ?? setting.description
    }
}
