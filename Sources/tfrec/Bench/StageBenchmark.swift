/// One stage measured on one engine: a row of `tfrec bench`'s table, a bar of its chart and an
/// element of `stages` in its JSON.
struct StageBenchmark: Codable, Equatable, Sendable {
    /// The stages of a conversion that `tfrec bench` measures one by one.
    enum Stage: String, Codable, CaseIterable, Sendable {
        /// CSV rows into label and pixel bytes (`CSVRowParser`), GB/s of CSV text.
        case csvParse = "csv-parse"
        /// Record framing checksums, GB/s.
        case crc32c
        /// uint8 pixels to float32 `x / 255` (`--normalize scale`), GB/s of input pixels.
        case pixelTransform = "pixel-transform"
        /// One 28×28 gray image to JPEG at quality 95 (`--encoding jpeg`), images/s.
        case jpegEncode = "jpeg-encode"
        /// GZIP compression of shard bytes (`--compression gzip`, level 6), GB/s of input.
        case deflate
        /// The digests of manifest.json, GB/s.
        case sha256 = "sha-256"

        /// The name in the table and the chart.
        var title: String {
            switch self {
            case .csvParse: "CSV parse"
            case .crc32c: "CRC32C"
            case .pixelTransform: "pixel transform"
            case .jpegEncode: "JPEG encode"
            case .deflate: "deflate"
            case .sha256: "SHA-256"
            }
        }
    }

    /// What ``value`` counts.
    enum Unit: String, Codable, Sendable {
        /// 10^9 bytes of input per second.
        case gigabytesPerSecond = "GB/s"
        /// Items (images) per second.
        case itemsPerSecond = "items/s"
    }

    var stage: Stage
    /// The implementation: "scalar", "sse4.1", "avx2", "neon", "sse4.2", "opencl 0:0", …
    var engine: String
    /// More about the engine where it helps (an OpenCL device's name, a thread count).
    var detail: String?
    /// The throughput of the best run, in ``unit``.
    var value: Double
    var unit: Unit
    /// Input bytes of one run.
    var bytes: Int
    /// Items of one run (images; rows for the CSV parse).
    var items: Int?
    /// Output bytes of one run, where the size is a figure of its own (deflate: the compressed size).
    var outputBytes: Int?
    /// The best run's seconds.
    var seconds: Double
    /// Runs timed.
    var runs: Int

    /// A measurement of `bytes` (and `items`) in `seconds`, its value in `unit`.
    init(
        stage: Stage, engine: String, detail: String? = nil, unit: Unit, bytes: Int, items: Int? = nil,
        seconds: Double, runs: Int
    ) {
        self.stage = stage
        self.engine = engine
        self.detail = detail
        self.unit = unit
        self.bytes = bytes
        self.items = items
        self.seconds = seconds
        self.runs = runs
        let perSecond = 1 / max(seconds, 1e-12)
        value = unit == .gigabytesPerSecond ? Double(bytes) * perSecond / 1e9 : Double(items ?? 0) * perSecond
    }

    /// The value with its unit, three significant digits: "12.3 GB/s", "48.1k items/s".
    var formattedValue: String {
        switch unit {
        case .gigabytesPerSecond: "\(BenchNumber.significant(value, 3)) GB/s"
        case .itemsPerSecond: "\(BenchNumber.scaled(value)) items/s"
        }
    }
}
