import CTFRecordAccel
import Foundation
import Testing
import TFRecordTestSupport

// MARK: - Helpers

// File-private helpers (and a nested Variant type), so that other test files in this module can
// use the same names.

extension CRC32CTests {
    /// The CRC32C variants, as a Swift type that parameterized tests can name.
    enum Variant: CaseIterable, Sendable, CustomStringConvertible {
        case table, hardware, folded, auto

        var c: CTFRecordAccel_CRC32CVariant {
            switch self {
            case .table: CTFRecordAccel_CRC32C_TABLE
            case .hardware: CTFRecordAccel_CRC32C_HARDWARE
            case .folded: CTFRecordAccel_CRC32C_FOLDED
            case .auto: CTFRecordAccel_CRC32C_AUTO
            }
        }

        var isAvailable: Bool { CTFRecordAccel_crc32c_variant_available(c) != 0 }

        var description: String {
            switch self {
            case .table: "TABLE"
            case .hardware: "HARDWARE"
            case .folded: "FOLDED"
            case .auto: "AUTO"
            }
        }

        /// Every variant this CPU can run. Tests are parameterized over this list, so a variant the
        /// CPU lacks is not run at all rather than silently passing through the TABLE fallback;
        /// `availableVariantsIncludeTable` and `availabilityMatchesCPUFeatures` pin the list down.
        static let available: [Variant] = allCases.filter(\.isAvailable)

        /// The available variants other than TABLE, for comparing against TABLE.
        static let availableFast: [Variant] = available.filter { $0 != .table }
    }
}

private func crc32c(
    _ variant: CRC32CTests.Variant, _ bytes: UnsafeRawBufferPointer, extending crc: UInt32 = 0
) -> UInt32 {
    CTFRecordAccel_crc32c(variant.c, crc, bytes.baseAddress, bytes.count)
}

private func crc32c(
    _ variant: CRC32CTests.Variant, _ bytes: [UInt8], extending crc: UInt32 = 0
) -> UInt32 {
    bytes.withUnsafeBytes { crc32c(variant, $0, extending: crc) }
}

private func crc32c(
    _ variant: CRC32CTests.Variant, utf8 string: String, extending crc: UInt32 = 0
) -> UInt32 {
    crc32c(variant, Array(string.utf8), extending: crc)
}

/// `length` bytes of `randomBytes` from `offset`.
private func crc32c(
    _ variant: CRC32CTests.Variant, offset: Int, length: Int, extending crc: UInt32 = 0
) -> UInt32 {
    randomBytes.withUnsafeBytes {
        crc32c(variant, UnsafeRawBufferPointer(rebasing: $0[offset..<offset + length]), extending: crc)
    }
}

/// The definition, one bit at a time: independent of every table and constant in the C code.
private func bitwiseCRC32C(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
    var c = ~crc
    for byte in bytes {
        c ^= UInt32(byte)
        for _ in 0..<8 {
            c = (c & 1) != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1
        }
    }
    return ~c
}

private func bitwiseCRC32C(offset: Int, length: Int) -> UInt32 {
    randomBytes.withUnsafeBytes { bitwiseCRC32C(0, UnsafeRawBufferPointer(rebasing: $0[offset..<offset + length])) }
}

/// TensorFlow's `crc32c::Mask`, which TFRecord framing stores.
private func maskCRC(_ crc: UInt32) -> UInt32 { ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8 }

/// TensorFlow's `crc32c::Unmask`.
private func unmaskCRC(_ masked: UInt32) -> UInt32 {
    let rot = masked &- 0xA282_EAD8
    return (rot >> 17) | (rot << 15)
}

private func littleEndianBytes(_ value: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
}

private let maxRandomLength = 1 << 20
private let maxOffset = 63

