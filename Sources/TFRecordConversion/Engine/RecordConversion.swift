import TFRecord

/// A conversion of one kind of input into shards (``CSVConversion``, ``ArrayConversion``,
/// ``ImageFolderConversion``): its options, and the ``Conversion`` the one engine runs.
/// Running it is the same for every kind, written once here.
public protocol RecordConversion: Sendable {
    /// The options type, made of the parts every conversion has.
    associatedtype Options: ConversionOptions

    /// The options.
    var options: Options { get }

    /// The conversion as the engine runs it: on this machine, as a plan, or as a task.
    var conversion: Conversion { get }
}

extension RecordConversion {
    /// The ``Conversion`` of these options' output and threads, prepared by `prepare`.
    func conversion(
        preparedBy prepare: @escaping @Sendable (CancellationFlag) throws(TFRecordError) -> PreparedConversion
    ) -> Conversion {
        Conversion(output: options.output, threads: options.work.threads, prepare: prepare)
    }

    /// Runs the conversion on this machine.
    ///
    /// - Parameters:
    ///   - cancellation: set it (e.g. on SIGINT) to stop; the run then cleans up and throws
    ///     `.interrupted`.
    ///   - progress: called from the writer about ten times a second.
    /// - Throws: ``TFRecord/TFRecordError``: `.badInput` (input that does not convert, with
    ///   its location), `.usage` (options that conflict or do not fit the input, output
    ///   holding earlier shards without `overwrite`), `.io`, `.interrupted`. Each
    ///   conversion's documentation names its own cases.
    public func run(
        cancellation: CancellationFlag = CancellationFlag(),
        progress: (@Sendable (ConversionProgress) -> Void)? = nil
    ) throws(TFRecordError) -> ConversionSummary {
        try conversion.run(cancellation: cancellation, progress: progress)
    }
}
