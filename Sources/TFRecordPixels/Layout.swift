/// The order of the values of one image in the output.
public enum Layout: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Height, width, channel (channel last): the input's order, kept.
    case hwc
    /// Channel, height, width: one plane per channel (PyTorch's order).
    case chw

    /// `hwc` or `chw`.
    public var description: String { rawValue }
}
