import Foundation
import TFRecord
import TFRecordSources
import TFRecordTransform

/// Runs every `tfrec bench` measurement and gathers them into a ``BenchReport``.
struct BenchRunner {
    var sizes: BenchSizes
    var quick: Bool
    /// Threads of the seed job and the most deflate threads.
    var threads: Int
    /// The parent of the scratch directory (`$TMPDIR`, else /tmp).
    var temporaryDirectory: String
    /// Called before each stage with its name, for a progress line.
    var announce: (String) -> Void = { _ in }

    /// Measures everything.
    ///
    /// - Returns: the report, and lines about engines that could not be measured.
    /// - Throws: ``TFRecordError`` if a stage fails (the scratch directory is removed).
    func run() throws(TFRecordError) -> (report: BenchReport, failures: [String]) {
        let started = ContinuousClock.now
        let discovery = OpenCLDevices.discover()
        let machine = BenchReport.Machine(
            cores: ProcessInfo.processInfo.activeProcessorCount, cpu: Self.cpuModel(),
            cpuEngines: CSVInstructionSet.available.map(\.rawValue),
            crc32cEngines: CRC32C.Variant.available.map(CRC32CThroughput.engine),
            transformSIMD: PixelTransform.simdVariant,
            openCLDevices: discovery.devices.map {
                BenchReport.Device(
                    index: $0.index, name: $0.name, kind: $0.kind.rawValue, platform: $0.platformName, usable: $0.isUsable)
            },
            openCLProblem: discovery.problem)

        let scratch = try Self.makeScratchDirectory(in: temporaryDirectory)
        defer { try? FileManager.default.removeItem(atPath: scratch) }

        announce("seed job")
        let seed = SeedJobBenchmark(directory: scratch, rows: sizes.seedRows, runs: sizes.seedRuns, threads: threads)
        let (job, shards) = try seed.run()

        var stages: [StageBenchmark] = []
        var failures: [String] = []
        announce(StageBenchmark.Stage.csvParse.title)
        stages += try CSVParseThroughput.measure(
            CSVParseThroughput.text(rows: sizes.csvRows), rows: sizes.csvRows, timing: sizes.timing)

        announce(StageBenchmark.Stage.crc32c.title)
        let digestInput = (0..<sizes.digestBytes).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ ($0 >> 9)) }
        stages += CRC32CThroughput.measure(digestInput, timing: sizes.timing)

        announce(StageBenchmark.Stage.pixelTransform.title)
        let transform = TransformThroughput.measure(
            images: sizes.transformImages, devices: discovery.devices, timing: sizes.timing)
        stages += transform.results
        failures += transform.failures

        announce(StageBenchmark.Stage.jpegEncode.title)
        stages.append(
            try JPEGEncodingBenchmark.measure(
                pixels: JPEGEncodingBenchmark.pixels(count: sizes.jpegImages), timing: sizes.timing))

        announce(StageBenchmark.Stage.deflate.title)
        let shardBytes = try Self.prefix(of: shards, bytes: sizes.deflateBytes)
        for count in Set([1, threads]).sorted() {
            stages.append(try DeflateThroughput.measure(shardBytes, threads: count, timing: sizes.timing).result)
        }

        announce(StageBenchmark.Stage.sha256.title)
        stages.append(SHA256Throughput.measure(digestInput, timing: sizes.timing))

        var engines: [String] = []
        for stage in stages where !engines.contains(stage.engine) { engines.append(stage.engine) }
        let report = BenchReport(
            version: TFRecordVersion.current, quick: quick, machine: machine, engines: engines, stages: stages,
            seedJob: job, totalSeconds: BestTime.seconds(ContinuousClock.now - started))
        return (report, failures)
    }

    /// The first `bytes` bytes of the shard files in `directory`, in name order.
    private static func prefix(of directory: String, bytes: Int) throws(TFRecordError) -> [UInt8] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".tfrec") }.sorted()
        var data: [UInt8] = []
        for name in names where data.count < bytes {
            let file = try InputFile(path: directory + "/" + name)
            var chunk = [UInt8](repeating: 0, count: min(file.size, bytes - data.count))
            let n = try rethrowingTFRecordError { try chunk.withUnsafeMutableBytes { raw in try file.readFully(into: raw) } }
            data += chunk[..<n]
        }
        guard !data.isEmpty else { throw TFRecordError(.io, "\(directory): the seed job wrote no shard") }
        return data
    }

    /// A new directory `tfrec-bench.XXXXXX` under `parent`.
    private static func makeScratchDirectory(in parent: String) throws(TFRecordError) -> String {
        var template = Array((parent + "/tfrec-bench.XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw .system("mkdtemp", path: parent)
        }
        return String(cString: made)
    }

    /// The CPU's model name from /proc/cpuinfo ("" where there is none).
    private static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") || line.hasPrefix("Model") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return ""
    }
}
