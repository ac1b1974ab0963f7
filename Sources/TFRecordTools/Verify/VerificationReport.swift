import Foundation
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
    /// Files are checked in parallel, on up to `threads` threads; the report is the same for
    /// any number of threads, in file order, including where `maxErrors` stops it.
    ///
    /// - Parameters:
    ///   - maxErrors: stop after this many problems (`nil`: no limit).
    ///   - threads: how many files to check at a time.
    /// - Throws: ``TFRecordError`` only when the paths themselves cannot be listed; problems
    ///   in the files are in the report.
    public func verify(paths: [String], maxErrors: Int? = nil, threads: Int = 1,
                       progress: (@Sendable (WorkProgress) -> Void)? = nil) throws(TFRecordError)
        -> VerificationReport
    {
        let limit = maxErrors ?? .max
        precondition(limit > 0, "maxErrors must be at least 1")
        precondition(threads > 0, "threads must be at least 1")
        // Listing every path before any file is read changes nothing that is reported: an
        // error listing a path is thrown either way, and a thrown error is the whole result.
        let groups = try paths.map { (path) throws(TFRecordError) in try FileGroup(path: path, template: template) }
        let jobs = groups.flatMap { group in group.files.map { (path: $0, entry: group.entry(for: $0)) } }
        let meter = progress.map { ProgressMeter(totalBytes: ShardFileList.totalSize(of: jobs.map(\.path)), report: $0) }
        let checked = ParallelChecks(jobs: jobs, limit: limit, threads: threads, verifier: self, meter: meter)

        // The report is assembled in file order, exactly as a sequential check would build
        // it; each file's problem budget depends on the files before it.
        var report = VerificationReport()
        func addDatasetProblem(_ problem: TFRecordError) {
            if report.problemCount < limit { report.datasetProblems.append(problem) }
        }
        var job = 0
        for group in groups {
            for file in group.files {
                defer { job += 1 }
                if group.manifest != nil && group.entry(for: file) == nil && report.problemCount < limit {
                    addDatasetProblem(
                        TFRecordError(.badInput, "not listed in \(Manifest.fileName)", at: SourceLocation(path: file)))
                }
                guard report.problemCount < limit else {
                    report.uncheckedFiles.append(file)
                    continue
                }
                let budget = limit - report.problemCount
                report.shards.append(checked.result(job, maxProblems: budget))
            }
            let present = Set(group.files.map(ShardVerifier.fileName))
            for shard in group.manifest?.shards ?? [] where !present.contains(shard.name) {
                addDatasetProblem(TFRecordError(.badInput, "listed in \(Manifest.fileName) but missing",
                                                at: SourceLocation(path: OutputDirectory.join(group.path, shard.name))))
            }
        }
        report.stoppedAtErrorLimit = report.problemCount >= limit
        return report
    }

    /// The last component of a path.
    fileprivate static func fileName(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }
}

/// The files one path argument names, and the manifest beside them.
private struct FileGroup {
    var path: String
    var files: [String]
    var manifest: Manifest?
    private var entries: [String: ShardInfo] = [:]

    init(path: String, template: ShardNameTemplate) throws(TFRecordError) {
        self.path = path
        files = try ShardFileList.resolve([path], template: template)
        manifest = files.count == 1 && files[0] == path ? nil : try Manifest.read(fromDirectory: path)
        for shard in manifest?.shards ?? [] { entries[shard.name] = shard }
    }

    /// What the manifest says about `file`.
    func entry(for file: String) -> ShardInfo? { entries[ShardVerifier.fileName(file)] }
}

/// Checks files on several threads, ahead of the report that takes their results in order.
///
/// Each file is checked with the whole problem limit as its budget. The report gives a file
/// what is left of the limit after the files before it; when the file has fewer problems
/// than that, the check with the smaller budget would have gone exactly the same way (a
/// check only stops early on reaching its budget), and the result is used as it is. Else the
/// file is checked again with its budget, which happens at most once per report: the limit
/// is then reached.
private final class ParallelChecks: @unchecked Sendable {
    private let jobs: [(path: String, entry: ShardInfo?)]
    private let limit: Int
    private let verifier: ShardVerifier
    private let meter: ProgressMeter?
    // Guarded by `lock`.
    private let lock = NSLock()
    private var results: [ShardCheck?]
    private var nextJob = 0
    /// The jobs `0 ..< done` all have results; between them they found `doneProblems` problems.
    private var done = 0
    private var doneProblems = 0

    /// Checks all `jobs` before returning, except those after the first files whose problems
    /// alone reach `limit`: the report checks none of those.
    init(jobs: [(path: String, entry: ShardInfo?)], limit: Int, threads: Int, verifier: ShardVerifier,
         meter: ProgressMeter?) {
        self.jobs = jobs
        self.limit = limit
        self.verifier = verifier
        self.meter = meter
        self.results = Array(repeating: nil, count: jobs.count)
        let workers = min(threads, jobs.count)
        if workers <= 1 {
            work()
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in work() }
        }
    }

    /// Takes jobs in file order until none is left or the limit is reached.
    private func work() {
        while let job = claim() {
            let check = verifier.check(path: jobs[job].path, manifestEntry: jobs[job].entry, maxProblems: limit,
                                       meter: meter)
            lock.withLock {
                results[job] = check
                while done < jobs.count, let result = results[done] {
                    doneProblems += result.problems.count
                    done += 1
                }
            }
        }
    }

    private func claim() -> Int? {
        lock.withLock {
            // Problems of earlier files only add up: the files after them are not checked.
            guard nextJob < jobs.count, doneProblems < limit else { return nil }
            defer { nextJob += 1 }
            return nextJob
        }
    }

    /// The check of job `index` with a budget of `maxProblems`.
    func result(_ index: Int, maxProblems: Int) -> ShardCheck {
        if let check = results[index], check.problems.count < maxProblems { return check }
        return verifier.check(path: jobs[index].path, manifestEntry: jobs[index].entry, maxProblems: maxProblems)
    }
}

