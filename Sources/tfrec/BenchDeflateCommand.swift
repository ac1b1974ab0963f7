import ArgumentParser
import TFRecord

/// Hidden: GZIP/ZLIB compression throughput of shard bytes by thread count, for scripts/bench.
struct BenchDeflateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-deflate",
        abstract: "Print the compression throughput (MB/s of uncompressed input) and the ratio of the given files' bytes.",
        shouldDisplay: false
    )

    @Argument(help: "Files whose bytes, concatenated, are compressed (e.g. plain shards).")
    var files: [String]

    @Option(help: "gzip or zlib.")
    var compression = RecordCompression.gzip

    @Option(help: "The zlib compression level.")
    var compressionLevel = RecordCompression.defaultLevel

    @Option(help: "Compression thread counts to measure, comma-separated.")
    var threads = "1,2"

    @Option(help: "Timings per thread count; the best is printed.")
    var repeats = 3

    func validate() throws {
        if compression == .none { throw ValidationError("--compression must be gzip or zlib.") }
        if files.isEmpty { throw ValidationError("Name at least one file.") }
    }

    func run() throws {
        try reportingErrors {
            var data: [UInt8] = []
            for path in files {
                let file = try InputFile(path: path)
                var bytes = [UInt8](repeating: 0, count: file.size)
                let n = try rethrowingTFRecordError {
                    try bytes.withUnsafeMutableBytes { (raw) in try file.readFully(into: raw) }
                }
                data += bytes[..<n]
            }
            for count in threads.split(separator: ",").compactMap({ Int($0) }) {
                let result = try DeflateThroughput.measure(data, format: compression, level: compressionLevel, threads: count,
                                                           repeats: repeats)
                print("\(count)\t\(result.megabytesPerSecond)\t\(Double(data.count) / Double(max(1, result.compressedBytes)))")
            }
        }
    }
}
