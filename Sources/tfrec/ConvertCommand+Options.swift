import TFRecordConversion

extension ConvertCommand {
    /// What a record holds, as the flags give it (CSV and arrays): the encoding and quality
    /// as given (`nil` when not), the source applying its own defaults.
    func recordContent() -> RecordContentOptions {
        var record = RecordContentOptions()
        record.encoding = encoding
        record.quality = quality
        record.shape = shape
        record.normalization = normalization
        record.layout = layout
        record.imageKey = imageKey
        record.labelKey = labelKey
        return record
    }

    /// How the work runs, as the flags give it (CSV and arrays).
    func work() throws -> ConversionWorkOptions {
        var work = ConversionWorkOptions()
        work.threads = threads ?? Self.cores
        work.transformEngine = engine.transform
        work.device = try deviceSelector()
        work.chunkSize = chunkSize
        return work
    }
}
