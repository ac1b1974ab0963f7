import CTFRecordAccel
import Foundation
import Testing
import TFRecordTestSupport

// MARK: - Helpers

/// The CSV row parser engines, as a Swift type that parameterized tests can name.
enum CSVEngine: CaseIterable, Sendable, CustomStringConvertible {
    case scalar, sse41, avx2, neon, auto

    var c: CTFRecordAccel_CSVEngine {
        switch self {
        case .scalar: CTFRecordAccel_CSV_SCALAR
        case .sse41: CTFRecordAccel_CSV_SSE41
        case .avx2: CTFRecordAccel_CSV_AVX2
        case .neon: CTFRecordAccel_CSV_NEON
        case .auto: CTFRecordAccel_CSV_AUTO
        }
    }

    var isAvailable: Bool { CTFRecordAccel_csv_engine_available(c) != 0 }

    var description: String {
        switch self {
        case .scalar: "SCALAR"
        case .sse41: "SSE41"
        case .avx2: "AVX2"
        case .neon: "NEON"
        case .auto: "AUTO"
        }
    }

    /// The SIMD engines this CPU can run. The differential tests are parameterized over this list, so an
    /// engine the CPU lacks is not run at all rather than silently passing through the SCALAR fallback;
    /// `availabilityMatchesCPUFeatures` pins the list down.
    static let availableSIMD: [CSVEngine] = [.sse41, .avx2, .neon].filter(\.isAvailable)
}

/// Everything a parse produces, the whole output buffers included.
struct CSVParseOutcome: Equatable, CustomStringConvertible {
    var rows: Int
    var consumed: Int
    var code: Int32
    var errorRow: Int
    var rowOffset: Int
    var byteOffset: Int
    var column: Int
    var fieldOffset: Int
    var fieldLength: Int
    var foundColumns: Int
    var pixels: [UInt8]
    var labels: [Int64]

    var description: String {
        "rows \(rows) consumed \(consumed) code \(code) row \(errorRow) row_offset \(rowOffset) "
            + "byte_offset \(byteOffset) column \(column) field \(fieldOffset)+\(fieldLength) found \(foundColumns)"
    }
}

let csvNoLabel = -1  // SIZE_MAX as a Swift Int

/// Parses `data` into buffers for `maxRows` rows, pre-filled with a pattern so that stray writes show.
func csvParse(_ engine: CSVEngine, _ data: [UInt8], columns: Int, label: Int, maxRows: Int) -> CSVParseOutcome {
    let pixelCount = columns - (label == csvNoLabel ? 0 : 1)
    var pixels = [UInt8](repeating: 0xA5, count: maxRows * pixelCount)
    var labels = [Int64](repeating: 0x5A5A_5A5A, count: label == csvNoLabel ? 0 : maxRows)
    var spec = CTFRecordAccel_CSVRowSpec(column_count: columns, label_column: label)
    var consumed = -1
    var error = CTFRecordAccel_CSVError()
    let rows = data.withUnsafeBytes { raw in
        pixels.withUnsafeMutableBufferPointer { pixelBuffer in
            labels.withUnsafeMutableBufferPointer { labelBuffer in
                CTFRecordAccel_csv_parse_rows(
                    engine.c, raw.baseAddress, raw.count, &spec, maxRows, pixelBuffer.baseAddress,
                    labelBuffer.baseAddress, &consumed, &error)
            }
        }
    }
    return CSVParseOutcome(
        rows: rows, consumed: consumed, code: error.code, errorRow: error.row, rowOffset: error.row_offset,
        byteOffset: error.byte_offset, column: error.column, fieldOffset: error.field_offset,
        fieldLength: error.field_length, foundColumns: error.found_columns, pixels: pixels, labels: labels)
}

func csvParse(_ engine: CSVEngine, _ text: String, columns: Int, label: Int, maxRows: Int = 16) -> CSVParseOutcome {
    csvParse(engine, Array(text.utf8), columns: columns, label: label, maxRows: maxRows)
}

