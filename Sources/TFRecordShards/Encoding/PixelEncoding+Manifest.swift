import TFRecordPixels

extension PixelEncoding {
    /// The encoding a manifest names: its `encoding` (also the spellings `float32-bytes`,
    /// `float32-list`, `raw`), else its `kind` and `dtype`; `nil` if neither says.
    public init?(manifest feature: Manifest.Feature) {
        switch feature.encoding?.lowercased() {
        case let name? where PixelEncoding(rawValue: name) != nil: self.init(rawValue: name)
        case "float32-bytes"?: self = .float32
        case "float32-list"?, "float_list"?: self = .floatList
        case "int64_list"?: self = .int64List
        case "raw"?: self = .uint8
        default:
            switch (feature.kind, feature.dtype) {
            case ("int64_list", _): self = .int64List
            case ("float_list", _): self = .floatList
            case ("bytes", "int64"): self = .int64Bytes
            case ("bytes", "uint8"): self = .uint8
            case ("bytes", "float32"): self = .float32
            default: return nil
            }
        }
    }
}
