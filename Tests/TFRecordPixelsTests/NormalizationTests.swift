import Testing
import TFRecordPixels

@Suite("Normalization")
struct NormalizationTests {
    @Test("what description writes (as manifests record it) parses back")
    func roundTrip() {
        for normalization in [Normalization.none, .scale, .standardize(mean: [33.3], std: [78.6]),
                              .standardize(mean: [1, 2.5, 3], std: [4, 5, 6.25])] {
            #expect(Normalization(parsing: normalization.description) == normalization, "\(normalization)")
        }
        #expect(Normalization(parsing: "standardize(mean: [1], std: [2])") == .standardize(mean: [1], std: [2]))
    }

    @Test("anything else is nil")
    func rejects() {
        for text in ["", "Scale", "standardize", "standardize(mean: [], std: [1])", "standardize(mean: [a], std: [1])",
                     "standardize(mean: [1])"] {
            #expect(Normalization(parsing: text) == nil, "\(text)")
        }
    }
}
