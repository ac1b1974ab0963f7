import Foundation
import TFRecord

/// `manifest.json`, written beside the shards: what they hold and how to check them
/// without scanning them.
public struct Manifest: Codable, Sendable, Equatable {
    /// The file name in the output directory.
    public static let fileName = "manifest.json"

    /// A feature of the records.
    public struct Feature: Codable, Sendable, Equatable {
        /// `bytes`, `int64_list` or `float_list`.
        public var kind: String
        /// For image features: the pixel encoding (`int64-bytes`, `uint8`, `int64-list`).
        public var encoding: String?
        /// The dtype of the decoded values.
        public var dtype: String
        /// The decoded shape of one record's value, e.g. `[28, 28, 1]`; `[]` for a scalar.
        public var shape: [Int]
        /// For float encodings: the transform applied, e.g. `scale` or
        /// `standardize(mean: [33.3], std: [78.6])`.
        public var normalization: String?
        /// For float encodings: `hwc` or `chw`.
        public var layout: String?

        public init(kind: String, encoding: String?, dtype: String, shape: [Int], normalization: String? = nil,
                    layout: String? = nil) {
            self.kind = kind
            self.encoding = encoding
            self.dtype = dtype
            self.shape = shape
            self.normalization = normalization
            self.layout = layout
        }
    }

    /// Identifies the format of this file.
    public var format = "swift-tfrecord manifest"
    /// The manifest format's version.
    public var version = 1
    /// The command line that wrote the shards.
    public var command: [String]
    /// The input file; the first one when there are several (``sources`` lists them all).
    public var source: String
    /// Every input file in the order read, when there are several; absent for one.
    public var sources: [String]?
    /// The seed of a shuffled record order (`--shuffle --seed S`); absent when records are
    /// in input order.
    public var shuffleSeed: UInt64?
    /// Total records.
    public var records: Int
    /// Features by key.
    public var features: [String: Feature]
    /// The shards, in order.
    public var shards: [ShardInfo]
    /// The shards' whole-file compression (`nil` in manifests written before it was recorded).
    public var compression: RecordCompression?
    /// For image folders: the schema of the records (`simple`, `imagenet`).
    public var schema: String?
    /// For image folders: the label of the first class in `labels.txt`.
    public var labelOffset: Int64?
    /// For image folders with classes: records per class name.
    public var classCounts: [String: Int]?
    /// For conversions of several splits in one run: each split's records and shards
    /// (``shards`` lists all of them, split after split).
    public var splits: [String: Split]?

    /// One split of a conversion of several (`train`, `validation`).
    public struct Split: Codable, Sendable, Equatable {
        /// Records in the split.
        public var records: Int
        /// The split's shard names, in order.
        public var shards: [String]
        /// Records per class name.
        public var classCounts: [String: Int]?

        public init(records: Int, shards: [String], classCounts: [String: Int]?) {
            self.records = records
            self.shards = shards
            self.classCounts = classCounts
        }
    }

    /// Creates a manifest.
    public init(command: [String], source: String, sources: [String]? = nil, shuffleSeed: UInt64? = nil, records: Int,
                features: [String: Feature], shards: [ShardInfo]) {
        self.command = command
        self.source = source
        self.sources = sources
        self.shuffleSeed = shuffleSeed
        self.records = records
        self.features = features
        self.shards = shards
    }

    /// Writes the manifest into `directory` atomically (temporary file, fsync, rename).
    public func write(to directory: OutputDirectory) throws(TFRecordError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do { data = try encoder.encode(self) } catch {
            throw TFRecordError(.io, "cannot encode manifest: \(error)")
        }
        try directory.writeAtomically(name: Self.fileName, contents: Array(data) + [UInt8(ascii: "\n")])
    }

    /// Reads `manifest.json` from `directory`, or returns `nil` if there is none.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` if it exists but does not parse.
    public static func read(fromDirectory directory: String) throws(TFRecordError) -> Manifest? {
        let path = OutputDirectory.join(directory, fileName)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw TFRecordError(.io, "cannot read manifest: \(error.localizedDescription)", at: SourceLocation(path: path))
        }
        do {
            return try JSONDecoder().decode(Manifest.self, from: data)
        } catch let error as DecodingError {
            throw TFRecordError(.badInput, "not a valid manifest: \(Self.describe(error))", at: SourceLocation(path: path))
        } catch {
            throw TFRecordError(.badInput, "not a valid manifest: \(error)", at: SourceLocation(path: path))
        }
    }

    /// A decoding error in a few words, with the JSON path where it is.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty: return "the file is not JSON"
        case .dataCorrupted(let context): return "bad value at \(path(context.codingPath))"
        case .keyNotFound(let key, let context): return "no \"\(key.stringValue)\" in \(path(context.codingPath))"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) is not a \(type)"
        @unknown default: return "\(error)"
        }
    }
}
