import Foundation
import TFRecord
import Testing

@testable import TFRecordConversion

/// An input that changes while a conversion reads it fails the run (`.badInput`, nothing
/// written). The changes happen at a fixed point — the reader's test hook, after a chosen
/// chunk — so the tests do not depend on timing.
@Suite struct InputChangeTests {
    /// About 110 kB: more than the first read (64 KiB, which finds the layout and becomes the
    /// first chunk), then many chunks of 256 bytes.
    static let text = sampleCSV(rows: 1000, pixels: 60)

    /// Converts `inputs`, running `change` once on the reader thread after chunk `after`.
    static func convertChanging(_ inputs: [String], into output: String, after chunk: Int = 0, shuffleSeed: UInt64? = nil,
                                configure: (inout CSVConversionOptions) -> Void = { _ in },
                                _ change: @escaping @Sendable () -> Void) -> TFRecordError?
    {
        var options = CSVConversionOptions(inputs: inputs, outputDirectory: output)
        options.threads = 2
        options.chunkSize = 256
        options.shuffleSeed = shuffleSeed
        options.afterEachChunk = { if $0.index == chunk { change() } }
        configure(&options)
        return Result { () throws(TFRecordError) in try CSVConversion(options: options).run() }.error
    }

    static func append(_ path: String, _ text: String) {
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        handle.closeFile()
    }

    /// Rewrites `path` in place with the same bytes and moves its modification time on by a
    /// second: a write that changes nothing but the time. (Set explicitly because Linux stamps
    /// files from a clock that ticks every few milliseconds, and the test is faster than that.)
    static func touch(_ path: String) {
        let bytes = FileManager.default.contents(atPath: path)!
        let handle = FileHandle(forWritingAtPath: path)!
        handle.write(bytes)
        handle.closeFile()
        var info = stat()
        _ = stat(path, &info)
        var times = [info.st_atim, timespec(tv_sec: info.st_mtim.tv_sec + 1, tv_nsec: info.st_mtim.tv_nsec)]
        _ = utimensat(AT_FDCWD, path, &times, 0)
    }

    /// `error` says that `path` changed, with `detail` first among the differences (the
    /// modification time may or may not differ too when the size did: it depends on the clock's
    /// tick, so it is not part of the expectation).
    static func expectChanged(_ error: TFRecordError?, _ path: String, _ detail: String,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(error?.code == .badInput, sourceLocation: sourceLocation)
        #expect(error?.location == TFRecord.SourceLocation(path: path), sourceLocation: sourceLocation)
        let message = error?.message ?? ""
        let expected = "input changed while being read (\(detail)"
        #expect(message == expected + ")" || message == expected + ", modified)", sourceLocation: sourceLocation)
    }

