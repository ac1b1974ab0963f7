import Foundation
import SwiftProtobuf
import TFRecord
import Testing

@testable import TFRecordConversion
@testable import TFRecordShards
@testable import TFRecordSources
import TFRecordPixels

/// Arrays convert to exactly the records of the CSV of the same values, in every dtype,
/// byte order, element order, format version and container; several files read in order;
/// shuffles are reproducible; files that change while read are reported.
@Suite struct ArrayConversionTests {
    static let images = TestArray.pixels(rows: 70, rowShape: [4, 4])
    static let labels = TestArray.labels(rows: 70)

    /// The shards of the CSV path for `images` and `labels`.
    static func csvShards(_ scratch: ScratchDirectory, encoding: PixelEncoding = .int64Bytes,
                          _ configure: (inout CSVConversionOptions) -> Void = { _ in }) throws -> [String: [UInt8]] {
        let csv = scratch.write("data.csv", images.csv(labels: labels))
        _ = try convert(csv, into: scratch.file("csv-\(encoding)")) {
            $0.encoding = encoding
            $0.output.sharding = .recordsPerShard(30)
            configure(&$0)
        }.get()
        return shardBytes(scratch.file("csv-\(encoding)"))
    }

    struct Variant: CustomTestStringConvertible, Sendable {
        var type: ArrayElementType
        var fortran = false
        var version: UInt8 = 1
        var testDescription: String { "\(type.npyDescriptor)\(fortran ? " fortran" : "") v\(version)" }
    }

    static let variants: [Variant] = [
        Variant(type: ArrayElementType(.uint8)),
        Variant(type: ArrayElementType(.uint8), fortran: true),
        Variant(type: ArrayElementType(.int64)),
        Variant(type: ArrayElementType(.int64), fortran: true),
        Variant(type: ArrayElementType(.int64, bigEndian: true)),
        Variant(type: ArrayElementType(.int32), version: 2),
        Variant(type: ArrayElementType(.int32, bigEndian: true), fortran: true, version: 3),
        Variant(type: ArrayElementType(.uint8), version: 3),
    ]

    @Test(arguments: variants)
    func npyGivesTheCSVPathsShards(_ variant: Variant) throws {
        let scratch = ScratchDirectory()
        let expected = try Self.csvShards(scratch)
        let x = scratch.write("x.npy", Self.images.npy(variant.type, fortran: variant.fortran, version: variant.version))
        let y = scratch.write("y.npy", Self.labels.npy(ArrayElementType(.int64)))
        let summary = try convertArrays([x], labels: [y], into: scratch.file("out")) { $0.output.sharding = .recordsPerShard(30) }.get()
        #expect(summary.rows == 70)
        #expect(shardBytes(scratch.file("out")) == expected)
        let manifest = try #require(try Manifest.read(fromDirectory: scratch.file("out")))
        #expect(manifest.features["image"]?.shape == [4, 4, 1])
        #expect(manifest.features["image"]?.dtype == "int64")
    }

    @Test(arguments: [PixelEncoding.uint8, .int64List, .png, .float32, .floatList])
    func everyEncodingMatchesTheCSVPath(_ encoding: PixelEncoding) throws {
        let scratch = ScratchDirectory()
        let expected = try Self.csvShards(scratch, encoding: encoding) {
            if encoding.isFloat { $0.normalization = .standardize(mean: [33], std: [78]) }
        }
        let x = scratch.write("x.npy", Self.images.npy(ArrayElementType(.int64), fortran: true))
        let y = scratch.write("y.npy", Self.labels.npy(ArrayElementType(.uint8)))
        _ = try convertArrays([x], labels: [y], into: scratch.file("out")) {
            $0.encoding = encoding
            $0.output.sharding = .recordsPerShard(30)
            if encoding.isFloat { $0.normalization = .standardize(mean: [33], std: [78]) }
        }.get()
        #expect(shardBytes(scratch.file("out")) == expected)
    }

    @Test func twoDimensionalArrayWithALabelColumn() throws {
        let scratch = ScratchDirectory()
        let expected = try Self.csvShards(scratch)
        // (N, 1 + 16): the label first, as in the CSV.
        let rows = (0..<70).flatMap { [Self.labels.values[$0]] + Self.images.row($0) }
        let data = scratch.write("d.npy", TestArray(shape: [70, 17], values: rows).npy(ArrayElementType(.uint8), fortran: true))
        _ = try convertArrays([data], into: scratch.file("out")) { $0.output.sharding = .recordsPerShard(30) }.get()
        #expect(shardBytes(scratch.file("out")) == expected)
    }

