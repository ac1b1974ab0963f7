import Foundation
import TFRecord
import TFRecordImages
import TFRecordPixels
import TFRecordShards

/// Reads the first images of record files with their labels: what `tfrec preview` shows.
///
/// The image encoding and shape come from, in order: the options; `manifest.json` beside
/// the shards (its `features.<image key>` entry); inference from the first record (see
/// ``RecordImageDecoder/inferEncoding(of:at:)``). ``Sample/note`` says which was used, in
/// one line — decoding int64 pixels as float64 is the classic way to get garbage.
public struct RecordImageSampler: Sendable {
    /// The image feature's key.
    public var imageKey = "image"
    /// The label feature's key (a missing label shows as an empty label).
    public var labelKey = "label"
    /// The encoding, or `nil` for the manifest's or an inferred one.
    public var encoding: PixelEncoding?
    /// The shape of raw values, or `nil` for the manifest's or an inferred one.
    public var shape: ImageShape?
    /// How shard names look, to find them in directories.
    public var template: ShardNameTemplate = .reference
    /// The files' compression; `nil` detects it per file.
    public var compression: RecordCompression?

    /// Where the encoding came from.
    public enum Source: Sendable, Equatable {
        /// The caller's option.
        case option
        /// `manifest.json`.
        case manifest
        /// The first record, for the reason given.
        case inferred(String)
    }

    /// What was read.
    public struct Sample: Sendable {
        /// The images, with labels, in record order.
        public var images: [LabeledImage]
        /// The encoding used (`nil` only when no record was read).
        public var encoding: PixelEncoding?
        /// Where it came from.
        public var source: Source
        /// The shape given or found in the manifest, if any.
        public var declaredShape: ImageShape?
        /// Values outside 0...255 that were clamped, over all images.
        public var clampedValues: Int
        /// Images whose floats in [0, 1] were scaled by 255.
        public var scaledImages: Int
        /// The order of raw values (from the manifest).
        public var layout: Layout
        /// The normalization of float values (from the manifest); a standardization is undone.
        public var normalization: Normalization?

        /// One line for stderr: the feature, the encoding with how to read it, the shape and
        /// where they came from; a warning about clamped values when there were any.
        /// - Parameter word: how settings are worded (the CLI: as flags).
        public func note(imageKey: String, wording word: (Setting, String?) -> String = ErrorMessage.optionName) -> String {
            guard let encoding, let first = images.first else { return "no records to show" }
            let shapes = Set(images.map { $0.image.shape })
            let shapeText = shapes.count == 1 ? first.image.shape.description : "\(shapes.count) shapes"
            let origin: String
            switch source {
            case .option: origin = "as asked"
            case .manifest: origin = "from manifest.json"
            case .inferred(let reason): origin = "inferred from the first record (\(reason)); pass \(word(.encoding, nil)) to override"
            }
            var text = "'\(imageKey)' decoded as \(encoding) (\(encoding.explanation)), \(shapeText), \(origin)"
            if layout == .chw && encoding != .jpeg && encoding != .png { text += "; CHW order" }
            if case .standardize? = normalization, encoding.isFloat {
                text += "; standardization undone"
            }
            if scaledImages > 0 { text += "; floats in [0, 1] scaled by 255" }
            if clampedValues > 0 { text += "; warning: \(clampedValues) values outside 0...255 clamped, is the encoding right?" }
            return text
        }
    }

    /// Creates a sampler with the default keys.
    public init() {}

    /// Reads up to `count` images from `paths` (files, or directories of shards), in order.
    ///
    /// - Throws: ``TFRecord/TFRecordError``: `.badInput` for missing paths, corrupt records,
    ///   non-Examples, a missing image feature or one that does not decode.
    public func sample(paths: [String], count: Int) throws(TFRecordError) -> Sample {
        let files = try ShardFileList.resolve(paths, template: template)
        let manifestFeature = manifest(near: paths)?.features[imageKey]
        var source = Source.option
        var chosenEncoding = encoding
        if chosenEncoding == nil, let feature = manifestFeature, let named = PixelEncoding(manifest: feature) {
            chosenEncoding = named
            source = .manifest
        }
        let layout = manifestFeature?.layout.flatMap(Layout.init(rawValue:)) ?? .hwc
        var chosenShape = shape
        if chosenShape == nil, let dims = manifestFeature?.shape, dims.count == 2 || dims.count == 3 {
            chosenShape = dims.count == 2
                ? try? ImageShape(height: dims[0], width: dims[1], channels: 1)
                : layout == .chw
                ? try? ImageShape(height: dims[1], width: dims[2], channels: dims[0])
                : try? ImageShape(height: dims[0], width: dims[1], channels: dims[2])
            // Only a shape an image can have: else the shape is inferred from the record.
            if (try? chosenShape?.checkImageChannels()) == nil { chosenShape = nil }
        }
        let normalization = manifestFeature?.normalization.flatMap(Normalization.init(parsing:))
        let decoder = RecordImageDecoder(
            encoding: chosenEncoding, shape: chosenShape, layout: layout, normalization: normalization)
        var sample = Sample(images: [], encoding: chosenEncoding, source: source, declaredShape: chosenShape,
                            clampedValues: 0, scaledImages: 0, layout: layout, normalization: normalization)
        for file in files where sample.images.count < count {
            let reader = try RecordReader(path: file, compression: compression)
            while sample.images.count < count, try reader.nextRecord({ (payload) throws(TFRecordError) -> Void in
                let at = SourceLocation(path: file, recordIndex: reader.recordIndex, byteOffset: reader.offset)
                guard let example = try? Tensorflow_Example(serializedBytes: Array(payload)) else {
                    throw TFRecordError(.badInput, "record is not a tf.train.Example", at: at)
                }
                let features = example.features.feature
                guard let feature = features[imageKey] else {
                    let keys = features.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
                    throw TFRecordError(
                        .badInput, "no feature '\(imageKey)' (the record has \(keys.isEmpty ? "none" : keys)); use \(setting: .imageKey)",
                        at: at)
                }
                if decoder.encoding == nil {
                    let inferred = try decoder.inferEncoding(of: feature, at: at)
                    sample.source = .inferred(inferred.reason)
                }
                let decoded = try decoder.decode(feature, at: at)
                sample.encoding = decoded.encoding
                sample.clampedValues += decoded.clampedValues
                if decoded.scaledUnitFloats { sample.scaledImages += 1 }
                sample.images.append(LabeledImage(decoded.image, label: Self.label(features[labelKey])))
            }) != nil {}
        }
        return sample
    }

    /// The manifest in the first directory named, or beside the first file named.
    private func manifest(near paths: [String]) -> Manifest? {
        guard let first = paths.first else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: first, isDirectory: &isDirectory) else { return nil }
        let directory = isDirectory.boolValue ? first : (first as NSString).deletingLastPathComponent
        return try? Manifest.read(fromDirectory: directory.isEmpty ? "." : directory)
    }

    /// A label feature as text: the first int64 or float value, or the bytes as UTF-8.
    static func label(_ feature: Tensorflow_Feature?) -> String {
        switch feature?.kind {
        case .int64List(let list)?: return list.value.first.map(String.init) ?? ""
        case .floatList(let list)?:
            guard let v = list.value.first else { return "" }
            return v == v.rounded() && abs(v) < 1e9 ? String(Int(v)) : String(v)
        case .bytesList(let list)?: return list.value.first.map { String(decoding: $0, as: UTF8.self) } ?? ""
        case nil: return ""
        }
    }
}
