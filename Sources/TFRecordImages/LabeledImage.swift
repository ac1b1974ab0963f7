/// An image with the text to show under it (a label, an index): a tile of a
/// ``ContactSheet`` or of a ``TerminalImageRenderer`` grid.
public struct LabeledImage: Sendable, Equatable {
    /// The image.
    public var image: Image
    /// The text; may be empty.
    public var label: String

    /// Creates a labeled image.
    public init(_ image: Image, label: String) {
        self.image = image
        self.label = label
    }
}