    @Test func idxPlainAndGzipped() throws {
        let scratch = ScratchDirectory()
        let expected = try Self.csvShards(scratch)
        let imageIDX = Self.images.idx(ArrayElementType(.uint8))
        let labelIDX = Self.labels.idx(ArrayElementType(.int32, bigEndian: true))
        let x = scratch.write("train-images-idx3-ubyte", imageIDX)
        let y = scratch.write("train-labels-idx1-ubyte", labelIDX)
        let xz = scratch.write("train-images-idx3-ubyte.gz", try gzipped(imageIDX))
        let yz = scratch.write("train-labels-idx1-ubyte.gz", try gzipped(labelIDX))
        for (name, images, labels) in [("plain", x, y), ("gzip", xz, yz), ("mixed", xz, y)] {
            _ = try convertArrays([images], labels: [labels], into: scratch.file(name)) { $0.output.sharding = .recordsPerShard(30) }.get()
            #expect(shardBytes(scratch.file(name)) == expected, "\(name)")
        }
        // A gzipped .npy reads the same way.
        let npz = scratch.write("x.npy.gz", try gzipped(Self.images.npy(ArrayElementType(.int64))))
        _ = try convertArrays([npz], labels: [yz], into: scratch.file("npy-gz")) { $0.output.sharding = .recordsPerShard(30) }.get()
        #expect(shardBytes(scratch.file("npy-gz")) == expected)
    }

