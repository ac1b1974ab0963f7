import TFRecord
import TFRecordShards

/// A conversion of any input kind (``CSVConversion/conversion``,
/// ``ArrayConversion/conversion``, ``ImageFolderConversion/conversion``) as the one engine
/// runs it: whole on this machine, as a plan, or as one task of a plan.
public struct Conversion: Sendable {
    private let output: ShardOutputOptions
    private let threads: Int
    private let prepare: @Sendable (CancellationFlag) throws(TFRecordError) -> PreparedConversion

    init(output: ShardOutputOptions, threads: Int,
         prepare: @escaping @Sendable (CancellationFlag) throws(TFRecordError) -> PreparedConversion) {
        self.output = output
        self.threads = threads
        self.prepare = prepare
    }

    /// Converts the whole input on this machine and commits the shards and the manifest.
    ///
    /// - Throws: ``TFRecordError`` (see the conversion's `run`).
    public func run(cancellation: CancellationFlag = CancellationFlag(),
                    progress: (@Sendable (ConversionProgress) -> Void)? = nil) throws(TFRecordError) -> ConversionSummary {
        try prepare(cancellation).run(output: output, threads: threads, cancellation: cancellation, progress: progress)
    }

    /// Plans the conversion: writes `plan.json` into the output directory (see
    /// ``ConversionPlan``); no shard is written.
    ///
    /// - Parameters:
    ///   - command: what tasks need to rebuild the options (the CLI: its arguments).
    ///   - workingDirectory: where `command`'s relative paths start.
    /// - Throws: ``TFRecordError`` `.usage` for conversions that cannot be planned (shards
    ///   cut by size, pipes and gzip streams, skipped bad rows) and for a directory holding
    ///   earlier output; `.badInput`, `.io`, `.interrupted`.
    public func plan(command: [String], workingDirectory: String,
                     cancellation: CancellationFlag = CancellationFlag()) throws(TFRecordError) -> ConversionPlan {
        try prepare(cancellation).plan(output: output, command: command, workingDirectory: workingDirectory,
                                       cancellation: cancellation)
    }

    /// Writes shards `shards` of `plan` (made with the same options) into the output
    /// directory, each under its final name with a receipt; keeps those that a receipt of
    /// this plan confirms.
    ///
    /// - Parameter task: this task's index and count, recorded in receipts (`nil` for a
    ///   single shard given by index).
    /// - Throws: ``TFRecordError`` `.usage` (other options or version than the plan's,
    ///   shards outside it), `.badInput` (an input changed since planning: nothing is
    ///   written), and what a conversion throws.
    public func runTask(_ plan: ConversionPlan, shards: Range<Int>, task: TaskAssignment?,
                        cancellation: CancellationFlag = CancellationFlag(),
                        progress: (@Sendable (ConversionProgress) -> Void)? = nil) throws(TFRecordError) -> ConversionSummary {
        try prepare(cancellation).runTask(plan, shards: shards, task: task.map { ($0.index, $0.count) }, output: output,
                                          threads: threads, cancellation: cancellation, progress: progress)
    }
}