/// 1 MiB + 63 bytes of seeded random data; tests take slices of it at any offset and length.
private let randomBytes: [UInt8] = {
    var rng = SplitMix64(state: 0x5EED_C3C3)
    var bytes = [UInt8](repeating: 0, count: maxRandomLength + maxOffset)
    bytes.withUnsafeMutableBytes { raw in
        var i = 0
        while i + 8 <= raw.count {
            raw.storeBytes(of: rng.next(), toByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < raw.count {
            raw[i] = UInt8(truncatingIfNeeded: rng.next())
            i += 1
        }
    }
    return bytes
}()

// GF(2) arithmetic modulo the CRC32C polynomial, written here from the definition (no shortcut
// tables, no periodicity), to check CTFRecordAccel_crc32c_combine at lengths no buffer can reach.
private enum GF2 {
    /// a * b mod P, reflected (bit 31 is x^0).
    static func multiply(_ a: UInt32, _ b: UInt32) -> UInt32 {
        var product: UInt32 = 0
        var b = b
        for bit in 0..<32 {
            if a & (UInt32(1) << (31 - bit)) != 0 { product ^= b }
            b = (b & 1) != 0 ? (b >> 1) ^ 0x82F6_3B78 : b >> 1
        }
        return product
    }

    /// x^n mod P by square-and-multiply.
    static func xPower(_ n: UInt64) -> UInt32 {
        var result: UInt32 = 1 << 31  // x^0
        var square: UInt32 = 1 << 30  // x^1
        var n = n
        while n != 0 {
            if n & 1 != 0 { result = multiply(result, square) }
            square = multiply(square, square)
            n >>= 1
        }
        return result
    }

    /// x^(8n) mod P, as (x^n)^8 so that 8n cannot overflow.
    static func shiftOperator(bytes n: UInt64) -> UInt32 {
        var p = xPower(n)
        for _ in 0..<3 { p = multiply(p, p) }
        return p
    }
}

// MARK: - Tests

@Suite("CRC32C")
struct CRC32CTests {
    @Test func availableVariantsIncludeTable() {
        #expect(Variant.available.first == .table)
        #expect(Variant.available.contains(.auto))
    }

    @Test func availabilityMatchesCPUFeatures() {
        let features = CTFRecordAccel_cpu_features()
        func has(_ bits: UInt32) -> Bool { features & bits == bits }
        #expect(CTFRecordAccel_crc32c_variant_available(CTFRecordAccel_CRC32C_TABLE) == 1)
        #expect(CTFRecordAccel_crc32c_variant_available(CTFRecordAccel_CRC32C_AUTO) == 1)
        #expect(CTFRecordAccel_crc32c_variant_available(CTFRecordAccel_CRC32CVariant(rawValue: 99)) == 0)
        #if arch(x86_64)
        let hardware = UInt32(CTFRecordAccel_CPU_SSE42)
        let folded = UInt32(CTFRecordAccel_CPU_SSE42) | UInt32(CTFRecordAccel_CPU_PCLMUL)
        #elseif arch(arm64)
        let hardware = UInt32(CTFRecordAccel_CPU_ARM_CRC)
        let folded = UInt32(CTFRecordAccel_CPU_ARM_CRC) | UInt32(CTFRecordAccel_CPU_ARM_PMULL)
        #else
        // No hardware CRC code for other architectures.
        let hardware = UInt32.max
        let folded = UInt32.max
        #endif
        #expect(Variant.hardware.isAvailable == has(hardware))
        #expect(Variant.folded.isAvailable == has(folded))
    }

    /// CTFRecordAccel_cpu_features() against the kernel's own view of CPUID / HWCAP.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/cpuinfo"), "needs Linux /proc/cpuinfo"))
    func cpuFeaturesMatchProcCpuinfo() throws {
        let features = CTFRecordAccel_cpu_features()
        let disable = ProcessInfo.processInfo.environment["TFREC_DISABLE_CPU_FEATURES"] ?? ""
        if !disable.isEmpty && disable != "0" {
            #expect(features == 0)
            return
        }
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        #if arch(x86_64)
        let key = "flags"
        let expected: [(String, UInt32)] = [
            ("sse4_2", UInt32(CTFRecordAccel_CPU_SSE42)), ("pclmulqdq", UInt32(CTFRecordAccel_CPU_PCLMUL)),
            ("sse4_1", UInt32(CTFRecordAccel_CPU_SSE41)), ("avx2", UInt32(CTFRecordAccel_CPU_AVX2)),
        ]
        #elseif arch(arm64)
        let key = "Features"
        let expected: [(String, UInt32)] = [
            ("crc32", UInt32(CTFRecordAccel_CPU_ARM_CRC)), ("asimd", UInt32(CTFRecordAccel_CPU_NEON)),
            ("pmull", UInt32(CTFRecordAccel_CPU_ARM_PMULL)),
        ]
        #else
        let key = ""
        let expected: [(String, UInt32)] = []
        #endif
        let line = cpuinfo.split(separator: "\n").first { $0.hasPrefix(key) && $0.contains(":") }
        let flags = Set((line?.split(separator: ":", maxSplits: 1).last ?? "").split(separator: " ").map(String.init))
        for (flag, bit) in expected {
            #expect((features & bit != 0) == flags.contains(flag), "\(flag)")
        }
    }

    // RFC 3720 (iSCSI) appendix B.4, as in TensorFlow's crc32c_test.cc.
    @Test(arguments: Variant.available)
    func rfc3720KnownAnswers(variant: Variant) {
        #expect(crc32c(variant, [UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(crc32c(variant, [UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(crc32c(variant, (0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(crc32c(variant, (0..<32).reversed().map { UInt8($0) }) == 0x113F_DB5C)
        let iscsiReadCommand: [UInt8] = [
            0x01, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18,
            0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ]
        #expect(crc32c(variant, iscsiReadCommand) == 0xD996_3A56)
    }

    // Values cross-checked with the google-crc32c Python package (its C implementation).
    @Test(arguments: Variant.available)
    func otherKnownAnswers(variant: Variant) {
        #expect(crc32c(variant, utf8: "123456789") == 0xE306_9283)
        #expect(crc32c(variant, utf8: "a") == 0xC1D0_4330)
        #expect(crc32c(variant, utf8: "The quick brown fox jumps over the lazy dog") == 0x2262_0404)
        #expect(crc32c(variant, [UInt8](repeating: 0, count: 1 << 20)) == 0x1429_8C12)
        #expect(crc32c(variant, (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0) }) == 0x7D25_B26D)
    }

    @Test(arguments: Variant.available)
    func emptyInputLeavesCRCUnchanged(variant: Variant) {
        #expect(CTFRecordAccel_crc32c(variant.c, 0, nil, 0) == 0)
        #expect(CTFRecordAccel_crc32c(variant.c, 0xDEAD_BEEF, nil, 0) == 0xDEAD_BEEF)
        #expect(crc32c(variant, utf8: "") == 0)
    }

    // TFRecord frames store masked CRCs: of the 8-byte little-endian length, and of the data.
    @Test(arguments: Variant.available)
    func tensorFlowMaskedCRCs(variant: Variant) {
        let lengthCRCs: [(UInt64, UInt32)] = [
            (0, 0x0798_0329), (1, 0x41DE_7501), (3, 0x0E49_99B0), (784, 0x3F50_4B8F), (785, 0x0906_DDA7),
            (1 << 20, 0xA7EB_8321),
        ]
        for (length, masked) in lengthCRCs {
            #expect(maskCRC(crc32c(variant, littleEndianBytes(length))) == masked, "length \(length)")
        }
        #expect(maskCRC(crc32c(variant, utf8: "")) == 0xA282_EAD8)
        #expect(maskCRC(crc32c(variant, utf8: "foo")) == 0xFEBE_8A61)
        #expect(maskCRC(crc32c(variant, utf8: "hello world")) == 0x6DD8_7E00)
    }

    // TensorFlow crc32c_test.cc, CRC.Mask and CRC.Extend.
    @Test func tensorFlowMaskAndExtend() {
        let crc = crc32c(.table, utf8: "foo")
        #expect(crc != maskCRC(crc))
        #expect(crc != maskCRC(maskCRC(crc)))
        #expect(crc == unmaskCRC(maskCRC(crc)))
        #expect(crc == unmaskCRC(unmaskCRC(maskCRC(maskCRC(crc)))))
        for variant in Variant.available {
            let hello = crc32c(variant, utf8: "hello ")
            #expect(crc32c(variant, utf8: "world", extending: hello) == crc32c(variant, utf8: "hello world"))
        }
    }

    @Test func tableMatchesBitwiseDefinition() {
        var rng = SplitMix64(state: 1)
        for length in 0...300 {
            for offset in [0, 1, 3, 8, 13] {
                #expect(crc32c(.table, offset: offset, length: length) == bitwiseCRC32C(offset: offset, length: length))
            }
        }
        // Long enough to reach every entry of every slicing table with overwhelming probability.
        for _ in 0..<8 {
            let length = Int.random(in: 1000...40000, using: &rng)
            let offset = Int.random(in: 0...maxOffset, using: &rng)
            #expect(crc32c(.table, offset: offset, length: length) == bitwiseCRC32C(offset: offset, length: length))
        }
    }

    @Test(arguments: Variant.available)
    func everyShortLengthAtSeveralOffsets(variant: Variant) {
        for offset in [0, 1, 2, 3, 4, 5, 7, 8, 13, 31] {
            for length in 0...300 {
                #expect(
                    crc32c(variant, offset: offset, length: length) == bitwiseCRC32C(offset: offset, length: length),
                    "offset \(offset) length \(length)")
            }
        }
    }

    @Test(arguments: Variant.availableFast)
    func everyAlignmentOffsetMatchesTable(variant: Variant) {
        for length in [1, 7, 8, 9, 63, 64, 65, 199, 200, 256, 777, 1000, 4096, 24_583, 30_000, 100_003] {
            for offset in 0...maxOffset {
                #expect(
                    crc32c(variant, offset: offset, length: length) == crc32c(.table, offset: offset, length: length),
                    "offset \(offset) length \(length)")
            }
        }
    }

    /// The three-stream variants pick their block size per round from the remaining length (any
    /// multiple of 64 bytes up to 8 KiB, each with its own pair of merge constants): hit every one,
    /// with and without a tail, plus several full 24 KiB rounds.
    @Test(arguments: Variant.availableFast)
    func everyFoldingBlockSizeMatchesTable(variant: Variant) {
        var lengths: [Int] = []
        for grains in 1...128 {
            let round = 3 * 64 * grains
            lengths += [round - 1, round, round + 7, round + 8 + 191]
        }
        for rounds in 1...4 {
            lengths += [24_576 * rounds, 24_576 * rounds + 7, 24_576 * rounds + 191, 24_576 * rounds + 24_575]
        }
        for (i, length) in lengths.enumerated() {
            let offset = i % (maxOffset + 1)
            #expect(
                crc32c(variant, offset: offset, length: length) == crc32c(.table, offset: offset, length: length),
                "offset \(offset) length \(length)")
        }
    }

    @Test(arguments: Variant.availableFast)
    func randomLengthsMatchTable(variant: Variant) {
        var rng = SplitMix64(state: 0xC0FF_EE00)
        for _ in 0..<300 {
            // Log-uniform lengths, so that short, medium and long inputs all get their share.
            let length = Int.random(in: 0...(1 << Int.random(in: 0...20, using: &rng)), using: &rng)
            let offset = Int.random(in: 0...maxOffset, using: &rng)
            let seed = UInt32.random(in: 0...UInt32.max, using: &rng)
            #expect(
                crc32c(variant, offset: offset, length: length, extending: seed)
                    == crc32c(.table, offset: offset, length: length, extending: seed),
                "offset \(offset) length \(length) seed \(seed)")
        }
        #expect(
            crc32c(variant, offset: 0, length: maxRandomLength) == crc32c(.table, offset: 0, length: maxRandomLength))
    }

    @Test(arguments: Variant.available)
    func incrementalExtendEqualsOneShot(variant: Variant) {
        let length = 70_000
        let whole = crc32c(variant, offset: 0, length: length)
        var splits = Array(0...300) + [1000, 4095, 4096, 24_576, 24_583, 40_000, 69_999, length]
        var rng = SplitMix64(state: 7)
        splits += (0..<50).map { _ in Int.random(in: 0...length, using: &rng) }
        for split in splits {
            let head = crc32c(variant, offset: 0, length: split)
            #expect(crc32c(variant, offset: split, length: length - split, extending: head) == whole, "split \(split)")
        }
        // Many uneven chunks in a row.
        var crc: UInt32 = 0
        var position = 0
        while position < maxRandomLength {
            let chunk = min(Int.random(in: 0...(1 << Int.random(in: 0...16, using: &rng)), using: &rng),
                            maxRandomLength - position)
            crc = crc32c(variant, offset: position, length: chunk, extending: crc)
            position += chunk
        }
        #expect(crc == crc32c(variant, offset: 0, length: maxRandomLength))
    }

    @Test func combineMatchesConcatenation() {
        var rng = SplitMix64(state: 99)
        var cases: [(Int, Int)] = [(0, 0), (0, 1), (1, 0), (5, 3), (0, 1000), (1000, 0)]
        cases += (0..<200).map { _ in
            (Int.random(in: 0...(1 << Int.random(in: 0...19, using: &rng)), using: &rng),
             Int.random(in: 0...(1 << Int.random(in: 0...19, using: &rng)), using: &rng))
        }
        for (lengthA, lengthB) in cases {
            let crcA = crc32c(.table, offset: 0, length: lengthA)
            let crcB = crc32c(.table, offset: lengthA, length: lengthB)
            let whole = crc32c(.table, offset: 0, length: lengthA + lengthB)
            #expect(CTFRecordAccel_crc32c_combine(crcA, crcB, UInt64(lengthB)) == whole, "\(lengthA) + \(lengthB)")
        }
    }

    /// Lengths far beyond any buffer (past 2^31 bytes, where the C code leans on the order of x modulo P),
    /// against GF(2) arithmetic written here from the definition, and against combine's own algebra.
    @Test func combineAtHugeLengths() {
        var rng = SplitMix64(state: 2024)
        var lengths: [UInt64] = [1, 8, 1 << 31, (1 << 31) - 1, (1 << 31) + 1, 1 << 32, 1 << 40, 1 << 61, UInt64.max]
        lengths += (0..<40).map { _ in
            UInt64.random(in: 0...UInt64.max, using: &rng) >> UInt64.random(in: 0...63, using: &rng)
        }
        for length in lengths {
            let crcA = UInt32.random(in: 0...UInt32.max, using: &rng)
            let crcB = UInt32.random(in: 0...UInt32.max, using: &rng)
            let expected = GF2.multiply(GF2.shiftOperator(bytes: length), crcA) ^ crcB
            #expect(CTFRecordAccel_crc32c_combine(crcA, crcB, length) == expected, "length \(length)")
        }
        // (A || B) || C == A || (B || C) with B and C long.
        for _ in 0..<20 {
            let a = UInt32.random(in: 0...UInt32.max, using: &rng)
            let b = UInt32.random(in: 0...UInt32.max, using: &rng)
            let c = UInt32.random(in: 0...UInt32.max, using: &rng)
            let lengthB = UInt64.random(in: 0...(1 << 62), using: &rng)
            let lengthC = UInt64.random(in: 0...(1 << 62), using: &rng)
            let left = CTFRecordAccel_crc32c_combine(CTFRecordAccel_crc32c_combine(a, b, lengthB), c, lengthC)
            let bc = CTFRecordAccel_crc32c_combine(b, c, lengthC)
            let right = CTFRecordAccel_crc32c_combine(a, bc, lengthB + lengthC)
            #expect(left == right)
        }
    }

    @Test func unavailableOrUnknownVariantFallsBackToTable() {
        let expected = crc32c(.table, offset: 3, length: 5000)
        for variant in Variant.allCases where !variant.isAvailable {
            #expect(crc32c(variant, offset: 3, length: 5000) == expected, "\(variant)")
        }
        let unknown = randomBytes.withUnsafeBytes {
            CTFRecordAccel_crc32c(CTFRecordAccel_CRC32CVariant(rawValue: 99), 0, $0.baseAddress! + 3, 5000)
        }
        #expect(unknown == expected)
    }
}
