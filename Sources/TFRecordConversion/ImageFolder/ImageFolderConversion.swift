import Dispatch
import Foundation
import TFRecord
import TFRecordImages
import TFRecordShards
import TFRecordSources

/// Converts a folder of JPEG and PNG files into TFRecord shards: `tfrec convert images/`.
///
/// Files are taken in sorted order (reproducible output); file i is record i. With no
/// `encoding`, each file's bytes are stored as they are (JPEG stays the same JPEG); with
/// one, images are decoded and re-encoded (`uint8`, `int64-bytes`, `int64-list` need one
/// fixed shape: the first image's, or `shape`). Every file is decoded once to check it, so
/// a corrupt image is reported before anything is written. Files are processed in batches
/// on `threads` threads, so memory is bounded by the batch.
public struct ImageFolderConversion: Sendable {
    /// What to convert and how.
    public struct Options: Sendable {
        public var folder: String
        /// Where and how shards are written.
        public var output: ShardOutputOptions
        public var labelSource = LabelSource.name
        /// `nil` stores the files' bytes as they are.
        public var encoding: PixelEncoding?
        public var quality = 95
        public var shape: ImageShape?
        public var imageKey = "image"
        public var labelKey = "label"
        public var threads = 1
        public var onBadRow = BadRowPolicy.fail

        public init(folder: String, outputDirectory: String) {
            self.folder = folder
            self.output = ShardOutputOptions(directory: outputDirectory)
        }
    }

    /// The options.
    public let options: Options

    /// Creates a conversion.
    public init(options: Options) { self.options = options }

    /// The file mapping labels to class names (``LabelSource/dir``).
    public static let labelsFileName = "labels.txt"

    /// Runs the conversion.
    ///
    /// - Throws: ``TFRecordError``: `.badInput` (a corrupt or non-image file, a missing
    ///   label, an image of another size where one shape is required), `.usage`, `.io`.
    public func run(cancellation: CancellationFlag = CancellationFlag(),
                    progress: (@Sendable (ConversionProgress) -> Void)? = nil) throws(TFRecordError) -> ConversionSummary {
        try conversion.run(cancellation: cancellation, progress: progress)
    }

    /// The conversion as the engine runs it: on this machine, as a plan, or as a task.
    public var conversion: Conversion {
        Conversion(output: options.output, threads: max(1, options.threads)) { (_) throws(TFRecordError) in try prepare() }
    }

    /// Lists the folder and works out the shape raw encodings need: everything but the output.
    func prepare() throws(TFRecordError) -> PreparedConversion {
        let listing = try ImageFolderListing.list(options.folder, labels: options.labelSource)
        var shaping = options
        (shaping.threads, shaping.output) = (1, ShardOutputOptions(directory: ""))
        // The shape every image must have when the encoding stores raw pixels.
        let fixedShape: ImageShape?
        if let encoding = options.encoding, !encoding.isImageFormat {
            if let shape = options.shape {
                fixedShape = shape
            } else {
                fixedShape = try Self.decode(listing.entries[0].path, decoder: ImageDecoder()).image.shape
            }
        } else {
            fixedShape = options.shape
        }
        let encoding = options.encoding?.rawValue ?? "original"
        var features = [options.imageKey: Manifest.Feature(
            kind: (options.encoding?.featureKind ?? .bytes).manifestName, encoding: encoding,
            dtype: options.encoding?.dtype ?? "uint8",
            shape: fixedShape.map { [$0.height, $0.width, $0.channels] } ?? [])]
        features[options.labelKey] = Manifest.Feature(kind: "int64_list", encoding: nil, dtype: "int64", shape: [])
        let label: TFDSLabel
        if listing.classes.isEmpty {
            let labels = ObservedLabels(key: options.labelKey)
            for entry in listing.entries { labels.observe(entry.label) }
            label = .observed(labels)
        } else {
            label = .names(key: options.labelKey, names: listing.classes)
        }
        return PreparedConversion(
            inputs: listing.entries.map(\.path), fingerprint: String(reflecting: shaping),
            sideFileNames: [Self.labelsFileName, CSVConversion.rejectedFileName], recordCount: listing.entries.count,
            makeSource: { [options] (_, _) in
                ImageFolderRecordSource(entries: listing.entries, policy: options.onBadRow) { () throws(TFRecordError) in
                    try Worker(options: options, shape: fixedShape)
                }
            },
            manifest: { [options] records, shards in
                Manifest(command: options.output.commandLine, source: options.folder, records: records, features: features,
                         shards: shards)
            },
            sideFiles: { [options] rejected in
                var sideFiles: [(name: String, contents: [UInt8])] = []
                if !listing.classes.isEmpty {
                    let text = listing.classes.enumerated().map { "\($0)\t\($1)\n" }.joined()
                    sideFiles.append((Self.labelsFileName, Array(text.utf8)))
                }
                if options.onBadRow == .skip {
                    sideFiles.append((CSVConversion.rejectedFileName, ShardedOutput.rejectedList(rejected)))
                }
                return sideFiles
            },
            label: label,
            engine: "images")
    }