    @Test func corruptAndTruncatedGzipAreBadInput() throws {
        let scratch = ScratchDirectory()
        let labels = scratch.write("y.npy", Self.labels.npy(ArrayElementType(.int64)))
        var compressed = try gzipped(Self.images.idx(ArrayElementType(.uint8)))
        let truncated = scratch.write("t-idx3-ubyte.gz", Array(compressed.prefix(compressed.count / 2)))
        // Flip bits in the deflate data (after the 10-byte gzip header): a corrupt stream or a CRC mismatch.
        for i in stride(from: 12, to: compressed.count - 8, by: 7) { compressed[i] ^= 0x5A }
        let corrupt = scratch.write("c-idx3-ubyte.gz", compressed)
        let truncatedError = convertArrays([truncated], labels: [labels], into: scratch.file("t")).error
        #expect(truncatedError?.code == .badInput)
        #expect(truncatedError?.description.hasPrefix(truncated + ": truncated gzip data: the stream ends after ") == true,
                "\(String(describing: truncatedError))")
        #expect(truncatedError?.description.hasSuffix("uncompressed bytes (unexpected end of file)") == true)
        let corruptError = convertArrays([corrupt], labels: [labels], into: scratch.file("c")).error
        #expect(corruptError?.code == .badInput)
        #expect(corruptError?.description.hasPrefix(corrupt + ": corrupt gzip data: ") == true, "\(String(describing: corruptError))")
        #expect(scratch.list("t").isEmpty && scratch.list("c").isEmpty)
    }

    @Test func severalFilesAreReadInOrder() throws {
        let scratch = ScratchDirectory()
        let expected = try Self.csvShards(scratch)
        var images: [String] = []
        var labels: [String] = []
        // Parts of 25, 0, 40 and 5 rows, one of them in Fortran order.
        for (i, range) in [0..<25, 25..<25, 25..<65, 65..<70].enumerated() {
            let part = TestArray(shape: [range.count, 4, 4], values: Array(Self.images.values[(range.lowerBound * 16)..<(range.upperBound * 16)]))
            let partLabels = TestArray(shape: [range.count], values: Array(Self.labels.values[range]))
            images.append(scratch.write("x\(i).npy", part.npy(ArrayElementType(.int64), fortran: i == 2)))
            labels.append(scratch.write("y\(i)-idx1-ubyte", partLabels.idx(ArrayElementType(.uint8))))
        }
        _ = try convertArrays(images, labels: labels, into: scratch.file("out")) { $0.output.sharding = .recordsPerShard(30) }.get()
        #expect(shardBytes(scratch.file("out")) == expected)
        // Shuffled, the parts (an empty one among them) give the records of the whole.
        let whole = scratch.write("whole.npy", Self.images.npy(ArrayElementType(.int64)))
        let wholeLabels = scratch.write("whole-labels.npy", Self.labels.npy(ArrayElementType(.int64)))
        _ = try convertArrays([whole], labels: [wholeLabels], into: scratch.file("whole")) { $0.shuffleSeed = 3 }.get()
        _ = try convertArrays(images, labels: labels, into: scratch.file("parts")) { $0.shuffleSeed = 3 }.get()
        #expect(shardBytes(scratch.file("parts")) == shardBytes(scratch.file("whole")))
        // Files of another dtype do not mix.
        let other = scratch.write("w.npy", TestArray.pixels(rows: 2, rowShape: [4, 4]).npy(ArrayElementType(.uint8)))
        let mismatch = convertArrays([images[0], other], into: scratch.file("mixed")) { $0.labelColumn = nil }.error
        #expect(mismatch?.description == "\(other): rows of shape (4, 4) of uint8, but \(images[0]) has rows of shape (4, 4) "
                + "of int64; all image files need the same row shape and dtype")
        // A quoted pattern stands for the same files, sorted.
        #expect(try ArrayInputPaths.resolve(images: [scratch.file("x*.npy")], labels: []).images == images)
        #expect(throws: TFRecordError(.badInput, "no file matches this pattern", at: SourceLocation(path: scratch.file("z*.npy")))) {
            try ArrayInputPaths.resolve(images: [scratch.file("z*.npy")], labels: [])
        }
    }

    @Test func shuffledRecordsAreTheRowsOfThePermutation() throws {
        let scratch = ScratchDirectory()
        let x = scratch.write("x.npy", Self.images.npy(ArrayElementType(.uint8)))
        let y = scratch.write("y.npy", Self.labels.npy(ArrayElementType(.int64)))
        _ = try convertArrays([x], labels: [y], into: scratch.file("plain")).get()
        let plain = try readRecords(directory: scratch.file("plain"))
        let permutation = RecordPermutation(count: 70, seed: 9)
        let expected = (0..<70).map { plain[permutation[$0]] }
        // Same seed, any thread count, chunk size or source (gzip and Fortran order are staged): the same records.
        let xf = scratch.write("xf.npy", Self.images.npy(ArrayElementType(.int64), fortran: true))
        let xz = scratch.write("x-idx3-ubyte.gz", try gzipped(Self.images.idx(ArrayElementType(.uint8))))
        var shards: [[String: [UInt8]]] = []
        for (i, (images, threads, chunk)) in [(x, 1, 1 << 20), (x, 3, 100), (xf, 2, 50), (xz, 2, 1 << 20)].enumerated() {
            _ = try convertArrays([images], labels: [y], into: scratch.file("s\(i)")) {
                $0.shuffleSeed = 9
                $0.threads = threads
                $0.chunkSize = chunk
            }.get()
            #expect(try readRecords(directory: scratch.file("s\(i)")) == expected, "run \(i)")
            #expect(scratch.list("s\(i)").allSatisfy { !$0.hasPrefix(".") }, "a temporary copy was left behind")
            shards.append(shardBytes(scratch.file("s\(i)")))
        }
        #expect(shards.allSatisfy { $0 == shards[0] })
        // Another seed, another order of the same records.
        _ = try convertArrays([x], labels: [y], into: scratch.file("other")) { $0.shuffleSeed = 10 }.get()
        let other = try readRecords(directory: scratch.file("other"))
        #expect(other != expected)
        #expect(other.sorted { $0.lexicographicallyPrecedes($1) } == plain.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func float32ArraysKeepTheirValues() throws {
        let scratch = ScratchDirectory()
        // 2 images of 1x2 pixels of 3 channels.
        let values: [Float] = [0, 0.5, -1.25, 255, 1e-7, 3, 7.75, 100, -0, 42, 0.1, 9]
        let bytes = npyHeader(descr: ">f4", fortran: false, shape: "(2, 1, 2, 3)")
            + values.flatMap { withUnsafeBytes(of: $0.bitPattern.bigEndian, Array.init) }
        let x = scratch.write("x.npy", bytes)
        let y = scratch.write("y.npy", TestArray(shape: [2], values: [4, -7]).npy(ArrayElementType(.int64)))
        // Default encoding of float32 arrays: float32 bytes of the values as they are.
        _ = try convertArrays([x], labels: [y], into: scratch.file("plain")).get()
        var records = try readRecords(directory: scratch.file("plain")).map { try Tensorflow_Example(serializedBytes: $0) }
        #expect(records.map { $0.features.feature["label"]!.int64List.value } == [[4], [-7]])
        let decoded = records.flatMap { example in
            let data = [UInt8](example.features.feature["image"]!.bytesList.value[0])
            return stride(from: 0, to: data.count, by: 4).map { i in
                Float(bitPattern: data[i..<(i + 4)].reversed().reduce(0) { $0 << 8 | UInt32($1) })
            }
        }
        #expect(decoded.map(\.bitPattern) == values.map(\.bitPattern))
        // Standardized to a FloatList, channel first: (x - mean[c]) * (1 / std[c]).
        let (mean, std): ([Float], [Float]) = ([1, 2, 3], [2, 4, 8])
        _ = try convertArrays([x], labels: [y], into: scratch.file("chw")) {
            $0.encoding = .floatList
            $0.normalization = .standardize(mean: mean, std: std)
            $0.layout = .chw
        }.get()
        records = try readRecords(directory: scratch.file("chw")).map { try Tensorflow_Example(serializedBytes: $0) }
        for (i, record) in records.enumerated() {
            let image = Array(values[(i * 6)..<(i * 6 + 6)])
            var expected: [UInt32] = []
            for c in 0..<3 {
                let inverse: Float = 1 / std[c]
                for p in 0..<2 { expected.append(((image[p * 3 + c] - mean[c]) * inverse).bitPattern) }
            }
            let stored: [Float] = record.features.feature["image"]!.floatList.value
            #expect(stored.map { $0.bitPattern } == expected)
        }
        let manifest = try #require(try Manifest.read(fromDirectory: scratch.file("chw")))
        #expect(manifest.features["image"]?.shape == [3, 1, 2])
    }

    @Test func rgbImagesKeepTheirShape() throws {
        let scratch = ScratchDirectory()
        let rgb = TestArray.pixels(rows: 5, rowShape: [3, 2, 3])
        let x = scratch.write("x.npy", rgb.npy(ArrayElementType(.uint8)))
        _ = try convertArrays([x], into: scratch.file("out")) {
            $0.labelColumn = nil
            $0.encoding = .uint8
        }.get()
        let records = try readRecords(directory: scratch.file("out")).map { try Tensorflow_Example(serializedBytes: $0) }
        #expect(records.map { [UInt8]($0.features.feature["image"]!.bytesList.value[0]) } == (0..<5).map { rgb.row($0).map(UInt8.init) })
        #expect(records.allSatisfy { $0.features.feature["label"] == nil })
        let manifest = try #require(try Manifest.read(fromDirectory: scratch.file("out")))
        #expect(manifest.features["image"]?.shape == [3, 2, 3])
        #expect(manifest.features["label"] == nil)
    }

    @Test func aFileTruncatedOrChangedWhileReadIsReported() throws {
        let scratch = ScratchDirectory()
        let bytes = Self.images.npy(ArrayElementType(.uint8))
        let path = scratch.write("x.npy", bytes)
        var buffer = [UInt8](repeating: 0, count: 16)
        // Truncated after the header was checked: the read comes up short.
        let file = try ArrayFile(path: path)
        #expect(truncate(path, off_t(bytes.count - 100)) == 0)
        let truncated = #expect(throws: TFRecordError.self) {
            try buffer.withUnsafeMutableBytes { try file.readRows(69..<70, into: $0) }
        }
        #expect(truncated?.description == "\(path): input changed while being read (size \(bytes.count) → "
                + "\(bytes.count - 100) bytes, modified)")
        // Rewritten in place, same size: the next check notices.
        _ = scratch.write("x.npy", bytes)
        let rewritten = try ArrayFile(path: path)
        try buffer.withUnsafeMutableBytes { try rewritten.readRows(0..<1, into: $0) }
        usleep(20_000)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seek(toOffset: 100)
        try handle.write(contentsOf: Data([1, 2, 3]))
        try handle.close()
        let changed = #expect(throws: TFRecordError.self) { try rewritten.checkUnchanged() }
        #expect(changed?.description == "\(path): input changed while being read (modified)")
        #expect(changed?.code == .badInput)
    }

    @Test func npyHeaderWriterAndReaderAgree() throws {
        let header = NPYHeader.bytes(dtype: "<i8", shape: [3, 28, 28])
        #expect(header.count == NPYHeader.size)
        var offset = 0
        let parsed = try NPYHeader.read(path: "x.npy") { count in
            defer { offset += count }
            return Array(header[offset..<min(header.count, offset + count)])
        }
        #expect(parsed == ArrayHeader(format: .npy, elementType: ArrayElementType(.int64), shape: [3, 28, 28],
                                      isFortranOrder: false, dataOffset: 128))
        // Python 2's long integers, double quotes, no trailing comma, and an empty shape tuple all parse.
        #expect(try PythonLiteral.parse("{\"descr\": \"<u1\", 'shape': (3L, 4), 'fortran_order': True}")
                == .dictionary([(.string("descr"), .string("<u1")), (.string("shape"), .tuple([.integer(3), .integer(4)])),
                                (.string("fortran_order"), .boolean(true))]))
        #expect(try PythonLiteral.parse("()") == .tuple([]))
        #expect(try PythonLiteral.parse("(5,)") == .tuple([.integer(5)]))
    }
}
