import Foundation
import TFRecord
import TFRecordShards
import TFRecordSources

/// `plan.json`: a conversion cut into shards that any number of tasks, on any machines that
/// share the output directory, write independently (`tfrec convert --plan`), and that
/// `tfrec finalize` then checks and describes in `manifest.json`.
///
/// It holds the inputs' identity (paths, sizes, modification times), the options (as the
/// command that made the plan, and as a fingerprint of every output-shaping setting), and
/// the shard table: each shard's final name, records, and for CSV where its first row starts.
/// Its ``id`` is the SHA-256 of its canonical JSON (sorted keys, the id left empty): receipts
/// name it, so shards of another plan are never mistaken for this one's.
///
/// Invariant: shard k's bytes are a function of the inputs, the options and k alone, so
/// the union of the tasks' shards equals a one-machine run's, whatever the task count.
public struct ConversionPlan: Codable, Sendable, Equatable {
    /// The plan's file name in the output directory.
    public static let fileName = "plan.json"
    /// Plans list their input files one by one up to this many; beyond, a digest stands for them.
    static let listedInputs = 1000

    public var format = "swift-tfrecord plan"
    public var version = 1
    /// The version of tfrec that made it; a task of another version refuses it (the bytes
    /// of a shard may differ between versions).
    public var tfrec: String
    /// SHA-256 of the canonical form.
    public var id = ""
    /// The command that made the plan, as its maker records it (the CLI: the arguments of
    /// `tfrec convert`), and the directory it ran in; tasks read their options from it.
    public var command: [String]
    public var workingDirectory: String
    /// SHA-256 of every setting that shapes the output.
    public var fingerprint: String
    /// The input files (up to ``listedInputs``), and a digest of all of them.
    public var inputs: [InputIdentity]
    public var inputCount: Int
    public var inputsDigest: String
    /// The size of all input files together (`nil` in plans made before it was recorded).
    public var inputBytes: Int?
    /// For CSV in input order: every file's rows and data bytes.
    public var csvFiles: [CSVFileExtent]?
    /// The number of records.
    public var records: Int
    /// The shard table.
    public var shards: [PlannedShard]
    /// The manifest that `finalize` writes, without its shards.
    public var manifest: Manifest
    /// Small files written beside the shards by `finalize` (e.g. `labels.txt`).
    public var sideFiles: [SideFile]

    /// A side file's name and text.
    public struct SideFile: Codable, Sendable, Equatable {
        public var name: String
        public var contents: String
    }

    /// One CSV file's rows, as the plan's scan found them.
    public typealias CSVFileExtent = TFRecordSources.CSVFileExtent

    /// The SHA-256 of the plan's canonical JSON with ``id`` empty.
    public var computedID: String {
        var plan = self
        plan.id = ""
        let digest = SHA256Digest()
        Array((try? Self.encode(plan, pretty: false)) ?? Data()).withUnsafeBytes { digest.update($0) }
        return digest.finalizeHex()
    }

    /// Writes the plan into `directory` atomically (pretty, sorted keys).
    ///
    /// - Throws: ``TFRecordError`` `.io`.
    public func write(to directory: OutputDirectory) throws(TFRecordError) {
        let data: Data
        do { data = try Self.encode(self, pretty: true) } catch {
            throw TFRecordError(.io, "cannot encode the plan: \(error)")
        }
        try directory.writeAtomically(name: Self.fileName, contents: Array(data) + [UInt8(ascii: "\n")])
    }

    /// Reads and checks the plan at `path`: it parses, it was made by this version of
    /// tfrec, and its id matches its content.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` (missing, not a plan, edited), `.usage`
    ///   (another version of tfrec).
    public static func read(from path: String) throws(TFRecordError) -> ConversionPlan {
        let location = SourceLocation(path: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TFRecordError(.badInput, "cannot read the plan (no such file?)", at: location)
        }
        let plan: ConversionPlan
        do { plan = try JSONDecoder().decode(ConversionPlan.self, from: data) } catch {
            throw TFRecordError(.badInput, "not a tfrec plan (\(error))", at: location)
        }
        guard plan.format == "swift-tfrecord plan", plan.version == 1 else {
            throw TFRecordError(.badInput, "not a version 1 tfrec plan (format \"\(plan.format)\", version \(plan.version))",
                                at: location)
        }
        guard plan.tfrec == TFRecordVersion.current else {
            throw TFRecordError(.usage, "the plan was made by tfrec \(plan.tfrec); this is tfrec \(TFRecordVersion.current), "
                                + "whose shards may differ: plan again with this version", at: location)
        }
        guard plan.id == plan.computedID else {
            throw TFRecordError(.badInput, "the plan was edited after it was made (its id does not match its content)",
                                at: location)
        }
        return plan
    }

    /// The shards of task `task` of `count`: shards ⌊task·S/count⌋ up to
    /// ⌊(task+1)·S/count⌋ − 1 of the S shards, so that every shard has one task and the
    /// tasks' shares differ by at most one shard.
    ///
    /// - Precondition: `0 <= task < count`.
    public func shards(ofTask task: Int, count: Int) -> Range<Int> {
        precondition(0 <= task && task < count)
        let total = shards.count
        return (task * total / count)..<((task + 1) * total / count)
    }

    /// The task of `count` that owns shard `shard` (the inverse of ``shards(ofTask:count:)``).
    public func task(owning shard: Int, count: Int) -> Int {
        // The largest t with ⌊t·S/count⌋ <= shard.
        var task = min(count - 1, (shard * count) / max(1, shards.count))
        while task + 1 < count && shards(ofTask: task + 1, count: count).lowerBound <= shard { task += 1 }
        while task > 0 && shards(ofTask: task, count: count).lowerBound > shard { task -= 1 }
        return task
    }

    /// Where the rows of the plan's CSV input are, for its tasks' sources.
    var csvRows: PlannedCSVRows? {
        guard let csvFiles else { return nil }
        var starts: [CSVRowCheckpoints.Position] = []
        for shard in shards {
            guard let start = shard.start else { return nil }
            starts.append(.init(row: shard.firstRecord, input: start.file, offset: start.offset, line: start.line))
        }
        return PlannedCSVRows(
            files: csvFiles, starts: starts)
    }

    private static func encode(_ plan: ConversionPlan, pretty: Bool) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys]
        return try encoder.encode(plan)
    }
}
