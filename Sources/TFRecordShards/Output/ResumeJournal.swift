import Foundation
import TFRecord

/// `.tfrec-resume.json`: the complete shards of a conversion that has not committed yet,
/// rewritten atomically each time a shard is complete, so that `--resume` can keep them
/// after an interruption or a kill.
///
/// The fingerprint ties the parts to the input (paths, sizes, modification times, inodes)
/// and to every option that shapes the output; a rerun with anything different starts
/// over instead of mixing two conversions.
struct ResumeJournal: Codable, Equatable {
    /// The journal's file name in the output directory (hidden; removed at commit).
    static let fileName = ".tfrec-resume.json"

    var format = "swift-tfrecord resume journal"
    var version = 1
    /// SHA-256 of the input identity and the output-shaping options.
    var fingerprint: String
    /// The complete parts, in shard order (a positional conversion completes them in any
    /// order, so there may be gaps).
    var parts: [ShardWriter.Part]

    /// Writes the journal into `directory` atomically and syncs the directory, so that a
    /// part the journal lists survives a crash as well as a kill.
    func write(to directory: OutputDirectory) throws(TFRecordError) {
        try directory.writeJSON(self, name: Self.fileName, describing: "the resume journal")
    }

    /// The journal in `directory`; `nil` if there is none or it does not parse (it is
    /// written atomically, so that means a foreign file, and resuming from it is unsafe).
    static func read(from directory: OutputDirectory) -> ResumeJournal? {
        guard let data = FileManager.default.contents(atPath: directory.file(fileName)) else { return nil }
        return try? JSONDecoder().decode(ResumeJournal.self, from: data)
    }

    /// A fingerprint of `inputs` (their identity on disk) and `options` (a description of
    /// every setting that shapes the output).
    static func fingerprint(inputs: [String], options: String) -> String {
        let digest = SHA256Digest()
        for line in [options + "\n"] + identities(of: inputs) {
            var line = line
            line.withUTF8 { digest.update(UnsafeRawBufferPointer($0)) }
        }
        return digest.finalizeHex()
    }

    /// One line per input, in order: path, size, modification time and inode. An image
    /// folder has an input per image (a million for ImageNet), so large lists are split
    /// over every core: the `stat`s were the longest step before the first shard started.
    static func identities(of inputs: [String]) -> [String] {
        @Sendable func identity(_ path: String) -> String {
            var info = stat()
            guard stat(path, &info) == 0 else { return "\(path)\tmissing\n" }
            return "\(path)\t\(info.st_size)\t\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)\t\(info.st_ino)\n"
        }
        let parts = min(ProcessInfo.processInfo.activeProcessorCount, inputs.count / 512)
        guard parts > 1 else { return inputs.map(identity) }
        var lines = [String](repeating: "", count: inputs.count)
        lines.withUnsafeMutableBufferPointer { buffer in
            // Each part writes its own range of the buffer, which outlives the loop.
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                for index in (inputs.count * part / parts)..<(inputs.count * (part + 1) / parts) {
                    out[index] = identity(inputs[index])
                }
            }
        }
        return lines
    }
}

extension ResumeJournal {
    /// The ``parts`` whose files are intact, by shard index: the size matches and the
    /// SHA-256 matches (or, for runs without digests, every record's CRCs verify and the
    /// count matches). A resumed run keeps these and rewrites the rest.
    ///
    /// - Complexity: reads every listed part once.
    func intactParts(in directory: OutputDirectory) -> [Int: ShardWriter.Part] {
        var kept: [Int: ShardWriter.Part] = [:]
        for part in parts {
            guard let shard = part.shard, Self.isIntact(part, path: directory.file(part.file)) else { continue }
            kept[shard] = part
        }
        return kept
    }

    private static func isIntact(_ part: ShardWriter.Part, path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, Int(info.st_size) == part.bytes else { return false }
        if let index = part.index {
            let slash = path.lastIndex(of: "/").map { path[...$0] } ?? ""
            guard stat(slash + index, &info) == 0 else { return false }
        }
        if let expected = part.sha256 {
            return (try? SHA256Digest.hex(ofFile: path)) == expected
        }
        do {
            let reader = try RecordReader(path: path)
            var records = 0
            while try reader.nextRecord({ _ in true }) != nil { records += 1 }
            return records == part.records
        } catch {
            return false
        }
    }
}