    static func decode(_ path: String, decoder: ImageDecoder) throws(TFRecordError) -> (bytes: [UInt8], image: Image) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TFRecordError(.io, "cannot read the file", at: SourceLocation(path: path))
        }
        let bytes = [UInt8](data)
        do {
            return (bytes, try decoder.decode(bytes).image)
        } catch {
            throw TFRecordError(.badInput, error.message, at: SourceLocation(path: path))
        }
    }

    /// Per-thread codec state.
    final class Worker: @unchecked Sendable {
        // Used by one concurrentPerform iteration at a time (index = worker).
        let options: Options
        let shape: ImageShape?
        let decoder = ImageDecoder()
        let examples: ExampleEncoder
        var encoder: RowRecordEncoder?
        var encoderShape: ImageShape?

        init(options: Options, shape: ImageShape?) throws(TFRecordError) {
            self.options = options
            self.shape = shape
            self.examples = ExampleEncoder(fields: [.init(key: options.imageKey, kind: .bytes),
                                                    .init(key: options.labelKey, kind: .int64List)])
        }

        /// The framed record for one file and the file's size.
        func record(for entry: ImageFolderListing.Entry) -> Result<([UInt8], Int), TFRecordError> {
            Result { () throws(TFRecordError) in
                let (bytes, image) = try ImageFolderConversion.decode(entry.path, decoder: decoder)
                if let shape, shape != image.shape {
                    throw TFRecordError(.badInput, "image is \(image.shape), expected \(shape) like the others (or \(setting: .shape))",
                                        at: SourceLocation(path: entry.path))
                }
                let buffer = RecordBuffer(capacity: bytes.count + 64)
                let keepBytes = options.encoding == nil || options.encoding?.rawValue == ImageFormat.detect(bytes)?.rawValue
                if keepBytes {
                    examples.appendRecord(contentSizes: [bytes.count, ExampleEncoder.varintSize(of: entry.label)],
                                          to: buffer) { field, out in
                        if field == 0 {
                            bytes.withUnsafeBytes { out.copyMemory(from: $0) }
                        } else {
                            _ = ExampleEncoder.writeVarint(entry.label, into: out)
                        }
                    }
                } else {
                    try encoder(for: image.shape).appendRecord(
                        pixels: image.pixels.withUnsafeBufferPointer { $0 }, label: entry.label, to: buffer)
                }
                return (buffer.bytes, bytes.count)
            }
        }

        private func encoder(for shape: ImageShape) throws(TFRecordError) -> RowRecordEncoder {
            if let encoder, encoderShape == shape { return encoder }
            let made = try RowRecordEncoder(encoding: options.encoding!, pixelCount: shape.valueCount,
                                            imageKey: options.imageKey, labelKey: options.labelKey, shape: shape,
                                            quality: options.quality)
            encoder = made
            encoderShape = shape
            return made
        }
    }
}
