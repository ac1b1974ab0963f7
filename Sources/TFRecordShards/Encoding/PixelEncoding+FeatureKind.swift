import TFRecord
import TFRecordPixels

extension PixelEncoding {
    /// The Example feature kind that carries this encoding.
    public var featureKind: ExampleFeatureKind {
        switch self {
        case .int64List: .int64List
        case .floatList: .floatList
        default: .bytes
        }
    }
}

/// The kind of list a feature holds (TFRecord's `ExampleEncoder.Kind`).
public typealias ExampleFeatureKind = ExampleEncoder.Kind
