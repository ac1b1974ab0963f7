/// Whether the first line of a CSV is a header to skip.
public enum CSVHeaderMode: String, CaseIterable, Sendable {
    /// A header when the first field of the first line does not start with a digit and the
    /// line holds a letter (`label,pixel0,…`); a first line like `5,0,x` stays data, so a
    /// typo in the first row is reported rather than skipped.
    case auto
    /// The first line is a header.
    case yes
    /// Every line is data.
    case no
}
