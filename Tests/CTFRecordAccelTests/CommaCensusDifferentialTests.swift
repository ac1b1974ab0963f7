import CTFRecordAccel
import Testing
import TFRecordTestSupport

/// The comma census (a CSV layout's field count, and the runs of a row parsed as it streams):
/// its AVX2 path against the scalar reference and a byte loop, on random bytes of every
/// comma density and letter mix, at every alignment and length around the vector widths and
/// the 255-step sums of the AVX2 lanes.
@Suite struct CommaCensusDifferentialTests {
    /// The census of `bytes` by `engine`.
    static func census(_ bytes: ArraySlice<UInt8>, _ engine: CSVEngine) -> (commas: Int, hasLetter: Bool) {
        var letter: Int32 = 0
        let commas = bytes.withUnsafeBytes { CTFRecordAccel_csv_count_commas_with(engine.c, $0.baseAddress, $0.count, &letter) }
        return (commas, letter != 0)
    }

    @Test(arguments: [CSVEngine.scalar] + CSVEngine.availableSIMD + [.auto])
    func matchesAByteLoop(engine: CSVEngine) {
        var random = SplitMix64(seed: 91)
        for length in [0, 1, 31, 32, 33, 63, 64, 65, 255 * 32 - 1, 255 * 32, 255 * 32 + 1, 3 * 255 * 32 + 17, 100_000] {
            for perMille in [0, 3, 200, 500, 1000] {
                for withLetters in [false, true] {
                    // Commas at that density among digits, and now and then a byte next to the
                    // letters' ranges (either case), or a letter.
                    let others: [UInt8] = [0x40, 0x5B, 0x60, 0x7B, 0xC1, 0xE1, 0xFA] + (withLetters ? Array("azAZ".utf8) : [])
                    let bytes = (0..<(length + 40)).map { _ -> UInt8 in
                        if random.chance(perMille) { return UInt8(ascii: ",") }
                        if random.chance(5) { return others[random.below(others.count)] }
                        return UInt8(ascii: "0") + UInt8(random.below(10))
                    }
                    for skip in [0, 1, 7, 31] {
                        let slice = bytes[skip..<(skip + length)]
                        let expected = (
                            commas: slice.filter { $0 == UInt8(ascii: ",") }.count,
                            hasLetter: slice.contains { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") })
                        let got = Self.census(slice, engine)
                        #expect(got == expected, "\(engine), length \(length), density \(perMille)‰, skip \(skip)")
                        #expect(got == Self.census(slice, .scalar), "\(engine) against the scalar reference")
                    }
                }
            }
        }
    }
}
