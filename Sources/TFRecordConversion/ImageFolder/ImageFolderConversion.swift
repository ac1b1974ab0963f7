import Foundation
import TFRecord
import TFRecordImages
import TFRecordShards
import TFRecordSources
import TFRecordPixels

/// Converts a folder of images into TFRecord shards: `tfrec convert images/`.
///
/// Files are taken in sorted order (reproducible output); file i is record i, and the
/// output bytes do not depend on the thread count.
///
/// With no `encoding`, images are stored as files in the features of `schema`: a JPEG with
/// 1 or 3 components passes through byte for byte (its size read from its header); what a
/// file is is decided by its bytes, never its name: CMYK and YCCK JPEGs are converted to
/// RGB, and other images (PNG, GIF, BMP) become JPEGs, except that ``ImageSchema/simple``
/// keeps PNG files as they are. `resize` shrinks large images. With an `encoding`, images
/// are decoded and re-encoded into it, with `image` and `label` features as CSV rows give
/// (`uint8`, `int64-bytes`, `int64-list` need one fixed shape: the first image's, or
/// `shape`). Files are processed on `threads` threads with memory bounded by the shards in
/// flight.
///
/// `run` throws ``TFRecordError``: `.badInput` (a corrupt or non-image file, a missing
/// label, an image of another size where one shape is required), `.usage`, `.io`.
public struct ImageFolderConversion: RecordConversion {
    /// What to convert and how: the parts every conversion has (``ConversionOptions``:
    /// ``record``, ``output``, ``work``) and the folder's own.
    public struct Options: ConversionOptions {
        /// The folder of images (class directories, or flat with ``validationLabels``).
        public var folder: String
        /// What a record holds. Its ``RecordContentOptions/encoding`` `nil` stores images as
        /// files in the features of ``schema``; a pixel encoding decodes and re-encodes them
        /// (``RecordContentOptions/normalization`` and ``RecordContentOptions/layout`` do not
        /// apply: they must stay unset). Its keys are those of ``ImageSchema/simple`` and of
        /// pixel encodings.
        public var record = RecordContentOptions()
        /// Where and how shards are written.
        public var output: ShardOutputOptions
        /// How the work runs (threads; nothing is chunked or transformed).
        public var work = ConversionWorkOptions()
        /// Where labels come from when there is no ``validationLabels`` file;
        /// ``ImageSchema/imagenet`` always uses class directories.
        public var labelSource = LabelSource.name
        /// The features of the records.
        public var schema = ImageSchema.simple
        /// Class names in label order, one per line, each optionally followed by its text
        /// (`n01440764 tench, Tinca tinca`); `nil`: the sorted class directory names.
        public var labelsFile: String?
        /// The label of the first class; `nil`: the schema's (0 for simple, 1 for imagenet).
        public var labelOffset: Int64?
        /// A folder of Pascal VOC annotations (`<image stem>.xml`, in any subfolder) whose
        /// boxes ImageNet records carry.
        public var boundingBoxes: String?
        /// For a flat folder: the file mapping its file names to class names (see
        /// ``ValidationLabels``).
        public var validationLabels: String?
        /// The split the shards are named after with ``ImageSchema/imagenet``
        /// (`train-00000-of-01024`), when the output keeps its default name template.
        public var split = "train"
        /// How images are checked and resized.
        public var images = TrainingImageOptions()
        /// What to do with a file that cannot be read or decoded: fail, or leave it out and
        /// list it in `errors.tsv`.
        public var onBadRow = BadRowPolicy.fail
        /// The classes of another split, which this one must use (``ImageFolderSplits``).
        var sharedClasses: ClassLabelMap?
        /// Whether shards are named after ``split`` whatever the schema (``ImageFolderSplits``).
        var namesShardsBySplit = false

        /// Options with defaults for `folder` and `outputDirectory`.
        public init(folder: String, outputDirectory: String) {
            self.folder = folder
            self.output = ShardOutputOptions(directory: outputDirectory)
        }

