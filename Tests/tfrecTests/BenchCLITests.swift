import Foundation
import TFRecordImages
import Testing

@testable import tfrec

/// `tfrec bench`: the JSON report covers every stage and every engine the machine reports,
/// `--plot` writes a decodable chart, and the OpenCL loader is optional. Speeds are not
/// asserted (they depend on the machine and its load).
@Suite struct BenchCLITests {
    /// Runs `tfrec` with extra environment variables.
    static func tfrec(_ arguments: [String], environment: [String: String] = [:]) throws -> TFRecCLITests.Run {
        try TFRecCLITests.tfrec(arguments: arguments, environment: environment)
    }

    /// The CSV engines the kernel says this CPU has (/proc/cpuinfo flags), as tfrec names them.
    static func cpuEnginesFromProcCPUInfo() throws -> [String] {
        let text = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flagsLine = text.split(separator: "\n").first { $0.hasPrefix("flags") || $0.hasPrefix("Features") } ?? ""
        let flags = Set(flagsLine.split(separator: ":").last?.split(separator: " ").map(String.init) ?? [])
        var engines = ["scalar"]
        if flags.contains("sse4_1") { engines.append("sse4.1") }
        if flags.contains("avx2") { engines.append("avx2") }
        if flags.contains("asimd") { engines.append("neon") }
        return engines
    }

