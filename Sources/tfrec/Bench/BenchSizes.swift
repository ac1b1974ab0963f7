/// How much `tfrec bench` measures: enough for stable figures in well under 30 s on two
/// cores, or (`--quick`) as little as runs each path once, for tests.
struct BenchSizes: Sendable {
    /// CSV rows parsed per run (about 1.8 kB a row).
    var csvRows: Int
    /// Bytes checksummed and hashed per run (CRC32C, SHA-256).
    var digestBytes: Int
    /// Images per pixel-transform run.
    var transformImages: Int
    /// Images per JPEG-encode run.
    var jpegImages: Int
    /// Shard bytes compressed per deflate run (at most the seed job's output).
    var deflateBytes: Int
    /// Rows of the seed job's CSV.
    var seedRows: Int
    /// Runs of the seed job and of its I/O floor (alternating).
    var seedRuns: Int
    /// How each stage is timed.
    var timing: BestTime

    /// The default: the demo's 20 000-row seed job, about a quarter of a second per stage and engine.
    static let standard = BenchSizes(
        csvRows: 2000, digestBytes: 16 << 20, transformImages: 4096, jpegImages: 1000, deflateBytes: 8 << 20,
        seedRows: 20_000, seedRuns: 3, timing: BestTime(minimumRuns: 3, minimumTime: .milliseconds(250)))

    /// `--quick`: every stage and engine once on a few kilobytes.
    static let quick = BenchSizes(
        csvRows: 20, digestBytes: 64 << 10, transformImages: 16, jpegImages: 8, deflateBytes: 64 << 10,
        seedRows: 200, seedRuns: 1, timing: BestTime(minimumRuns: 1, minimumTime: .zero, maximumRuns: 1))
}