let csvOK = Int32(CTFRecordAccel_CSV_OK.rawValue)
let csvExpectedDigit = Int32(CTFRecordAccel_CSV_EXPECTED_DIGIT.rawValue)
let csvPixelOutOfRange = Int32(CTFRecordAccel_CSV_PIXEL_OUT_OF_RANGE.rawValue)
let csvLabelOutOfRange = Int32(CTFRecordAccel_CSV_LABEL_OUT_OF_RANGE.rawValue)
let csvColumnCount = Int32(CTFRecordAccel_CSV_COLUMN_COUNT.rawValue)
let csvEmptyLine = Int32(CTFRecordAccel_CSV_EMPTY_LINE.rawValue)

/// The decimal digits of 0...999, so that building rows does not go through String in debug builds.
let csvSmallNumbers: [[UInt8]] = (0...999).map { Array(String($0).utf8) }

/// Builds CSV rows of the shapes the differential tests need.
struct CSVRowMaker {
    var columns: Int
    var label: Int
    /// Per 1000 fields: odd values (out of range, leading zeros, long digit strings, labels near INT64_MAX).
    var specialPerMille = 0
    /// Per 1000 rows: "\r\n" instead of "\n".
    var crlfPerMille = 0
    /// If > 0: the first field has exactly this many digits (zeros, then one digit), shifting every later
    /// separator across the vector positions.
    var firstWidth = 0

    static let pixelSpecials: [String] = [
        "0", "9", "10", "99", "100", "255", "256", "999", "007", "0000", "000", "00", "1000", "0255",
        "00000000000000000000255", "260", "300", "25", "250", "249", "199", "200", "01", "2550",
    ]
    static let labelSpecials: [String] = [
        "9223372036854775807", "9223372036854775808", "09223372036854775807", "9223372036854775806",
        "18446744073709551615", "18446744073709551616", "99999999999999999999", "0000000000000000000000000000005",
        "922337203685477580", "9223372036854775817", "255", "256", "999", "1000", "0", "00",
    ]

    func appendDigits(_ count: Int, to bytes: inout [UInt8], _ random: inout SplitMix64) {
        for _ in 0..<count { bytes.append(UInt8(ascii: "0") + UInt8(random.below(10))) }
    }

    func appendPixel(to bytes: inout [UInt8], _ random: inout SplitMix64) {
        if random.chance(specialPerMille) {
            let k = random.below(Self.pixelSpecials.count + 1)
            if k == Self.pixelSpecials.count {
                appendDigits(1 + random.below(30), to: &bytes, &random)
            } else {
                bytes.append(contentsOf: Self.pixelSpecials[k].utf8)
            }
        } else if random.chance(600) {
            bytes.append(UInt8(ascii: "0"))
        } else {
            bytes.append(contentsOf: csvSmallNumbers[random.below(256)])
        }
    }

    func appendLabel(to bytes: inout [UInt8], _ random: inout SplitMix64) {
        if random.chance(specialPerMille) {
            let k = random.below(Self.labelSpecials.count + 2)
            if k == Self.labelSpecials.count {
                appendDigits(1 + random.below(25), to: &bytes, &random)
            } else if k > Self.labelSpecials.count {
                bytes.append(contentsOf: String(random.next() >> UInt64(random.below(64))).utf8)
            } else {
                bytes.append(contentsOf: Self.labelSpecials[k].utf8)
            }
        } else if random.chance(800) {
            bytes.append(contentsOf: csvSmallNumbers[random.below(10)])
        } else {
            bytes.append(contentsOf: csvSmallNumbers[random.below(1000)])
        }
    }

    func appendRow(to bytes: inout [UInt8], newline: Bool, _ random: inout SplitMix64) {
        for column in 0..<columns {
            if column > 0 { bytes.append(UInt8(ascii: ",")) }
            if column == 0 && firstWidth > 0 {
                bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: firstWidth - 1))
                bytes.append(UInt8(ascii: "0") + UInt8(random.below(10)))
            } else if column == label {
                appendLabel(to: &bytes, &random)
            } else {
                appendPixel(to: &bytes, &random)
            }
        }
        if newline {
            if random.chance(crlfPerMille) { bytes.append(UInt8(ascii: "\r")) }
            bytes.append(UInt8(ascii: "\n"))
        }
    }

    static func randomLabel(columns: Int, _ random: inout SplitMix64) -> Int {
        switch random.below(5) {
        case 0: csvNoLabel
        case 1: 0
        case 2: columns - 1
        case 3: random.below(columns)
        default: 0
        }
    }
}