    /// The usable devices `tfrec devices` lists, as "P:D".
    static func usableDevices(environment: [String: String] = [:]) throws -> [String] {
        let run = try tfrec(["devices"], environment: environment)
        #expect(run.status == 0)
        return run.stdout.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = fields.first, first.contains(":"), first.allSatisfy({ $0.isNumber || $0 == ":" }),
                !line.contains("(unavailable)")
            else { return nil }
            return String(first)
        }
    }

    @Test func quickJSONHasEveryStageAndEngineAndThePlotDecodes() throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plot = dir + "/bench.png"
        let run = try Self.tfrec(["bench", "--json", "--quick", "--plot", plot], environment: ["TMPDIR": dir])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONDecoder().decode(BenchReport.self, from: Data(run.stdout.utf8))
        #expect(report.quick)

        // Every stage, each with at least one measurement of a positive speed.
        for stage in StageBenchmark.Stage.allCases {
            let results = report.stages.filter { $0.stage == stage }
            #expect(!results.isEmpty, "no \(stage.rawValue) in the report")
            #expect(results.allSatisfy { $0.value > 0 && $0.seconds > 0 && $0.bytes > 0 && $0.runs == 1 })
        }
        // The CSV parser on every instruction set the CPU reports.
        let cpuEngines = try Self.cpuEnginesFromProcCPUInfo()
        #expect(report.machine.cpuEngines == cpuEngines)
        #expect(report.stages.filter { $0.stage == .csvParse }.map(\.engine) == cpuEngines)
        // CRC32C: the tables and, on x86-64 with SSE4.2, the instructions.
        let crc = report.stages.filter { $0.stage == .crc32c }.map(\.engine)
        #expect(crc.first == "scalar")
        #expect(crc == report.machine.crc32cEngines)
        // The pixel transform on scalar, SIMD and every usable device of `tfrec devices`.
        let transform = report.stages.filter { $0.stage == .pixelTransform }.map(\.engine)
        let devices = try Self.usableDevices()
        #expect(transform == ["scalar", report.machine.transformSIMD == "avx2" ? "avx2" : "simd"] + devices.map { "opencl \($0)" })
        #expect(report.machine.openCLDevices.filter(\.usable).map(\.index) == devices)
        for engine in cpuEngines + devices.map({ "opencl \($0)" }) {
            #expect(report.engines.contains(engine), "engines lack \(engine)")
        }
        // Deflate on one thread and on every core.
        #expect(report.stages.filter { $0.stage == .deflate }.count == (report.machine.cores > 1 ? 2 : 1))
        // The seed job, scaled down, beside its floor.
        #expect(report.seedJob.rows == 200)
        #expect(report.seedJob.shards == 1)
        #expect(report.seedJob.outputBytes > report.seedJob.rows * 6272)
        #expect(report.seedJob.seconds > 0 && report.seedJob.ioFloorSeconds > 0)
        // The scratch directory is gone.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0 != "bench.png" }
        #expect(left.isEmpty, "left behind: \(left)")

        // The chart: a PNG of the size its layout gives for this report.
        let png = try Data(contentsOf: URL(fileURLWithPath: plot))
        let image = try png.withUnsafeBytes { try PNGDecoder().decode($0) }
        let size = BenchPlot.size(of: report)
        #expect(image.width == size.width && image.height == size.height)
        #expect(image.height > 2 * BenchPlot.margin + 7 * BenchPlot.headingHeight)
        #expect(Set(stride(from: 0, to: image.pixels.count, by: 3).map { image.pixels[$0] }).count > 3)
    }

    @Test func quickTableNamesEveryStage() throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try Self.tfrec(["bench", "--quick"], environment: ["TMPDIR": dir])
        #expect(run.status == 0, "\(run.stderr)")
        for title in StageBenchmark.Stage.allCases.map(\.title) + ["seed job: 200 rows", "I/O floor:", "GB/s", "items/s"] {
            #expect(run.stdout.contains(title), "the table lacks \(title)")
        }
    }

    @Test func theOldHiddenCommandsAreGoneAndOptionsAreChecked() throws {
        for old in ["bench-crc32c", "bench-deflate", "bench-jpeg", "bench-transform"] {
            #expect(try TFRecCLITests.tfrec(old).status != 0)
        }
        let json = try TFRecCLITests.tfrec("bench", "--transform-batches", "256", "--json")
        #expect(json.status == 2)
        let batches = try TFRecCLITests.tfrec("bench", "--transform-batches", "0,x")
        #expect(batches.status == 2)
        #expect(try TFRecCLITests.tfrec("bench", "--threads", "0").status == 2)
    }

    @Test func transformSweepPrintsEveryEngineAndBatch() throws {
        let run = try TFRecCLITests.tfrec("bench", "--transform-batches", "16,64")
        #expect(run.status == 0, "\(run.stderr)")
        for engine in ["scalar", "simd"] {
            #expect(run.stdout.split(separator: "\n").filter { $0.hasPrefix(engine + " ") }.count == 2)
        }
        #expect(run.stdout.contains("results bit-identical across engines: yes"))
    }

    /// Without the OpenCL ICD loader tfrec runs on the CPU and says why there is no device.
    @Test func withoutTheOpenCLLoaderTheCPUEnginesRun() throws {
        let dir = TFRecCLITests.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hidden = ["TFREC_OPENCL_LIBRARY": "/nonexistent/libOpenCL.so.1", "TMPDIR": dir]
        let devices = try Self.tfrec(["devices"], environment: hidden)
        #expect(devices.status == 0)
        #expect(devices.stdout.contains(
            "no OpenCL platform found (the OpenCL ICD loader /nonexistent/libOpenCL.so.1 cannot be loaded ("))
        #expect(devices.stdout.contains("the CPU engines work without it"))

        #expect(try Self.tfrec(["synth", "-o", dir + "/s.csv", "--rows", "30"], environment: hidden).status == 0)
        let auto = try Self.tfrec(
            ["convert", dir + "/s.csv", "-o", dir + "/auto", "--encoding", "float32", "--normalize", "scale", "--progress", "never"],
            environment: hidden)
        #expect(auto.status == 0, "\(auto.stderr)")
        let opencl = try Self.tfrec(
            ["convert", dir + "/s.csv", "-o", dir + "/cl", "--encoding", "float32", "--normalize", "scale", "--engine", "opencl"],
            environment: hidden)
        #expect(opencl.status == 2)
        #expect(opencl.stderr.contains("cannot be loaded"))

        let bench = try Self.tfrec(["bench", "--json", "--quick"], environment: hidden)
        #expect(bench.status == 0, "\(bench.stderr)")
        let report = try JSONDecoder().decode(BenchReport.self, from: Data(bench.stdout.utf8))
        #expect(report.machine.openCLDevices.isEmpty)
        #expect(report.machine.openCLProblem?.contains("/nonexistent/libOpenCL.so.1") == true)
        #expect(!report.engines.contains { $0.hasPrefix("opencl") })
    }

    /// The JSON of one measurement: field names, the stage and unit spellings, and the value
    /// computed from bytes or items and seconds.
    @Test func stageBenchmarkJSONEncoding() throws {
        let parse = StageBenchmark(
            stage: .csvParse, engine: "avx2", unit: .gigabytesPerSecond, bytes: 4_000_000, items: 2000, seconds: 0.002,
            runs: 7)
        #expect(parse.value == 2.0)
        #expect(parse.formattedValue == "2.00 GB/s")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(parse), as: UTF8.self)
        #expect(
            text == #"{"bytes":4000000,"engine":"avx2","items":2000,"runs":7,"seconds":0.002,"stage":"csv-parse","unit":"GB\/s","value":2}"#)
        #expect(try JSONDecoder().decode(StageBenchmark.self, from: Data(text.utf8)) == parse)

        let jpeg = StageBenchmark(
            stage: .jpegEncode, engine: "libjpeg-turbo", detail: "28x28x1", unit: .itemsPerSecond, bytes: 784_000,
            items: 1000, seconds: 0.5, runs: 1)
        #expect(jpeg.value == 2000)
        #expect(jpeg.formattedValue == "2.00k items/s")
        let object = try JSONSerialization.jsonObject(with: try encoder.encode(jpeg)) as? [String: Any]
        #expect(object?["stage"] as? String == "jpeg-encode")
        #expect(object?["unit"] as? String == "items/s")
        #expect(object?["detail"] as? String == "28x28x1")
        #expect(Set(StageBenchmark.Stage.allCases.map(\.rawValue))
            == ["csv-parse", "crc32c", "pixel-transform", "jpeg-encode", "deflate", "sha-256"])
    }

    @Test func numbersPrintWithThreeSignificantDigits() {
        #expect(BenchNumber.significant(12.345, 3) == "12.3")
        #expect(BenchNumber.significant(0.04567, 3) == "0.046")
        #expect(BenchNumber.significant(1520.4, 3) == "1520")
        #expect(BenchNumber.scaled(48_123) == "48.1k")
        #expect(BenchNumber.scaled(1_250_000) == "1.25M")
        #expect(BenchNumber.fixed(2.5, 2) == "2.50")
        #expect(BenchNumber.fixed(0.0049, 2) == "0.00")
    }
}
