import Foundation
import TFRecord

extension OutputDirectory {
    /// Writes `value` as compact JSON with sorted keys under `name`, atomically
    /// (``writeAtomically(name:contents:)``), then syncs the directory, so that the file
    /// survives a crash as well as a kill: for the small records of the run's progress
    /// (the resume journal, shard receipts).
    ///
    /// - Parameters:
    ///   - value: what to write.
    ///   - name: the file name in the directory.
    ///   - what: what the file is, for the error (`the resume journal`).
    /// - Throws: ``TFRecord/TFRecordError`` `.io`.
    package func writeJSON<Value: Encodable>(_ value: Value, name: String, describing what: String)
        throws(TFRecordError)
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do { data = try encoder.encode(value) } catch {
            throw TFRecordError(.io, "cannot encode \(what): \(error)")
        }
        try writeAtomically(name: name, contents: Array(data))
        try sync()
    }
}