/// Compares every SIMD engine result with SCALAR's, counting what was covered.
struct CSVDifferential {
    let engine: CSVEngine
    var cases = 0
    var rows = 0
    var errorCases = 0
    var codes = Set<Int32>()
    var mismatches = 0

    init(_ engine: CSVEngine) { self.engine = engine }

    mutating func check(_ data: [UInt8], columns: Int, label: Int, maxRows: Int) {
        let expected = csvParse(.scalar, data, columns: columns, label: label, maxRows: maxRows)
        let actual = csvParse(engine, data, columns: columns, label: label, maxRows: maxRows)
        cases += 1
        rows += expected.rows
        codes.insert(expected.code)
        if expected.code != csvOK { errorCases += 1 }
        if actual != expected {
            mismatches += 1
            // A handful of reports is enough to debug; thousands would drown the log.
            if mismatches <= 5 {
                let buffersDiffer = actual.pixels != expected.pixels || actual.labels != expected.labels
                Issue.record(
                    """
                    \(engine) differs from SCALAR on \(data.count) bytes, columns \(columns), label \(label), \
                    max_rows \(maxRows): SCALAR \(expected), \(engine) \(actual)\
                    \(buffersDiffer ? " (output buffers differ)" : ""); \
                    input prefix: \(String(decoding: data.prefix(200), as: UTF8.self).debugDescription)
                    """)
            }
        }
        // The contract the buffers are sized by: nothing past the row in progress is touched.
        let pixelCount = columns - (label == csvNoLabel ? 0 : 1)
        let untouched = min((actual.rows + 1) * pixelCount, actual.pixels.count)
        if actual.pixels[untouched...].contains(where: { $0 != 0xA5 }) {
            mismatches += 1
            Issue.record("\(engine) wrote pixels past the row in progress")
        }
    }
}

// MARK: - Known answers of the reference

@Suite("CSV row parser: reference")
struct CSVRowParserKnownAnswerTests {
    @Test func labelFirstRows() {
        let result = csvParse(.scalar, "7,0,255,13\n1,2,3,4\n", columns: 4, label: 0, maxRows: 2)
        #expect(result.rows == 2)
        #expect(result.consumed == 19)
        #expect(result.code == csvOK)
        #expect(result.pixels == [0, 255, 13, 2, 3, 4])
        #expect(result.labels == [7, 1])
    }

    @Test func labelNoneLastAndMiddle() {
        let none = csvParse(.scalar, "1,2,3\n4,5,6\n", columns: 3, label: csvNoLabel, maxRows: 2)
        #expect(none.rows == 2 && none.pixels == [1, 2, 3, 4, 5, 6] && none.labels.isEmpty)
        let last = csvParse(.scalar, "1,2,3\n4,5,6\n", columns: 3, label: 2, maxRows: 2)
        #expect(last.rows == 2 && last.pixels == [1, 2, 4, 5] && last.labels == [3, 6])
        let middle = csvParse(.scalar, "1,2,3\n4,5,6\n", columns: 3, label: 1, maxRows: 2)
        #expect(middle.rows == 2 && middle.pixels == [1, 3, 4, 6] && middle.labels == [2, 5])
        let only = csvParse(.scalar, "42\n9223372036854775807\n", columns: 1, label: 0, maxRows: 2)
        #expect(only.rows == 2 && only.pixels.isEmpty && only.labels == [42, Int64.max])
    }

    @Test func crlfAndMissingFinalNewline() {
        let crlf = csvParse(.scalar, "1,2\r\n3,4\r\n", columns: 2, label: 0, maxRows: 4)
        #expect(crlf.rows == 2 && crlf.consumed == 10 && crlf.code == csvOK)
        #expect(crlf.pixels[0..<2] == [2, 4] && crlf.labels[0..<2] == [1, 3])
        let open = csvParse(.scalar, "1,2\n3,4", columns: 2, label: 0, maxRows: 4)
        #expect(open.rows == 2 && open.consumed == 7 && open.code == csvOK)
        #expect(open.pixels[0..<2] == [2, 4])
        let leadingZeros = csvParse(.scalar, "0007,00255,0000000000000000000000001\n", columns: 3, label: 0)
        #expect(leadingZeros.rows == 1 && leadingZeros.labels[0] == 7 && leadingZeros.pixels[0..<2] == [255, 1])
    }

