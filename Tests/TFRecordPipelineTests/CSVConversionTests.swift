import Foundation
import SwiftProtobuf
import TFRecord
import TFRecordImages
import Testing

@testable import TFRecordConversion
@testable import TFRecordShards
@testable import TFRecordSources
@testable import TFRecordTools
import TFRecordPixels

@Suite struct CSVConversionTests {
    @Test func referenceLayoutAndNaming() throws {
        let scratch = ScratchDirectory()
        let text = sampleCSV(rows: 70)
        let input = scratch.write("data.csv", text)
        let summary = try convert(input, into: scratch.file("out")) { $0.output.sharding = .recordsPerShard(30) }.get()
        #expect(summary.rows == 70)
        #expect(summary.shards.map(\.name) == ["file_00-30.tfrec", "file_01-30.tfrec", "file_02-10.tfrec"])
        #expect(scratch.list("out") == ["file_00-30.tfrec", "file_01-30.tfrec", "file_02-10.tfrec", "manifest.json"])

        let records = try readRecords(directory: scratch.file("out"))
        let expected = referenceRows(text)
        #expect(records.count == expected.count)
        for (record, row) in zip(records, expected) {
            let example = try Tensorflow_Example(serializedBytes: record)
            #expect(example.features.feature["label"]?.int64List.value == [row.label])
            let image = [UInt8](example.features.feature["image"]!.bytesList.value[0])
            #expect(image == row.pixels.flatMap { withUnsafeBytes(of: Int64($0).littleEndian, Array.init) })
        }
    }

    @Test(arguments: PixelEncoding.allCases.filter { !$0.isImageFormat && !$0.isFloat })
    func everyRawEncodingRoundTrips(encoding: PixelEncoding) throws {
        let scratch = ScratchDirectory()
        let text = sampleCSV(rows: 20, pixels: 9)
        let input = scratch.write("data.csv", text)
        _ = try convert(input, into: scratch.file("out")) { $0.encoding = encoding }.get()
        let records = try readRecords(directory: scratch.file("out"))
        for (record, row) in zip(records, referenceRows(text)) {
            let feature = try Tensorflow_Example(serializedBytes: record).features.feature["image"]!
            switch encoding {
            case .int64Bytes:
                #expect([UInt8](feature.bytesList.value[0]) == row.pixels.flatMap { withUnsafeBytes(of: Int64($0).littleEndian, Array.init) })
            case .uint8:
                #expect([UInt8](feature.bytesList.value[0]) == row.pixels)
            case .int64List:
                #expect(feature.int64List.value == row.pixels.map(Int64.init))
            case .jpeg, .png, .float32, .floatList:
                Issue.record("tested in imageEncodingsDecodeBack and floatEncodingsCarryTheTransform")
            }
        }
    }

    @Test func imageEncodingsDecodeBack() throws {
        let scratch = ScratchDirectory()
        let text = sampleCSV(rows: 12, pixels: 16)
        let input = scratch.write("data.csv", text)
        for encoding in [PixelEncoding.png, .jpeg] {
            _ = try convert(input, into: scratch.file("\(encoding)")) {
                $0.encoding = encoding
                $0.quality = 100
            }.get()
            let decoder = ImageDecoder()
            for (record, row) in zip(try readRecords(directory: scratch.file("\(encoding)")), referenceRows(text)) {
                let bytes = [UInt8](try Tensorflow_Example(serializedBytes: record).features.feature["image"]!.bytesList.value[0])
                let (format, image) = try decoder.decode(bytes)
                #expect(format.rawValue == encoding.rawValue)
                #expect(image.shape == (try ImageShape(height: 4, width: 4, channels: 1)))
                if encoding == .png {
                    #expect(image.pixels == row.pixels)
                } else {
                    let worst = zip(image.pixels, row.pixels).map { abs(Int($0) - Int($1)) }.max()!
                    #expect(worst <= 40, "JPEG at quality 100 differs by \(worst)")
                }
            }
        }
        let error = convert(input, into: scratch.file("bad")) {
            $0.encoding = .jpeg
            $0.shape = try! ImageShape(height: 3, width: 5, channels: 1)
        }.error
        #expect(error?.code == .usage)
    }