        /// Checks the options that do not need the folder.
        ///
        /// - Throws: ``TFRecordError`` `.usage`.
        public func validate() throws(TFRecordError) {
            try work.validate()
            try record.validate(labeled: true)
            if record.normalization != nil || record.layout != .hwc {
                throw TFRecordError(.usage, "\(setting: .normalization) and \(setting: .layout) do not apply to image folders")
            }
            if record.encoding != nil {
                if schema != .simple {
                    throw TFRecordError(.usage, "\(setting: .encoding) stores pixels as CSV rows do; "
                                        + "\(setting: .schema, schema.rawValue) stores JPEG files")
                }
                if images.resize != nil || boundingBoxes != nil {
                    throw TFRecordError(.usage, "\(setting: .maxSide), \(setting: .shortSide) and \(setting: .boundingBoxes) "
                                        + "go with images stored as files, not with \(setting: .encoding)")
                }
            } else if record.shape != nil {
                throw TFRecordError(.usage, "\(setting: .shape) goes with \(setting: .encoding): images stored as files keep their own size")
            }
            if boundingBoxes != nil && schema != .imagenet {
                throw TFRecordError(.usage, "\(setting: .boundingBoxes) goes with \(setting: .schema, "imagenet")")
            }
            if schema == .simple && record.encoding == nil {
                let keys = [record.imageKey, record.labelKey] + ImageRecordEncoder.simpleKeys
                if Set(keys).count != keys.count {
                    throw TFRecordError(.usage, "\(setting: .imageKey) and \(setting: .labelKey) must differ from each other "
                                        + "and from height, width and filename")
                }
            }
            if case .maxSide(let n)? = images.resize, n < 1 { throw TFRecordError(.usage, "\(setting: .maxSide) must be at least 1") }
            if case .shortSide(let n)? = images.resize, n < 1 { throw TFRecordError(.usage, "\(setting: .shortSide) must be at least 1") }
        }

        /// The output options with the schema's shard names when the output keeps the default
        /// template.
        func shapedOutput() throws(TFRecordError) -> ShardOutputOptions {
            var output = self.output
            if output.nameTemplate == .reference, output.tfds == nil, schema == .imagenet || namesShardsBySplit {
                output.nameTemplate = try ImageSchema.splitNameTemplate(split)
            }
            return output
        }
    }

    /// The options.
    public let options: Options

    /// Creates a conversion.
    public init(options: Options) { self.options = options }

    /// The file mapping labels to class names: `INDEX<TAB>NAME<TAB>TEXT` per class.
    public static let labelsFileName = "labels.txt"
    /// The files left out with ``BadRowPolicy/skip``: `PATH<TAB>REASON` per file.
    public static let errorsFileName = "errors.tsv"

    /// The conversion as the engine runs it: on this machine, as a plan, or as a task.
    public var conversion: Conversion {
        let output = (try? options.shapedOutput()) ?? options.output
        return Conversion(output: output, threads: max(1, options.threads)) { (_) throws(TFRecordError) in try prepare() }
    }