    @Test func limitsAndEmptyInput() {
        let limited = csvParse(.scalar, "1,2\n3,4\n5,6\n", columns: 2, label: 0, maxRows: 2)
        #expect(limited.rows == 2 && limited.consumed == 8 && limited.code == csvOK)
        let none = csvParse(.scalar, "1,2\n", columns: 2, label: 0, maxRows: 0)
        #expect(none.rows == 0 && none.consumed == 0 && none.code == csvOK)
        let empty = csvParse(.scalar, "", columns: 2, label: 0, maxRows: 1)
        #expect(empty.rows == 0 && empty.consumed == 0 && empty.code == csvOK)
    }

    @Test func expectedDigit() {
        // At a field start: offending byte, column.
        let start = csvParse(.scalar, "1,2\n3,x\n", columns: 2, label: 0)
        #expect(start.rows == 1 && start.consumed == 4)
        #expect(start.code == csvExpectedDigit && start.errorRow == 1 && start.rowOffset == 4)
        #expect(start.byteOffset == 6 && start.column == 1 && start.fieldOffset == 0 && start.fieldLength == 0)
        #expect(start.foundColumns == 0)
        // Inside a field.
        let inside = csvParse(.scalar, "12x,3\n", columns: 2, label: 0)
        #expect(inside.code == csvExpectedDigit && inside.byteOffset == 2 && inside.column == 0)
        // A lone '\r', and '\r' as the very last byte.
        let lone = csvParse(.scalar, "1,2\r3\n", columns: 2, label: 0)
        #expect(lone.code == csvExpectedDigit && lone.byteOffset == 3 && lone.column == 1)
        let last = csvParse(.scalar, "1,2\r", columns: 2, label: 0)
        #expect(last.code == csvExpectedDigit && last.byteOffset == 3 && last.column == 1)
        // Past the end of the buffer: byte_offset == length.
        let end = csvParse(.scalar, "1,", columns: 2, label: 0)
        #expect(end.code == csvExpectedDigit && end.byteOffset == 2 && end.column == 1)
        // An empty field and a sign.
        let emptyField = csvParse(.scalar, "1,,2\n", columns: 3, label: csvNoLabel)
        #expect(emptyField.code == csvExpectedDigit && emptyField.byteOffset == 2 && emptyField.column == 1)
        let sign = csvParse(.scalar, "-1,2\n", columns: 2, label: 0)
        #expect(sign.code == csvExpectedDigit && sign.byteOffset == 0 && sign.column == 0)
    }

    @Test func pixelOutOfRange() {
        let wide = csvParse(.scalar, "3,2,4\n3,0256,4\n", columns: 3, label: 0)
        #expect(wide.rows == 1 && wide.code == csvPixelOutOfRange && wide.errorRow == 1 && wide.rowOffset == 6)
        #expect(wide.byteOffset == 8 && wide.fieldOffset == 8 && wide.fieldLength == 4 && wide.column == 1)
        #expect(wide.foundColumns == 0)
        // Checked before the column count, after the terminator.
        let beforeCount = csvParse(.scalar, "1,256\n", columns: 3, label: 0)
        #expect(beforeCount.code == csvPixelOutOfRange && beforeCount.column == 1)
        let terminatorFirst = csvParse(.scalar, "1,256x\n", columns: 2, label: 0)
        #expect(terminatorFirst.code == csvExpectedDigit && terminatorFirst.byteOffset == 5)
        let digits = String(repeating: "9", count: 40)
        let long = csvParse(.scalar, "1," + digits + "\n", columns: 2, label: 0)
        #expect(long.code == csvPixelOutOfRange && long.fieldOffset == 2 && long.fieldLength == 40)
    }

