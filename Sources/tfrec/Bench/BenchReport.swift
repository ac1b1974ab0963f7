/// Everything `tfrec bench` measured: the machine, one ``StageBenchmark`` per stage and
/// engine, and the end-to-end seed job beside its I/O floor. `--json` prints it as is.
struct BenchReport: Codable, Equatable, Sendable {
    /// What the machine offers.
    struct Machine: Codable, Equatable, Sendable {
        /// Online processors.
        var cores: Int
        /// The CPU's model name (`/proc/cpuinfo`), "" where unknown.
        var cpu: String
        /// The CPU engines of the CSV parser this CPU runs ("scalar", "sse4.1", "avx2", "neon").
        var cpuEngines: [String]
        /// The CRC32C implementations it runs ("scalar", "sse4.2", "sse4.2+pclmul", …).
        var crc32cEngines: [String]
        /// What the SIMD pixel transform runs as ("avx2" or "portable").
        var transformSIMD: String
        /// Every OpenCL device found, usable or not.
        var openCLDevices: [Device]
        /// Why there is no OpenCL device, when there is none.
        var openCLProblem: String?
    }

    /// An OpenCL device as `tfrec devices` lists it.
    struct Device: Codable, Equatable, Sendable {
        /// "P:D".
        var index: String
        var name: String
        /// cpu, gpu, accelerator, other.
        var kind: String
        var platform: String
        /// Whether it can run kernels (available, with a compiler); only usable ones are measured.
        var usable: Bool
    }

    /// The demo's job: a synthetic MNIST CSV converted to shards with the default options.
    struct SeedJob: Codable, Equatable, Sendable {
        var rows: Int
        var inputBytes: Int
        var outputBytes: Int
        var shards: Int
        var threads: Int
        /// The best conversion, seconds (in process: no start-up of the executable).
        var seconds: Double
        /// The best I/O floor: reading the input, then writing and `fsync`ing as many bytes as
        /// the shards hold, seconds.
        var ioFloorSeconds: Double
        /// Runs of each.
        var runs: Int

        /// Conversion time over the I/O floor.
        var floorRatio: Double { seconds / max(ioFloorSeconds, 1e-12) }
        /// Rows per second of the conversion.
        var rowsPerSecond: Double { Double(rows) / max(seconds, 1e-12) }
    }

    /// `tfrec --version`.
    var version: String
    /// Whether these are `--quick`'s tiny sizes (for tests; the figures mean little).
    var quick: Bool
    var machine: Machine
    /// Every engine measured, in the order of the table: the CPU's, then "opencl P:D" per device.
    var engines: [String]
    var stages: [StageBenchmark]
    var seedJob: SeedJob
    /// The whole run, seconds.
    var totalSeconds: Double
}
