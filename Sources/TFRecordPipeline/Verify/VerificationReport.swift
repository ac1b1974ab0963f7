import TFRecord

/// The result of verifying a set of record files (and the manifests of their directories).
public struct VerificationReport: Sendable {
    /// One entry per file, in order.
    public var shards: [ShardCheck]
    /// Problems that belong to no single file: a shard listed in a manifest but missing, or
    /// a file in the directory that the manifest does not list.
    public var datasetProblems: [TFRecordError]

    /// Whether everything verified.
    public var isValid: Bool { datasetProblems.isEmpty && shards.allSatisfy { $0.problem == nil } }
    /// Records that verified, in all files.
    public var records: Int { shards.reduce(0) { $0 + $1.records } }
    /// Bytes read, in all files.
    public var bytes: Int { shards.reduce(0) { $0 + $1.bytes } }
    /// The first problem, in file order.
    public var firstProblem: TFRecordError? { shards.lazy.compactMap(\.problem).first ?? datasetProblems.first }
}

extension ShardVerifier {
    /// Verifies the files and directories in `paths` (see ``ShardFileList``); a directory
    /// with a `manifest.json` is also checked against it.
    ///
    /// - Throws: ``TFRecordError`` only when the paths themselves cannot be listed; problems
    ///   in the files are in the report.
    public func verify(paths: [String]) throws(TFRecordError) -> VerificationReport {
        var report = VerificationReport(shards: [], datasetProblems: [])
        for path in paths {
            let files = try ShardFileList.resolve([path], template: template)
            let manifest = files.count == 1 && files[0] == path ? nil : try Manifest.read(fromDirectory: path)
            var entries: [String: ShardInfo] = [:]
            for shard in manifest?.shards ?? [] { entries[shard.name] = shard }
            for file in files {
                let name = String(file.split(separator: "/").last ?? Substring(file))
                if manifest != nil && entries[name] == nil {
                    report.datasetProblems.append(
                        TFRecordError(.badInput, "not listed in \(Manifest.fileName)", at: SourceLocation(path: file)))
                }
                report.shards.append(check(path: file, manifestEntry: entries[name]))
            }
            let present = Set(files.map { String($0.split(separator: "/").last ?? Substring($0)) })
            for shard in manifest?.shards ?? [] where !present.contains(shard.name) {
                report.datasetProblems.append(
                    TFRecordError(.badInput, "listed in \(Manifest.fileName) but missing",
                                  at: SourceLocation(path: OutputDirectory.join(path, shard.name))))
            }
        }
        return report
    }
}

extension OutputDirectory {
    /// `directory/name`.
    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