    @Test func labelOutOfRange() {
        let max = csvParse(.scalar, "9223372036854775807,1\n", columns: 2, label: 0)
        #expect(max.rows == 1 && max.labels[0] == Int64.max)
        let over = csvParse(.scalar, "1,0\n9223372036854775808,1\n", columns: 2, label: 0)
        #expect(over.rows == 1 && over.code == csvLabelOutOfRange && over.errorRow == 1 && over.rowOffset == 4)
        #expect(over.byteOffset == 4 && over.fieldOffset == 4 && over.fieldLength == 19 && over.column == 0)
        let huge = String(repeating: "0", count: 30) + "18446744073709551616"
        let last = csvParse(.scalar, "1," + huge + "\n", columns: 2, label: 1)
        #expect(last.code == csvLabelOutOfRange && last.column == 1 && last.fieldOffset == 2 && last.fieldLength == 50)
        let zeros = csvParse(.scalar, "1," + String(repeating: "0", count: 60) + "9223372036854775807\n", columns: 2,
                             label: 1)
        #expect(zeros.code == csvOK && zeros.labels[0] == Int64.max)
    }

    @Test func columnCount() {
        // Too many: every ',' of the line counts, garbage after the last expected field included.
        let many = csvParse(.scalar, "1,2\n1,2,3,x,,\n", columns: 2, label: 0)
        #expect(many.rows == 1 && many.code == csvColumnCount && many.errorRow == 1 && many.rowOffset == 4)
        #expect(many.byteOffset == 4 && many.foundColumns == 6 && many.column == 0)
        let manyOpen = csvParse(.scalar, "1,2,3", columns: 2, label: 0)
        #expect(manyOpen.code == csvColumnCount && manyOpen.foundColumns == 3)
        // Too few.
        let few = csvParse(.scalar, "1,2\r\n", columns: 3, label: 0)
        #expect(few.code == csvColumnCount && few.foundColumns == 2 && few.byteOffset == 0)
    }

    @Test func emptyLine() {
        let lf = csvParse(.scalar, "1,2\n\n3,4\n", columns: 2, label: 0)
        #expect(lf.rows == 1 && lf.code == csvEmptyLine && lf.errorRow == 1 && lf.rowOffset == 4)
        #expect(lf.byteOffset == 4 && lf.column == 0 && lf.foundColumns == 0)
        let crlf = csvParse(.scalar, "\r\n", columns: 2, label: 0)
        #expect(crlf.rows == 0 && crlf.code == csvEmptyLine && crlf.byteOffset == 0)
    }

    /// A spec that no row can satisfy: no columns, or a label column past the last.
    @Test func invalidSpec() {
        let bytes = Array("1,2\n".utf8)
        for (columns, label) in [(0, csvNoLabel), (0, 0), (2, 2), (2, 7)] {
            var spec = CTFRecordAccel_CSVRowSpec(column_count: columns, label_column: label)
            var pixels = [UInt8](repeating: 0xA5, count: 8)
            var labels = [Int64](repeating: 0, count: 2)
            var consumed = -1
            var error = CTFRecordAccel_CSVError()
            let rows = CTFRecordAccel_csv_parse_rows(
                CTFRecordAccel_CSV_AUTO, bytes, bytes.count, &spec, 2, &pixels, &labels, &consumed, &error)
            #expect(rows == 0 && consumed == 0 && error.code == csvColumnCount && error.found_columns == 0)
            #expect(pixels.allSatisfy { $0 == 0xA5 })
        }
    }

    @Test func availabilityMatchesCPUFeatures() {
        let features = CTFRecordAccel_cpu_features()
        func has(_ bit: Int) -> Bool { features & UInt32(bit) != 0 }
        #expect(CSVEngine.scalar.isAvailable && CSVEngine.auto.isAvailable)
        #expect(CTFRecordAccel_csv_engine_available(CTFRecordAccel_CSVEngine(rawValue: 99)) == 0)
        #if arch(x86_64)
        #expect(CSVEngine.sse41.isAvailable == has(Int(CTFRecordAccel_CPU_SSE41)))
        #expect(CSVEngine.avx2.isAvailable == has(Int(CTFRecordAccel_CPU_AVX2)))
        #expect(!CSVEngine.neon.isAvailable)
        let best: CSVEngine = CSVEngine.avx2.isAvailable ? .avx2 : CSVEngine.sse41.isAvailable ? .sse41 : .scalar
        #elseif arch(arm64)
        #expect(CSVEngine.neon.isAvailable == has(Int(CTFRecordAccel_CPU_NEON)))
        #expect(!CSVEngine.sse41.isAvailable && !CSVEngine.avx2.isAvailable)
        let best: CSVEngine = CSVEngine.neon.isAvailable ? .neon : .scalar
        #else
        #expect(CSVEngine.availableSIMD.isEmpty)
        let best = CSVEngine.scalar
        #endif
        #expect(CTFRecordAccel_csv_engine_resolve(CTFRecordAccel_CSV_AUTO) == best.c)
        for engine in CSVEngine.allCases where engine != .auto {
            let resolved = CTFRecordAccel_csv_engine_resolve(engine.c)
            #expect(resolved == (engine.isAvailable ? engine.c : CTFRecordAccel_CSV_SCALAR), "\(engine)")
        }
        #expect(CSVEngine.availableSIMD == CSVEngine.allCases.filter { $0 != .scalar && $0 != .auto && $0.isAvailable })
    }

