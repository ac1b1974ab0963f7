import TFRecord

/// The file names of shards, from a template such as `file_{shard:02}-{count}.tfrec`.
///
/// Placeholders: `{shard}` (0-based shard index), `{count}` (records in the shard) and
/// `{shards}` (number of shards), each optionally zero-padded to a width: `{shard:05}`.
/// The default reproduces the reference workflow's `file_%.2i-%i.tfrec`.
public struct ShardNameTemplate: Sendable, Equatable, CustomStringConvertible {
    /// The reference workflow's naming.
    public static let reference = try! ShardNameTemplate("file_{shard:02}-{count}.tfrec")

    enum Placeholder: String, Sendable { case shard, count, shards }
    enum Segment: Sendable, Equatable {
        case literal(String)
        case value(Placeholder, width: Int)
    }

    /// The template text.
    public let text: String
    let segments: [Segment]

    /// Parses a template.
    ///
    /// - Throws: ``TFRecordError`` (`.usage`) for an unknown placeholder, an unclosed brace, a
    ///   `/` in the name, or a template without `{shard}` (its names would collide).
    public init(_ text: String) throws(TFRecordError) {
        var segments: [Segment] = []
        var literal = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw TFRecordError(.usage, "name template '\(text)': unclosed '{'")
            }
            let body = rest[rest.index(after: open)..<close]
            let parts = body.split(separator: ":", maxSplits: 1)
            guard let name = parts.first, let placeholder = Placeholder(rawValue: String(name)) else {
                throw TFRecordError(.usage, "name template '\(text)': unknown placeholder '{\(body)}'; use {shard}, {count} or {shards}")
            }
            var width = 0
            if parts.count == 2 {
                guard let w = Int(parts[1]), w >= 0, w <= 20 else {
                    throw TFRecordError(.usage, "name template '\(text)': bad width in '{\(body)}', e.g. {shard:02}")
                }
                width = w
            }
            if !literal.isEmpty { segments.append(.literal(literal)) }
            literal = ""
            segments.append(.value(placeholder, width: width))
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { segments.append(.literal(literal)) }
        guard segments.contains(where: { if case .value(.shard, _) = $0 { true } else { false } }) else {
            throw TFRecordError(.usage, "name template '\(text)' must contain {shard}, or all shards get one name")
        }
        guard !text.contains("/") else {
            throw TFRecordError(.usage, "name template '\(text)' must be a file name, without '/'")
        }
        self.text = text
        self.segments = segments
    }

    /// The name of shard `shard` holding `count` records, of `shards` in all.
    public func name(shard: Int, count: Int, shards: Int) -> String {
        segments.map { segment in
            switch segment {
            case .literal(let text): return text
            case .value(let placeholder, let width):
                let value = switch placeholder {
                case .shard: shard
                case .count: count
                case .shards: shards
                }
                let digits = String(value)
                return String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
        }.joined()
    }

    /// The values in a file name made by this template, or `nil` if it does not match.
    public func match(_ name: String) -> (shard: Int, count: Int?, shards: Int?)? {
        var values: [Placeholder: Int] = [:]
        guard Self.match(segments[...], Substring(name), into: &values), let shard = values[.shard] else {
            return nil
        }
        return (shard, values[.count], values[.shards])
    }

    private static func match(_ segments: ArraySlice<Segment>, _ name: Substring, into values: inout [Placeholder: Int]) -> Bool {
        guard let first = segments.first else { return name.isEmpty }
        switch first {
        case .literal(let text):
            return name.hasPrefix(text) && match(segments.dropFirst(), name.dropFirst(text.count), into: &values)
        case .value(let placeholder, _):
            // Digits are greedy but may give back: `{shard}{count}` is ambiguous, so try all splits.
            let digits = name.prefix { $0.isASCII && $0.isNumber }
            var length = digits.count
            while length > 0 {
                var trial = values
                trial[placeholder] = Int(digits.prefix(length))
                if match(segments.dropFirst(), name.dropFirst(length), into: &trial) {
                    values = trial
                    return true
                }
                length -= 1
            }
            return false
        }
    }

    public var description: String { text }
}

extension ShardNameTemplate {
    /// TensorFlow Datasets' file naming, `<name>-<split>.tfrecord-00000-of-00007`, so that
    /// `tfds.builder_from_directory` and TFDS-style globs find the shards.
    ///
    /// - Throws: ``TFRecordError`` `.usage` for an empty name or split, or one holding `/`,
    ///   `{` or `}`.
    public static func tfds(name: String, split: String) throws(TFRecordError) -> ShardNameTemplate {
        for (setting, value) in [(Setting.shardName, name), (.shardSplit, split)] {
            guard !value.isEmpty, !value.contains(where: { "/{}".contains($0) }) else {
                throw TFRecordError(.usage, "\(setting: setting) '\(value)' must be a non-empty file name part without '/', '{' or '}'")
            }
        }
        return try ShardNameTemplate("\(name)-\(split).tfrecord-{shard:05}-of-{shards:05}")
    }
}
