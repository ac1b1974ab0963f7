import TFRecordShards

/// The options of a conversion, composed of the same parts whatever the source: what a
/// record holds (``RecordContentOptions``), how shards are cut and named
/// (``TFRecordShards/ShardOutputOptions``) and how the work runs
/// (``ConversionWorkOptions``). ``CSVConversionOptions``, ``ArrayConversionOptions`` and
/// ``ImageFolderConversion/Options`` add only what their source needs.
///
/// The parts' fields read and write as the options' own (`options.encoding`,
/// `options.threads`), through dynamic member lookup.
@dynamicMemberLookup
public protocol ConversionOptions: Sendable {
    /// What a record holds.
    var record: RecordContentOptions { get set }
    /// Where and how shards are written.
    var output: ShardOutputOptions { get set }
    /// How the work runs.
    var work: ConversionWorkOptions { get set }
}

extension ConversionOptions {
    /// A field of ``record``, e.g. `options.encoding`.
    public subscript<Value>(dynamicMember field: WritableKeyPath<RecordContentOptions, Value>) -> Value {
        get { record[keyPath: field] }
        set { record[keyPath: field] = newValue }
    }

    /// A field of ``work``, e.g. `options.threads`.
    public subscript<Value>(dynamicMember field: WritableKeyPath<ConversionWorkOptions, Value>) -> Value {
        get { work[keyPath: field] }
        set { work[keyPath: field] = newValue }
    }
}