    /// The engines must exist where the kernel says the CPU has the instructions: a broken feature probe
    /// would otherwise empty `availableSIMD` and with it every differential test.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/cpuinfo"), "needs Linux /proc/cpuinfo"))
    func simdEnginesPresentWhereTheCPUHasThem() throws {
        let disable = ProcessInfo.processInfo.environment["TFREC_DISABLE_CPU_FEATURES"] ?? ""
        if !disable.isEmpty && disable != "0" {
            #expect(CSVEngine.availableSIMD.isEmpty)
            return
        }
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        #if arch(x86_64)
        let key = "flags"
        let expected: [(String, CSVEngine)] = [("sse4_1", .sse41), ("avx2", .avx2)]
        #elseif arch(arm64)
        let key = "Features"
        let expected: [(String, CSVEngine)] = [("asimd", .neon)]
        #else
        let key = ""
        let expected: [(String, CSVEngine)] = []
        #endif
        let line = cpuinfo.split(separator: "\n").first { $0.hasPrefix(key) && $0.contains(":") }
        let flags = Set((line?.split(separator: ":", maxSplits: 1).last ?? "").split(separator: " ").map(String.init))
        for (flag, engine) in expected {
            #expect(engine.isAvailable == flags.contains(flag), "\(flag)")
        }
    }
}

// MARK: - SIMD engines against the reference

@Suite("CSV row parser: SIMD engines against the reference")
struct CSVRowParserDifferentialTests {
    /// Random buffers of every shape, a few corrupted, cut or row-limited, plus bulk valid rows: the test that
    /// carries the row count (>= 1M rows parsed per engine).
    @Test(arguments: CSVEngine.availableSIMD)
    func randomRows(engine: CSVEngine) {
        var random = SplitMix64(state: 0xC5F0_0001)
        var check = CSVDifferential(engine)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 << 16)
        for _ in 0..<1500 {
            let columns: Int
            switch random.below(6) {
            case 0: columns = 1 + random.below(3)
            case 1: columns = 1 + random.below(20)
            case 2: columns = 1 + random.below(100)
            case 3: columns = 785
            case 4: columns = 1 + random.below(300)
            default: columns = 10 + random.below(60)
            }
            var maker = CSVRowMaker(columns: columns, label: CSVRowMaker.randomLabel(columns: columns, &random))
            maker.specialPerMille = random.chance(500) ? 0 : random.below(1000 / columns + 2)
            maker.crlfPerMille = random.chance(700) ? 0 : random.below(1001)
            let rowCount = 1 + random.below(columns > 200 ? 4 : 30)
            bytes.removeAll(keepingCapacity: true)
            for row in 0..<rowCount {
                maker.appendRow(to: &bytes, newline: row + 1 < rowCount || random.chance(700), &random)
            }
            if random.chance(150) {
                for _ in 0..<(1 + random.below(3)) { csvMutate(&bytes, from: 0, &random) }
            }
            if random.chance(50) { bytes.removeLast(random.below(bytes.count + 1)) }
            let maxRows = random.chance(800) ? rowCount + 1 : random.below(rowCount + 2)
            check.check(bytes, columns: columns, label: maker.label, maxRows: maxRows)
        }
        // Bulk: many short valid rows per buffer, the fast rows' home ground.
        for _ in 0..<2000 {
            let columns = 1 + random.below(8)
            var maker = CSVRowMaker(columns: columns, label: CSVRowMaker.randomLabel(columns: columns, &random))
            maker.crlfPerMille = random.chance(900) ? 0 : 100
            let rowCount = 400 + random.below(200)
            bytes.removeAll(keepingCapacity: true)
            for _ in 0..<rowCount { maker.appendRow(to: &bytes, newline: true, &random) }
            check.check(bytes, columns: columns, label: maker.label, maxRows: rowCount)
        }
        // MNIST-shaped.
        let mnist = CSVRowMaker(columns: 785, label: 0)
        bytes.removeAll(keepingCapacity: true)
        for _ in 0..<200 { mnist.appendRow(to: &bytes, newline: true, &random) }
        check.check(bytes, columns: 785, label: 0, maxRows: 200)