    @Test func truncatedInputIsReportedAndNothingIsWritten() throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("data.csv", Self.text)
        let size = Self.text.utf8.count
        let error = Self.convertChanging([input], into: scratch.file("out")) { _ = truncate(input, off_t(size / 2)) }
        // Shards read their rows by position: the short read of a shard past the new end is
        // what reports it, not a reader that reached the end of the file.
        Self.expectChanged(error, input, "size \(size) → \(size / 2) bytes")
        #expect(scratch.list("out").isEmpty)
    }

    /// The rows after the first are wider than a chunk (the same fields, padded with zeros)
    /// and their records stream, so each is parsed as it streams: the file cut short under
    /// one of them is reported as for any other row.
    @Test func truncatedInputIsReportedWhileARowStreams() throws {
        let scratch = ScratchDirectory()
        let rows = sampleCSV(rows: 60, pixels: 60).split(separator: "\n").map { $0.split(separator: ",") }
        let padded = rows.dropFirst().map { $0.map { String(repeating: "0", count: 6) + $0 }.joined(separator: ",") }
        let text = ([rows[0].joined(separator: ",")] + padded).joined(separator: "\n") + "\n"
        let input = scratch.write("data.csv", text)
        let size = text.utf8.count
        let error = Self.convertChanging([input], into: scratch.file("out"), configure: { $0.streamedRecordSize = 1 }) {
            _ = truncate(input, off_t(size / 2))
        }
        Self.expectChanged(error, input, "size \(size) → \(size / 2) bytes")
        #expect(scratch.list("out").isEmpty)
    }

    @Test func appendedInputIsReported() throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("data.csv", Self.text)
        let size = Self.text.utf8.count
        let extra = sampleCSV(rows: 3, pixels: 9, seed: 5)
        let error = Self.convertChanging([input], into: scratch.file("out"), after: 4) { Self.append(input, extra) }
        let grown = size + extra.utf8.count
        // Shards read only the rows found by the first scan; the check after the last shard
        // sees the new size.
        Self.expectChanged(error, input, "size \(size) → \(grown) bytes")
        #expect(scratch.list("out").isEmpty)
    }

    @Test func inputRewrittenWithTheSameSizeIsReported() throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("data.csv", Self.text)
        let error = Self.convertChanging([input], into: scratch.file("out")) { Self.touch(input) }
        Self.expectChanged(error, input, "modified")
        #expect(scratch.list("out").isEmpty)
    }

    @Test func laterInputReplacedBeforeItsTurnIsReported() throws {
        let scratch = ScratchDirectory()
        let first = scratch.write("a.csv", Self.text)
        let second = scratch.write("b.csv", Self.text)
        var before = stat()
        _ = stat(second, &before)
        let replacement = scratch.file("b.csv.new")
        let error = Self.convertChanging([first, second], into: scratch.file("out")) {
            // Another file under the second input's name (as an editor or a download does).
            _ = FileManager.default.createFile(atPath: replacement, contents: Data(Self.text.utf8))
            _ = rename(replacement, second)
        }
        var after = stat()
        _ = stat(second, &after)
        Self.expectChanged(error, second, "now another file (inode \(before.st_ino) → \(after.st_ino))")
        #expect(scratch.list("out").isEmpty)
    }

    @Test func shuffledInputTruncatedIsReported() throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("data.csv", Self.text)
        let error = Self.convertChanging([input], into: scratch.file("out"), shuffleSeed: 1) {
            _ = truncate(input, off_t(Self.text.utf8.count / 3))
        }
        #expect(error?.code == .badInput)
        #expect(error?.location == TFRecord.SourceLocation(path: input))
        #expect(error?.message.hasPrefix("input changed while being read (") == true)
        #expect(scratch.list("out").isEmpty)
    }

    @Test func shuffledInputModifiedIsReportedAfterTheLastRow() throws {
        let scratch = ScratchDirectory()
        let first = scratch.write("a.csv", Self.text)
        let second = scratch.write("b.csv", Self.text)
        // The same bytes: only the final check of every file's state can see it.
        let error = Self.convertChanging([first, second], into: scratch.file("out"), shuffleSeed: 1) { Self.touch(second) }
        Self.expectChanged(error, second, "modified")
        #expect(scratch.list("out").isEmpty)
    }

    @Test func unchangedInputsPassTheChecks() throws {
        let scratch = ScratchDirectory()
        let inputs = [scratch.write("a.csv", Self.text), scratch.write("b.csv", Self.text)]
        for seed in [nil, 5] as [UInt64?] {
            let output = scratch.file("out-\(String(describing: seed))")
            #expect(Self.convertChanging(inputs, into: output, shuffleSeed: seed) {} == nil)
            #expect(try readRecords(directory: output).count == 2000)
        }
    }

    @Test func pipesHaveNoSizeAndAreNotChecked() throws {
        let scratch = ScratchDirectory()
        let fifo = scratch.file("in.csv")
        #expect(mkfifo(fifo, 0o600) == 0)
        let rows = Array(Self.text.utf8)
        let feeder = Thread {
            let writer = open(fifo, O_WRONLY)
            rows.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(writer, raw.baseAddress! + offset, raw.count - offset)
                    if n <= 0 { break }
                    offset += n
                }
            }
            close(writer)
        }
        feeder.start()
        var options = CSVConversionOptions(input: fifo, outputDirectory: scratch.file("out"))
        options.chunkSize = 256
        let summary = try CSVConversion(options: options).run()
        #expect(summary.rows == 1000)
    }
}
