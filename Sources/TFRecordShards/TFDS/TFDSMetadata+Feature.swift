extension TFDSMetadata {
    /// How a `Tensor` feature is stored in the Example.
    public enum TensorEncoding: String, Codable, Sendable {
        /// A list of the values (`Int64List`, `FloatList`).
        case none
        /// One `bytes` value of the values, little-endian (`tf.io.decode_raw`).
        case bytes
    }

    /// One TFDS feature connector of `features.json`.
    public enum Feature: Sendable, Equatable {
        /// `tfds.features.Image`: one encoded image. `nil` dimensions are unknown (`-1`);
        /// a `nil` format decodes any format TensorFlow reads.
        case image(shape: [Int?], dtype: String, encodingFormat: String?)
        /// `tfds.features.Tensor`; `shape` `[]` for a scalar.
        case tensor(shape: [Int], dtype: String, encoding: TensorEncoding)
        /// `tfds.features.ClassLabel`: an int64 scalar of `0..<count`.
        case classLabel(TFDSLabelClasses)

        /// The feature of a manifest's image feature: an image file format, else a tensor.
        init(manifest feature: Manifest.Feature) {
            switch feature.encoding {
            case "png", "jpeg", "original":
                let format = feature.encoding == "original" ? nil : feature.encoding
                let shape: [Int?] = feature.shape.isEmpty ? [nil, nil, nil] : feature.shape
                self = .image(shape: shape, dtype: feature.dtype, encodingFormat: format)
            default:
                // A string is its own bytes; other dtypes in a bytes feature are their raw values.
                self = .tensor(shape: feature.shape, dtype: feature.dtype,
                               encoding: feature.kind == "bytes" && feature.dtype != "string" ? .bytes : .none)
            }
        }

        /// The Python class TFDS instantiates.
        var pythonClassName: String {
            switch self {
            case .image: "tensorflow_datasets.core.features.image_feature.Image"
            case .tensor: "tensorflow_datasets.core.features.tensor_feature.Tensor"
            case .classLabel: "tensorflow_datasets.core.features.class_label_feature.ClassLabel"
            }
        }
    }

    /// `features.json`: a `FeaturesDict` of the features by key.
    struct FeaturesDocument: Encodable {
        var features: [String: Feature]

        enum CodingKeys: String, CodingKey { case featuresDict, pythonClassName }
        struct FeatureTable: Encodable { var features: [String: Feature] }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(FeatureTable(features: features), forKey: .featuresDict)
            try container.encode("tensorflow_datasets.core.features.features_dict.FeaturesDict", forKey: .pythonClassName)
        }
    }
}

extension TFDSMetadata.Feature: Encodable {
    private enum CodingKeys: String, CodingKey { case image, tensor, classLabel, pythonClassName }
    private enum ShapeKeys: String, CodingKey { case dtype, encoding, encodingFormat, shape }
    private struct Shape: Encodable {
        var dimensions: [String]?
        init(_ dimensions: [Int?]) {
            // Protobuf's JSON leaves out an empty repeated field: a scalar's shape is `{}`.
            self.dimensions = dimensions.isEmpty ? nil : dimensions.map { String($0 ?? -1) }
        }
    }
    private struct ClassCount: Encodable { var numClasses: String }

    /// The connector's JSON: its proto under the connector's name, and the Python class.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(pythonClassName, forKey: .pythonClassName)
        switch self {
        case .image(let shape, let dtype, let format):
            var image = container.nestedContainer(keyedBy: ShapeKeys.self, forKey: .image)
            try image.encode(dtype, forKey: .dtype)
            try image.encodeIfPresent(format, forKey: .encodingFormat)
            try image.encode(Shape(shape), forKey: .shape)
        case .tensor(let shape, let dtype, let encoding):
            var tensor = container.nestedContainer(keyedBy: ShapeKeys.self, forKey: .tensor)
            try tensor.encode(dtype, forKey: .dtype)
            try tensor.encode(encoding, forKey: .encoding)
            try tensor.encode(Shape(shape), forKey: .shape)
        case .classLabel(let classes):
            try container.encode(ClassCount(numClasses: String(classes.count)), forKey: .classLabel)
        }
    }
}