        #expect(check.mismatches == 0)
        #expect(check.rows >= 1_000_000, "rows parsed: \(check.rows)")
        #expect(check.errorCases >= 300, "cases ending in an error: \(check.errorCases)")
        let codes: Set<Int32> = [
            csvOK, csvExpectedDigit, csvPixelOutOfRange, csvLabelOutOfRange, csvColumnCount, csvEmptyLine,
        ]
        #expect(check.codes == codes)
    }

    /// The first field's width runs through 1...70, so that every later separator and newline falls on every
    /// position of a 16-, 32- and 64-byte block.
    @Test(arguments: CSVEngine.availableSIMD)
    func separatorsOnEveryVectorPosition(engine: CSVEngine) {
        var random = SplitMix64(state: 0xC5F0_0002)
        var check = CSVDifferential(engine)
        var bytes: [UInt8] = []
        for columns in [1, 2, 3, 7, 16, 33, 100] {
            for width in 1...70 {
                for label in [csvNoLabel, 0, columns - 1] {
                    var maker = CSVRowMaker(columns: columns, label: label)
                    maker.firstWidth = width
                    bytes.removeAll(keepingCapacity: true)
                    let rowCount = 1 + random.below(8)
                    for row in 0..<rowCount {
                        maker.appendRow(to: &bytes, newline: row + 1 < rowCount || random.chance(500), &random)
                    }
                    check.check(bytes, columns: columns, label: label, maxRows: rowCount)
                }
            }
        }
        #expect(check.mismatches == 0)
        #expect(check.rows > 1000)
    }

    /// Every corruption at every byte of one row between good rows: 'x', '-', ' ', '\r', '.', NUL, 0xFF,
    /// newline, comma, digit replaced in; comma, newline, CRLF, CR, ",,", digits inserted; the byte deleted.
    /// Plus a trailing ',' and an empty line.
    @Test(arguments: CSVEngine.availableSIMD)
    func corruptionAtEveryPosition(engine: CSVEngine) {
        var random = SplitMix64(state: 0xC5F0_0003)
        var check = CSVDifferential(engine)
        let replacements: [UInt8] = [
            UInt8(ascii: "x"), UInt8(ascii: "-"), UInt8(ascii: " "), UInt8(ascii: "\r"), UInt8(ascii: "."), 0x00, 0xFF,
            UInt8(ascii: "\n"), UInt8(ascii: ","), UInt8(ascii: "5"),
        ]
        let insertions: [[UInt8]] = [",", "\n", "\r\n", "\r", ",,", "0", "000", "256"].map { Array($0.utf8) }
        for spec in 0..<40 {
            let columns = spec == 0 ? 785 : spec % 4 == 0 ? 1 + random.below(3) : 1 + random.below(40)
            let maker = CSVRowMaker(columns: columns, label: CSVRowMaker.randomLabel(columns: columns, &random))
            var good: [UInt8] = []
            let before = random.below(3)
            let after = random.below(3)
            for _ in 0..<before { maker.appendRow(to: &good, newline: true, &random) }
            let rowStart = good.count
            maker.appendRow(to: &good, newline: true, &random)
            let rowEnd = good.count
            for _ in 0..<after { maker.appendRow(to: &good, newline: true, &random) }
            let maxRows = before + after + 3
            let step = columns == 785 ? 23 : 1
            for at in stride(from: rowStart, to: rowEnd, by: step) {
                for byte in replacements {
                    var bytes = good
                    bytes[at] = byte
                    check.check(bytes, columns: columns, label: maker.label, maxRows: maxRows)
                }
                for insertion in insertions {
                    var bytes = good
                    bytes.insert(contentsOf: insertion, at: at)
                    check.check(bytes, columns: columns, label: maker.label, maxRows: maxRows)
                }
                var bytes = good
                bytes.remove(at: at)
                check.check(bytes, columns: columns, label: maker.label, maxRows: maxRows)
            }
            var trailingComma = good
            trailingComma.insert(UInt8(ascii: ","), at: rowEnd - 1)
            check.check(trailingComma, columns: columns, label: maker.label, maxRows: maxRows)
            var emptyLine = good
            emptyLine.insert(contentsOf: random.chance(500) ? [10] : [13, 10], at: rowStart)
            check.check(emptyLine, columns: columns, label: maker.label, maxRows: maxRows)
        }
        #expect(check.mismatches == 0)
        #expect(check.errorCases > 10_000)
    }

    /// Every prefix of multi-row buffers (rows cut anywhere, last row without newline, '\r' as the last byte),
    /// and every max_rows limit.
    @Test(arguments: CSVEngine.availableSIMD)
    func prefixesAndRowLimits(engine: CSVEngine) {
        var random = SplitMix64(state: 0xC5F0_0004)
        var check = CSVDifferential(engine)
        for index in 0..<40 {
            let columns = 1 + random.below(index % 3 == 0 ? 3 : 30)
            var maker = CSVRowMaker(columns: columns, label: CSVRowMaker.randomLabel(columns: columns, &random))
            maker.crlfPerMille = index % 5 == 0 ? 300 : 0
            maker.specialPerMille = random.chance(300) ? 20 : 0
            var bytes: [UInt8] = []
            let rowCount = 2 + random.below(5)
            for _ in 0..<rowCount { maker.appendRow(to: &bytes, newline: true, &random) }
            for length in 0...bytes.count {
                check.check(Array(bytes[..<length]), columns: columns, label: maker.label, maxRows: rowCount + 1)
            }
            for maxRows in 0...(rowCount + 1) {
                check.check(bytes, columns: columns, label: maker.label, maxRows: maxRows)
            }
        }
        #expect(check.mismatches == 0)
    }

    /// Labels at the edge of Int64 and pixels at the edge of UInt8, each in every column of an otherwise valid
    /// row between valid rows.
    @Test(arguments: CSVEngine.availableSIMD)
    func valuesAtTheEdges(engine: CSVEngine) {
        var check = CSVDifferential(engine)
        let labels = CSVRowMaker.labelSpecials + ["0", "9", "10", "99", "100", "255", "256"]
        let pixels = CSVRowMaker.pixelSpecials
        for columns in [1, 2, 3, 40] {
            for label in Set([csvNoLabel, 0, columns / 2, columns - 1]).sorted() {
                for value in (label == csvNoLabel ? pixels : labels + pixels) {
                    for column in 0..<columns {
                        let fields = (0..<columns).map { $0 == column ? value : $0 == label ? "3" : String($0 % 256) }
                        let good = (0..<columns).map { $0 == label ? "1" : "200" }.joined(separator: ",")
                        let text = good + "\n" + fields.joined(separator: ",") + "\n" + good + "\n"
                        check.check(Array(text.utf8), columns: columns, label: label, maxRows: 3)
                    }
                }
            }
        }
        #expect(check.mismatches == 0)
    }
}

/// One random corruption at or after `from`: a byte replaced, deleted, or something inserted.
func csvMutate(_ bytes: inout [UInt8], from: Int, _ random: inout SplitMix64) {
    guard bytes.count > from else { return }
    let at = from + random.below(bytes.count - from)
    let replacements: [UInt8] = [
        UInt8(ascii: "x"), UInt8(ascii: "-"), UInt8(ascii: " "), UInt8(ascii: "\r"), UInt8(ascii: "."), 0x00, 0xFF,
        UInt8(ascii: "\n"), UInt8(ascii: ","), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: ":"), 0x80, 0xB0,
    ]
    switch random.below(8) {
    case 0, 1, 2: bytes[at] = replacements[random.below(replacements.count)]
    case 3: bytes.remove(at: at)
    default:
        let insertions = [",", "\n", "\r\n", "\r", ",,", "0", "9999", "\n\n", "x"]
        bytes.insert(contentsOf: insertions[random.below(insertions.count)].utf8, at: at)
    }
}