    @Test func floatEncodingsCarryTheTransform() throws {
        let scratch = ScratchDirectory()
        let text = sampleCSV(rows: 9, pixels: 4)
        let input = scratch.write("data.csv", text)
        for encoding in [PixelEncoding.float32, .floatList] {
            _ = try convert(input, into: scratch.file("\(encoding)")) {
                $0.encoding = encoding
                $0.normalization = .scale
                $0.transformEngine = .scalar
            }.get()
            for (record, row) in zip(try readRecords(directory: scratch.file("\(encoding)")), referenceRows(text)) {
                let feature = try Tensorflow_Example(serializedBytes: record).features.feature["image"]!
                let values: [Float] = encoding == .floatList ? feature.floatList.value
                    : [UInt8](feature.bytesList.value[0]).withUnsafeBytes { raw in
                        (0..<(raw.count / 4)).map { Float(bitPattern: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
                    }
                #expect(values == row.pixels.map { Float($0) / 255 })
            }
        }
        let manifest = try #require(try Manifest.read(fromDirectory: scratch.file("float32")))
        #expect(manifest.features["image"]?.normalization == "scale")
        #expect(manifest.features["image"]?.layout == "hwc")
        #expect(manifest.features["image"]?.dtype == "float32")
        let refused = convert(input, into: scratch.file("refused")) { $0.normalization = .scale }.error
        #expect(refused?.code == .usage)
    }

    @Test func outputIsIdenticalForEveryThreadCountEngineAndChunkSize() throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("data.csv", sampleCSV(rows: 300))
        var digests: Set<[String?]> = []
        var run = 0
        for threads in [1, 2, 4, 8] {
            for engine in CSVEngine.allCases where engine.isAvailable {
                for chunkSize in [1, 3000, 1 << 20] {
                    run += 1
                    let summary = try convert(input, into: scratch.file("out\(run)")) {
                        $0.threads = threads
                        $0.engine = engine
                        $0.chunkSize = chunkSize
                        $0.output.sharding = .recordsPerShard(64)
                    }.get()
                    digests.insert(summary.shards.map(\.sha256))
                    #expect(summary.rows == 300)
                }
            }
        }
        #expect(digests.count == 1)
    }

    /// Rows whose records stream to their shard in pieces (here every row: a chunk of one
    /// line each, and no size too small to stream) give the bytes of whole records, index
    /// files and gzip shards included, in every raw and float encoding.
    @Test(arguments: [PixelEncoding.int64Bytes, .uint8, .int64List, .float32, .floatList])
    func streamedRecordsGiveTheBytesOfWholeOnes(encoding: PixelEncoding) throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("data.csv", sampleCSV(rows: 40, pixels: 3000))
        for (run, compression) in [RecordCompression.none, .gzip].enumerated() {
            func configure(_ options: inout CSVConversionOptions) {
                options.encoding = encoding
                if encoding.isFloat { options.normalization = .scale }
                options.output.sharding = .recordsPerShard(7)
                // Index files count uncompressed bytes: only plain shards have one.
                options.output.writeIndex = compression == .none
                options.output.compression = compression
                options.threads = 3
            }
            let whole = try convert(input, into: scratch.file("whole\(run)")) { configure(&$0) }.get()
            let streamed = try convert(input, into: scratch.file("streamed\(run)")) {
                configure(&$0)
                $0.chunkSize = 1
                $0.streamedRecordSize = 1
            }.get()
            #expect(streamed.shards == whole.shards)
            for shard in whole.shards where compression == .none {
                let index = RecordIndexLines.fileName(forRecordFile: shard.name)
                #expect(FileManager.default.contents(atPath: scratch.file("streamed\(run)/" + index))
                        == FileManager.default.contents(atPath: scratch.file("whole\(run)/" + index)))
            }
        }
    }

    /// A row past the default streaming size (1.1 M values: an 8.8 MB record) takes the
    /// streamed path and gives the bytes of the whole record.
    @Test func aWideRowStreamsByDefault() throws {
        let scratch = ScratchDirectory()
        let row = sampleCSV(rows: 1, pixels: 1_100_000, seed: 5)
        let input = scratch.write("wide.csv", row + sampleCSV(rows: 3, pixels: 1_100_000, seed: 6))
        let streamed = try convert(input, into: scratch.file("streamed")) { $0.output.sharding = .recordsPerShard(3) }.get()
        let whole = try convert(input, into: scratch.file("whole")) {
            $0.output.sharding = .recordsPerShard(3)
            $0.streamedRecordSize = .max
        }.get()
        #expect(streamed.rows == 4)
        #expect(streamed.shards == whole.shards)
        let encoder = try RowRecordEncoder(encoding: .int64Bytes, pixelCount: 1_100_000, imageKey: "image", labelKey: "label")
        #expect(encoder.streamsRecords)
    }

    @Test func manifestDescribesTheShards() throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("data.csv", sampleCSV(rows: 10))
        let summary = try convert(input, into: scratch.file("out")) { $0.output.commandLine = ["tfrec", "convert"] }.get()
        let manifest = try #require(try Manifest.read(fromDirectory: scratch.file("out")))
        #expect(manifest.records == 10)
        #expect(manifest.shards == summary.shards)
        #expect(manifest.features["image"] == Manifest.Feature(kind: "bytes", encoding: "int64-bytes", dtype: "int64", shape: [28, 28, 1]))
        #expect(manifest.features["label"]?.kind == "int64_list")
        #expect(manifest.command == ["tfrec", "convert"])
        for shard in manifest.shards {
            #expect(try ShardVerifier.sha256(ofFile: scratch.file("out/" + shard.name)) == shard.sha256)
        }
    }

    @Test func labelColumnNoneAndElsewhere() throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("data.csv", "1,2,3\n4,5,6\n")
        _ = try convert(input, into: scratch.file("none")) {
            $0.labelColumn = nil
            $0.encoding = .uint8
        }.get()
        let plain = try Tensorflow_Example(serializedBytes: try readRecords(directory: scratch.file("none"))[1])
        #expect(plain.features.feature.keys.sorted() == ["image"])
        #expect([UInt8](plain.features.feature["image"]!.bytesList.value[0]) == [4, 5, 6])

        _ = try convert(input, into: scratch.file("last")) {
            $0.labelColumn = 2
            $0.encoding = .uint8
            $0.imageKey = "pixels"
            $0.labelKey = "y"
        }.get()
        let last = try Tensorflow_Example(serializedBytes: try readRecords(directory: scratch.file("last"))[0])
        #expect(last.features.feature["y"]?.int64List.value == [3])
        #expect([UInt8](last.features.feature["pixels"]!.bytesList.value[0]) == [1, 2])
    }

    @Test func acceptsCRLFMissingFinalNewlineBOMAndHeader() throws {
        let scratch = ScratchDirectory()
        let variants: [(String, [UInt8])] = [
            ("crlf", Array("1,2,3\r\n4,5,6\r\n".utf8)),
            ("no-final-newline", Array("1,2,3\n4,5,6".utf8)),
            ("bom", [0xEF, 0xBB, 0xBF] + Array("1,2,3\n4,5,6\n".utf8)),
            ("header", Array("label,p0,p1\n1,2,3\n4,5,6\n".utf8)),
            ("bom-header-crlf", [0xEF, 0xBB, 0xBF] + Array("label,p0,p1\r\n1,2,3\r\n4,5,6".utf8)),
        ]
        for (name, bytes) in variants {
            let input = scratch.write(name + ".csv", bytes)
            let summary = try convert(input, into: scratch.file(name)) { $0.encoding = .uint8 }.get()
            #expect(summary.rows == 2, "\(name)")
            let records = try readRecords(directory: scratch.file(name)).map { try Tensorflow_Example(serializedBytes: $0) }
            #expect(records.map { $0.features.feature["label"]!.int64List.value } == [[1], [4]], "\(name)")
            #expect(records.map { [UInt8]($0.features.feature["image"]!.bytesList.value[0]) } == [[2, 3], [5, 6]], "\(name)")
        }
    }

    @Test func refusesEarlierOutputUnlessOverwrite() throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("data.csv", sampleCSV(rows: 7, pixels: 4))
        _ = try convert(input, into: scratch.file("out")) { $0.output.sharding = .recordsPerShard(2) }.get()
        #expect(scratch.list("out").count == 5)  // 4 shards + manifest
        let refused = convert(input, into: scratch.file("out")).error
        #expect(refused?.code == .usage)
        #expect(refused?.message.contains("pass overwrite") == true)
        // Overwrite with fewer shards: the old ones that are not replaced go away.
        let summary = try convert(input, into: scratch.file("out")) {
            $0.output.sharding = .recordsPerShard(5)
            $0.output.overwrite = true
        }.get()
        #expect(summary.shards.map(\.name) == ["file_00-5.tfrec", "file_01-2.tfrec"])
        #expect(scratch.list("out") == ["file_00-5.tfrec", "file_01-2.tfrec", "manifest.json"])
    }

    @Test func removesTemporariesOfKilledRuns() throws {
        let scratch = ScratchDirectory()
        let input = scratch.write("data.csv", "1,2\n")
        try FileManager.default.createDirectory(atPath: scratch.file("out"), withIntermediateDirectories: true)
        // PID 2^22+1 is above Linux's pid_max default; no such process exists.
        _ = scratch.write("out/.tfrec-tmp-4194305-0", "partial")
        _ = try convert(input, into: scratch.file("out")).get()
        #expect(scratch.list("out") == ["file_00-1.tfrec", "manifest.json"])
    }
}
