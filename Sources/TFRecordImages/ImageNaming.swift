/// How exported image files are named.
public enum ImageNaming: String, CaseIterable, Sendable {
    /// `<12 random digits>_<label>.jpeg`, as the reference workflow names its files
    /// (`str(random.randint(100000000000, 999999999999)) + f"_{label}.jpeg"`).
    case random
    /// `<index>_<label>.jpeg` with a 1-based index of at least six digits: `000001_5.jpeg`.
    case index
}
