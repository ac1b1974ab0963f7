import Testing
import TFRecord
@testable import TFRecordConversion
@testable import tfrec

@Suite struct ProgressLineTests {
    @Test func progressWithKnownSize() {
        let line = ProgressLine.format(ConversionProgress(rows: 9000, inputBytes: 18_000_000, inputSize: 40_000_000, seconds: 0.5))
        #expect(line == "[#########-----------]  45%  9000 rows  18.0k rows/s  36.0 MB/s  ETA 0.6s")
    }

    @Test func progressWithoutSizeAndSummary() {
        #expect(ProgressLine.format(ConversionProgress(rows: 10, inputBytes: 2000, inputSize: nil, seconds: 1))
                == "10 rows  10 rows/s  2.0 kB/s")
        let summary = ConversionSummary(rows: 20000, shards: [], inputBytes: 38_700_000, outputBytes: 126_520_000,
                                        seconds: 0.25, engine: "avx2", threads: 2)
        #expect(ProgressLine.summary(summary)
                == "converted 20000 rows into 0 shards (126.5 MB) in 0.250s: 80.0k rows/s, 154.8 MB/s of CSV [engine avx2, 2 threads]")
        #expect(ProgressLine.decimal(-1.26, 1) == "-1.3")
        #expect(ProgressLine.decimal(3.14159, 3) == "3.142")
    }

    /// The line of `images`, `verify`, `salvage`, `index` and `dump`: their own unit, in the right number.
    @Test func progressOfFileCommands() {
        let half = WorkProgress(records: 1, bytes: 500, totalBytes: 1000, seconds: 2)
        #expect(ProgressLine.format(half, unit: "record")
                == "[##########----------]  50%  1 record  1 record/s  250 B/s  ETA 2.0s")
        #expect(ProgressLine.format(WorkProgress(records: 3, bytes: 10, totalBytes: nil, seconds: 1), unit: "image")
                == "3 images  3 images/s  10 B/s")
    }

    @Test func countedNouns() {
        #expect(counted(1, "shard") == "1 shard")
        #expect(counted(0, "shard") == "0 shards")
        #expect(counted(2, "entry", "entries") == "2 entries")
    }
}
