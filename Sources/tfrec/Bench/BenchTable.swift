/// `tfrec bench`'s text output: the machine, one table of every stage on every engine, and
/// the seed job beside its I/O floor.
enum BenchTable {
    /// The whole report as lines of text.
    static func render(_ report: BenchReport) -> String {
        let machine = report.machine
        var text = "tfrec bench\(report.quick ? " --quick (tiny sizes: the figures mean little)" : ""): "
            + "\(machine.cores) cores\(machine.cpu.isEmpty ? "" : " (\(machine.cpu))"); "
            + "CSV engines \(machine.cpuEngines.joined(separator: ", ")); "
            + "CRC32C \(machine.crc32cEngines.joined(separator: ", ")); transform SIMD \(machine.transformSIMD)\n"
        if machine.openCLDevices.isEmpty {
            text += "OpenCL: none (\(machine.openCLProblem ?? "no device"))\n"
        }
        for device in machine.openCLDevices {
            text += "OpenCL \(device.index): \(device.name) (\(device.kind), \(device.platform))"
                + (device.usable ? "" : ", unavailable: not measured") + "\n"
        }
        var rows = [["stage", "engine", "detail", "throughput", "per run"]]
        for stage in report.stages {
            rows.append([
                stage.stage.title, stage.engine, stage.detail ?? "", stage.formattedValue,
                "\(megabytes(stage.bytes)) in \(milliseconds(stage.seconds))"
                    + (stage.runs > 1 ? ", best of \(stage.runs)" : ""),
            ])
        }
        text += table(rows, rightAligned: [3])
        let job = report.seedJob
        text += "seed job: \(job.rows) rows, \(megabytes(job.inputBytes)) CSV -> \(job.shards) "
            + (job.shards == 1 ? "shard" : "shards") + ", \(megabytes(job.outputBytes)), \(job.threads) "
            + (job.threads == 1 ? "thread" : "threads") + ": \(milliseconds(job.seconds)) "
            + "(\(BenchNumber.scaled(job.rowsPerSecond)) rows/s), best of \(job.runs)\n"
        text += "I/O floor: read the \(megabytes(job.inputBytes)) input, write and fsync \(megabytes(job.outputBytes)): "
            + "\(milliseconds(job.ioFloorSeconds)); the seed job takes \(BenchNumber.fixed(job.floorRatio, 2))x the floor\n"
        text += "total: \(BenchNumber.fixed(report.totalSeconds, 1)) s\n"
        return text
    }

    /// "3.62 MB", "64.0 kB".
    static func megabytes(_ bytes: Int) -> String {
        bytes >= 1_000_000
            ? "\(BenchNumber.significant(Double(bytes) / 1e6, 3)) MB" : "\(BenchNumber.significant(Double(bytes) / 1e3, 3)) kB"
    }

    /// "11.6 ms", "0.512 ms", "1.42 s".
    static func milliseconds(_ seconds: Double) -> String {
        seconds >= 1 ? "\(BenchNumber.significant(seconds, 3)) s" : "\(BenchNumber.significant(seconds * 1e3, 3)) ms"
    }
}
