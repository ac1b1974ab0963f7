extension Normalization {
    /// Parses what ``description`` writes, as manifests record it: `none`, `scale`, or
    /// `standardize(mean: [33.3], std: [78.6])`; `nil` for anything else.
    public init?(parsing text: String) {
        switch text {
        case "none": self = .none
        case "scale": self = .scale
        default:
            guard text.hasPrefix("standardize("), let mean = Self.list(after: "mean", in: text),
                  let std = Self.list(after: "std", in: text)
            else { return nil }
            self = .standardize(mean: mean, std: std)
        }
    }

    /// The numbers in `key: [a, b, …]` within `text`; `nil` if there are none or one is not a number.
    private static func list(after key: String, in text: String) -> [Float]? {
        guard let keyRange = text.firstRange(of: key + ": ["),
              let end = text[keyRange.upperBound...].firstIndex(of: "]")
        else { return nil }
        let values = text[keyRange.upperBound..<end].split(separator: ",").map { Float(String($0.filter { !$0.isWhitespace })) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else { return nil }
        return values.map { $0! }
    }
}
