import Foundation
import TFRecord
import TFRecordConversion
import TFRecordSynth

/// The end-to-end job of `scripts/demo` in process: `tfrec synth --rows N --seed 1` converted
/// to shards with the default options on every core, beside its I/O floor (reading the
/// input, then writing and `fsync`ing as many bytes as the shards hold). Runs alternate
/// (conversion, floor, conversion, …), each into a fresh directory under `directory`.
struct SeedJobBenchmark {
    /// A scratch directory of its own (removed by the caller).
    let directory: String
    let rows: Int
    let runs: Int
    let threads: Int

    /// The CSV's path.
    var input: String { directory + "/seed.csv" }

    /// Writes the CSV, then times the conversion and the floor `runs` times each.
    ///
    /// - Returns: the figures and the directory of the last conversion's shards (kept, for
    ///   the deflate stage).
    /// - Throws: ``TFRecordError`` from the conversion or the file system.
    func run() throws(TFRecordError) -> (job: BenchReport.SeedJob, shards: String) {
        try SynthCSVWriter.write(rows: rows, seed: 1, to: input)
        let inputBytes = try InputFile(path: input).size
        var best = Double.infinity
        var bestFloor = Double.infinity
        var summary: ConversionSummary?
        var output = ""
        for run in 0..<max(1, runs) {
            if !output.isEmpty { try? FileManager.default.removeItem(atPath: output) }
            output = directory + "/shards-\(run)"
            var options = CSVConversionOptions(input: input, outputDirectory: output)
            options.threads = threads
            let start = ContinuousClock.now
            let converted = try CSVConversion(options: options).run()
            best = min(best, BestTime.seconds(ContinuousClock.now - start))
            summary = converted
            bestFloor = min(bestFloor, try floor(writing: converted.outputBytes))
        }
        let job = BenchReport.SeedJob(
            rows: summary?.rows ?? 0, inputBytes: inputBytes, outputBytes: summary?.outputBytes ?? 0,
            shards: summary?.shards.count ?? 0, threads: threads, seconds: best, ioFloorSeconds: bestFloor,
            runs: max(1, runs))
        return (job, output)
    }

    /// Seconds to read the input to its end and to write, `fsync` and close `bytes` bytes in
    /// 1 MiB writes, as the conversion must at the least.
    private func floor(writing bytes: Int) throws(TFRecordError) -> Double {
        let path = directory + "/floor.bin"
        var buffer = [UInt8](repeating: 0x5A, count: 1 << 20)
        let start = ContinuousClock.now
        let file = try InputFile(path: input)
        try rethrowingTFRecordError {
            try buffer.withUnsafeMutableBytes { raw in
                while try file.read(into: raw) > 0 {}
            }
        }
        let out = try OutputFile(creating: path)
        var left = bytes
        while left > 0 {
            let n = min(left, buffer.count)
            try rethrowingTFRecordError { try buffer.withUnsafeBytes { raw in try out.write(UnsafeRawBufferPointer(rebasing: raw[..<n])) } }
            left -= n
        }
        try out.sync()
        try out.close()
        let seconds = BestTime.seconds(ContinuousClock.now - start)
        unlink(path)
        return seconds
    }
}
