/// A bounding box in coordinates relative to its image's width and height, each in
/// `0...1`, `xmin < xmax` and `ymin < ymax`: what `image/object/bbox/xmin|ymin|xmax|ymax`
/// hold in an ImageNet record.
public struct RelativeBox: Sendable, Hashable {
    /// The left edge, a fraction of the width.
    public var xmin: Float
    /// The top edge, a fraction of the height.
    public var ymin: Float
    /// The right edge, a fraction of the width.
    public var xmax: Float
    /// The bottom edge, a fraction of the height.
    public var ymax: Float

    /// Creates a box from its edges.
    public init(xmin: Float, ymin: Float, xmax: Float, ymax: Float) {
        self.xmin = xmin
        self.ymin = ymin
        self.xmax = xmax
        self.ymax = ymax
    }
}
