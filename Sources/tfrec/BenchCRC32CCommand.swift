import ArgumentParser
import TFRecord

/// Hidden: CRC32C throughput of each variant, for scripts/bench.
struct BenchCRC32CCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-crc32c",
        abstract: "Print the CRC32C throughput of each variant on this CPU (GB/s).",
        shouldDisplay: false
    )

    @Option(help: "Buffer size in MiB.")
    var mebibytes = 64

    @Option(help: "Timings per variant; the best is printed.")
    var repeats = 10

    func run() throws {
        for variant in CRC32C.Variant.available + [.auto] {
            let rate = CRC32CThroughput.measure(variant: variant, size: mebibytes << 20, repeats: repeats)
            print("\(variant)\t\(rate)")
        }
    }
}
