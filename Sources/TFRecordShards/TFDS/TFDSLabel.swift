/// Where TFDS metadata takes the classes of the label feature from.
public enum TFDSLabel: Sendable {
    /// Class names, label i named `names[i]` (class directories).
    case names(key: String, names: [String])
    /// The labels the conversion wrote, `0...max` (and those of shards kept by `--resume`,
    /// which ``ShardedOutput`` reads back).
    case observed(ObservedLabels)

    /// The key of the label feature.
    public var key: String {
        switch self {
        case .names(let key, _): key
        case .observed(let labels): labels.key
        }
    }
}
