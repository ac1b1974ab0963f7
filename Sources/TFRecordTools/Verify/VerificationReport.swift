import TFRecord
import TFRecordShards

/// The result of verifying a set of record files (and the manifests of their directories).
public struct VerificationReport: Sendable {
    /// One entry per file checked, in order.
    public var shards: [ShardCheck]
    /// Problems that belong to no single file: a shard listed in a manifest but missing, or
    /// a file in the directory that the manifest does not list.
    public var datasetProblems: [TFRecordError]
    /// Files not checked because the error limit was reached before them.
    public var uncheckedFiles: [String] = []
    /// Whether checking stopped because the error limit was reached.
    public var stoppedAtErrorLimit = false

    /// Creates a report.
    public init(shards: [ShardCheck] = [], datasetProblems: [TFRecordError] = []) {
        self.shards = shards
        self.datasetProblems = datasetProblems
    }

    /// Whether everything verified.
    public var isValid: Bool { datasetProblems.isEmpty && shards.allSatisfy { $0.problems.isEmpty } }
    /// Records that verified, in all files.
    public var records: Int { shards.reduce(0) { $0 + $1.records } }
    /// Bytes read, in all files.
    public var bytes: Int { shards.reduce(0) { $0 + $1.bytes } }
    /// Every problem: those of the files in file order, then those of the dataset.
    public var problems: [TFRecordError] { shards.flatMap(\.problems) + datasetProblems }
    /// How many problems were found.
    public var problemCount: Int { shards.reduce(datasetProblems.count) { $0 + $1.problems.count } }
    /// The first problem, in file order.
    public var firstProblem: TFRecordError? { shards.lazy.compactMap(\.problem).first ?? datasetProblems.first }
}

extension ShardVerifier {
    /// Verifies the files and directories in `paths` (see ``ShardFileList``); a directory
    /// with a `manifest.json` is also checked against it.
    ///
    /// Every problem is reported, each damaged record with its location, and every file is
    /// read to its end, unless `maxErrors` problems are found first: checking then stops
    /// and the report lists the files not checked.
    ///
    /// - Parameter maxErrors: stop after this many problems (`nil`: no limit).
    /// - Throws: ``TFRecordError`` only when the paths themselves cannot be listed; problems
    ///   in the files are in the report.
    public func verify(paths: [String], maxErrors: Int? = nil) throws(TFRecordError) -> VerificationReport {
        let limit = maxErrors ?? .max
        precondition(limit > 0, "maxErrors must be at least 1")
        var report = VerificationReport()
        func addDatasetProblem(_ problem: TFRecordError) {
            if report.problemCount < limit { report.datasetProblems.append(problem) }
        }
        for path in paths {
            let files = try ShardFileList.resolve([path], template: template)
            let manifest = files.count == 1 && files[0] == path ? nil : try Manifest.read(fromDirectory: path)
            var entries: [String: ShardInfo] = [:]
            for shard in manifest?.shards ?? [] { entries[shard.name] = shard }
            for file in files {
                let name = String(file.split(separator: "/").last ?? Substring(file))
                if manifest != nil && entries[name] == nil && report.problemCount < limit {
                    addDatasetProblem(
                        TFRecordError(.badInput, "not listed in \(Manifest.fileName)", at: SourceLocation(path: file)))
                }
                guard report.problemCount < limit else {
                    report.uncheckedFiles.append(file)
                    continue
                }
                let budget = limit - report.problemCount
                report.shards.append(check(path: file, manifestEntry: entries[name], maxProblems: budget))
            }
            let present = Set(files.map { String($0.split(separator: "/").last ?? Substring($0)) })
            for shard in manifest?.shards ?? [] where !present.contains(shard.name) {
                addDatasetProblem(TFRecordError(.badInput, "listed in \(Manifest.fileName) but missing",
                                                at: SourceLocation(path: OutputDirectory.join(path, shard.name))))
            }
        }
        report.stoppedAtErrorLimit = report.problemCount >= limit
        return report
    }
}
