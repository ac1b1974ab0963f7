import TFRecord
import TFRecordShards

/// A conversion of any input kind, ready to run: what CSV files, arrays and image folders
/// each work out from their options and their inputs' headers, so that one engine can run
/// any of them on this machine (``run(output:threads:cancellation:progress:)``), plan them
/// (``plan(output:command:workingDirectory:cancellation:)``) or write one task's shards of a
/// plan (``runTask(_:shards:task:output:threads:cancellation:progress:)``).
///
/// The three conversions (``CSVConversion``, ``ArrayConversion``, ``ImageFolderConversion``)
/// only prepare; the output directory, the runner, the commit and the manifest are here,
/// written once.
struct PreparedConversion {
    /// The input files whose identity (size, modification time) the output depends on:
    /// checked by `--resume` and by every task of a plan.
    var inputs: [String]
    /// Every option that shapes the output bytes, as text.
    var fingerprint: String
    /// Side files this kind of conversion may write (an earlier run's copies are replaced).
    var sideFileNames: [String] = []
    /// The record count when known before converting (arrays, image folders).
    var recordCount: Int?
    /// Makes the record source. `directory`: the output directory, where a source may stage
    /// inputs; `planned`: where the rows of a CSV input are, from a plan.
    var makeSource: (_ directory: OutputDirectory, _ planned: PlannedCSVRows?) throws(TFRecordError) -> any RecordSource
    /// The manifest of `records` records in `shards`, `rejected` left out (features, sources, seed).
    var manifest: (_ records: Int, _ shards: [ShardInfo], _ rejected: [TFRecordError]) throws(TFRecordError) -> Manifest
    /// The side files of a finished run, given the bad rows it left out.
    var sideFiles: (_ rejected: [TFRecordError]) -> [(name: String, contents: [UInt8])] = { _ in [] }
    /// Where TFDS metadata takes the label's classes from (``ShardOutputOptions/tfds``);
    /// `nil` for records without a label.
    var label: TFDSLabel?
    /// Notes before and after the resumption note, for the summary.
    var notes: [String] = []
    var closingNotes: [String] = []
    /// The summary's engine and input names.
    var engine: String
    var inputName = "CSV"
    /// What one record is made from, and where what was left out is listed, for the summary.
    var recordUnit = "row"
    var rejectedFileName = "rejected.txt"
    /// Input bytes read before the records (CSV headers), added to the summary's count.
    var headerBytes = 0

    /// Converts every record into the shards of `output` on this machine and commits them
    /// with the side files and the manifest.
    ///
    /// - Throws: ``TFRecordError``: what the source, the output or the runner throw.
    func run(output options: ShardOutputOptions, threads: Int, cancellation: CancellationFlag,
             progress: (@Sendable (ConversionProgress) -> Void)?) throws(TFRecordError) -> ConversionSummary
    {
        let started = ContinuousClock.now
        // The output first: a directory that cannot take the shards fails before the input is read.
        let output = try ShardedOutput(
            // An earlier plan's file goes with the shards it described.
            options: options, sideFiles: sideFileNames + [ConversionPlan.fileName], totalRecords: recordCount, inputs: inputs,
            fingerprint: fingerprint, cancellation: cancellation)
        let source = try makeSource(output.directory, nil)
        let run = try ConversionRunner(output: output, threads: threads, cancellation: cancellation, progress: progress)
            .run(source)
        // After the run: a positional run keeps any intact shard, not only the first ones.
        let allNotes = notes + output.notes + closingNotes
        let written = try output.commit(sideFiles: sideFiles(run.rejected), label: label) { (shards) throws(TFRecordError) in
            try manifest(run.records, shards, run.rejected)
        }
        var summary = ConversionSummary(
            rows: run.records, shards: written, inputBytes: run.inputBytes + headerBytes, outputBytes: output.byteCount,
            seconds: seconds(since: started), engine: engine, threads: threads, rejectedRows: run.rejected.count,
            notes: allNotes)
        summary.inputName = inputName
        summary.recordUnit = recordUnit
        summary.rejectedFileName = rejectedFileName
        return summary
    }
}
