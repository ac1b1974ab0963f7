/// Chooses the file names of exported images: `<12 random digits>_<label>.<ext>` as the
/// reference workflow does, or `<index>_<label>.<ext>`, never the same name twice.
///
/// Random names come from the generator given, so a seeded generator gives the same names
/// on every run and machine: the 12 digits are `100000000000 + ⌊next() · 900000000000 / 2⁶⁴⌋`
/// (multiply-high; it depends only on the generator's 64-bit outputs, not on the standard
/// library's `random(in:)`). A name drawn before — or reported taken with
/// ``markTaken(_:)``, e.g. because the file exists — is redrawn.
///
/// ```swift
/// var namer = ImageFileNamer(naming: .random, format: .jpeg, generator: SeededGenerator(seed: 1))
/// namer.nextName(label: 5)  // "732629649842_5.jpeg"
/// ```
public struct ImageFileNamer {
    /// The naming scheme.
    public let naming: ImageNaming
    /// The file name extension, without the dot.
    public let fileExtension: String
    private var generator: any RandomNumberGenerator
    private var taken: Set<String> = []
    private var index = 0

    /// The lowest and highest random number: twelve digits, as the reference draws them.
    public static let randomRange: ClosedRange<UInt64> = 100_000_000_000...999_999_999_999

    /// Creates a namer.
    ///
    /// - Parameters:
    ///   - naming: random digits or a running index.
    ///   - format: gives the extension, `jpeg` or `png`.
    ///   - generator: the source of random names (unused with `.index`); pass a seeded
    ///     generator for reproducible names.
    public init(naming: ImageNaming, format: ImageFormat, generator: some RandomNumberGenerator = SystemRandomNumberGenerator()) {
        self.naming = naming
        self.fileExtension = format.fileExtension
        self.generator = generator
    }

    /// Names handed out or marked taken so far (with `.random`; `.index` names cannot repeat
    /// and are not stored).
    public var takenCount: Int { taken.count }

    /// The next file name for an image with `label` (`nil`: no label, `<digits>.jpeg`).
    ///
    /// - Complexity: O(1) expected; a redraw happens with probability (names so far) / 9·10¹¹.
    public mutating func nextName(label: Int64?) -> String {
        let suffix = (label.map { "_\($0)" } ?? "") + "." + fileExtension
        switch naming {
        case .index:
            index += 1
            let digits = String(index)
            return String(repeating: "0", count: max(0, 6 - digits.count)) + digits + suffix
        case .random:
            while true {
                let span = Self.randomRange.upperBound - Self.randomRange.lowerBound + 1
                let draw = Self.randomRange.lowerBound + generator.next().multipliedFullWidth(by: span).high
                let name = String(draw) + suffix
                if taken.insert(name).inserted { return name }
            }
        }
    }

    /// Records that `name` is not available (a file of that name exists), so that it is
    /// never handed out.
    public mutating func markTaken(_ name: String) {
        if naming == .random { taken.insert(name) }
    }
}