    /// Lists and labels the files and works out the features: everything but the output.
    func prepare() throws(TFRecordError) -> PreparedConversion {
        try options.validate()
        _ = try options.shapedOutput()
        let files = try ImageFolderFiles.list(options)
        let boxes = try options.boundingBoxes.map { (directory) throws(TFRecordError) in
            try BoundingBoxIndex(directory: directory)
        }
        var shaping = options
        (shaping.threads, shaping.output) = (1, ShardOutputOptions(directory: ""))
        let features: [String: Manifest.Feature]
        let makeWorker: @Sendable () throws(TFRecordError) -> any ImageRecordMaking
        if let encoding = options.encoding {
            let fixedShape: ImageShape?
            if !encoding.isImageFormat {
                if let shape = options.shape {
                    fixedShape = shape
                } else {
                    fixedShape = try PixelRecordMaker.decode(files.files[0].path, decoder: ImageDecoder()).image.shape
                }
            } else {
                fixedShape = options.shape
            }
            features = [
                options.imageKey: Manifest.Feature(kind: encoding.featureKind.manifestName, encoding: encoding.rawValue,
                                                   dtype: encoding.dtype, shape: fixedShape.map { [$0.height, $0.width, $0.channels] } ?? []),
                options.labelKey: Self.int64Feature,
            ]
            makeWorker = { [options] () throws(TFRecordError) in
                PixelRecordMaker(files: files.files, encoding: encoding, quality: options.quality ?? 95,
                                 imageKey: options.imageKey, labelKey: options.labelKey, shape: fixedShape)
            }
        } else {
            let encoder = ImageRecordEncoder(schema: options.schema, imageKey: options.imageKey, labelKey: options.labelKey,
                                             withBoxes: boxes != nil)
            features = Self.features(of: encoder, options: options)
            var imageOptions = options.images
            imageOptions.quality = options.quality
            let images = imageOptions
            makeWorker = { () throws(TFRecordError) in
                try ImageFileRecordMaker(files: files, images: images, encoder: encoder, boxes: boxes)
            }
        }
        let label: TFDSLabel
        if let classes = files.classes {
            label = .names(key: options.schema == .imagenet ? ImageSchema.ImageNetKey.label : options.labelKey,
                           names: classes.synsets)
        } else {
            let labels = ObservedLabels(key: options.labelKey)
            for file in files.files { labels.observe(file.label) }
            label = .observed(labels)
        }
        var inputs = files.files.map(\.path)
        inputs += [options.labelsFile, options.validationLabels].compactMap { $0 }
        inputs += boxes?.files ?? []
        return PreparedConversion(
            inputs: inputs, fingerprint: String(reflecting: shaping),
            sideFileNames: [Self.labelsFileName, Self.errorsFileName, CSVConversion.rejectedFileName],
            recordCount: files.files.count,
            makeSource: { [options] (_, _) in
                ImageFolderRecordSource(count: files.files.count, policy: options.onBadRow, makeWorker: makeWorker)
            },
            manifest: { [options] records, shards, rejected in
                var manifest = Manifest(command: options.output.commandLine, source: options.folder, records: records,
                                        features: features, shards: shards)
                if options.encoding == nil {
                    manifest.schema = options.schema.rawValue
                }
                if let classes = files.classes {
                    manifest.labelOffset = classes.offset
                    manifest.classCounts = files.classCounts(leavingOut: rejected)
                }
                return manifest
            },
            sideFiles: { [options] rejected in
                var sideFiles: [(name: String, contents: [UInt8])] = []
                if let classes = files.classes {
                    sideFiles.append((Self.labelsFileName, Array(classes.labelsText.utf8)))
                }
                if options.onBadRow == .skip {
                    sideFiles.append((Self.errorsFileName, Self.errorList(rejected)))
                }
                return sideFiles
            },
            label: label,
            engine: "images", inputName: "images", recordUnit: "image", rejectedFileName: Self.errorsFileName)
    }

    private static let int64Feature = Manifest.Feature(kind: "int64_list", encoding: nil, dtype: "int64", shape: [])

    /// The manifest's features of records made by `encoder`.
    private static func features(of encoder: ImageRecordEncoder, options: Options) -> [String: Manifest.Feature] {
        let image = Manifest.Feature(kind: "bytes", encoding: options.schema == .imagenet ? "jpeg" : "original",
                                     dtype: "uint8", shape: [])
        let text = Manifest.Feature(kind: "bytes", encoding: nil, dtype: "string", shape: [])
        var features: [String: Manifest.Feature] = [:]
        for (index, field) in ImageRecordEncoder.fields(schema: options.schema, imageKey: options.imageKey,
                                                        labelKey: options.labelKey, withBoxes: encoder.withBoxes).enumerated() {
            switch field.kind {
            case .bytes: features[field.key] = index == 0 ? image : text
            case .int64List: features[field.key] = int64Feature
            case .floatList: features[field.key] = Manifest.Feature(kind: "float_list", encoding: nil, dtype: "float32", shape: [-1])
            }
        }
        if encoder.withBoxes {
            features[ImageSchema.ImageNetKey.boxLabel] = Manifest.Feature(kind: "int64_list", encoding: nil, dtype: "int64", shape: [-1])
        }
        return features
    }

    /// `text` as one TSV field: tabs and line ends become spaces.
    private static func oneField(_ text: String) -> String {
        String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }

    /// The lines of `errors.tsv`: the file, a tab, the reason.
    static func errorList(_ errors: [TFRecordError]) -> [UInt8] {
        Array(errors.map { error in
            let reason = error.message
            return "\(oneField(error.location.path ?? ""))\t\(oneField(reason))\n"
        }.joined().utf8)
    }
}
