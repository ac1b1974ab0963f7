import TFRecordPixels

/// What to do to a batch of images: UInt8 HWC pixels → Float32, normalized, in a layout.
///
/// A value: validated once, shared freely between threads. ``TransformExecutor`` runs it.
public struct PixelTransform: Sendable, Hashable, CustomStringConvertible {
    public let shape: ImageShape
    public let normalization: Normalization
    public let layout: Layout

    /// The formula, without the payload (cheap to switch on in loops).
    enum Mode: Sendable, Hashable {
        case none, scale, standardize
    }

    let mode: Mode
    /// Per-channel offsets subtracted before the multiplication (standardize), else 0.
    let mean: [Float]
    /// Per-channel factors `1 / std[c]` in Float32 (standardize), else 1.
    let inverseStd: [Float]

    /// A transform.
    ///
    /// - Parameters:
    ///   - shape: the shape of one image.
    ///   - normalization: the formula per value (see ``Normalization``).
    ///   - layout: the order of the output (``Layout/hwc`` keeps the input's).
    /// - Throws: ``TransformError`` (`isUsage`) for an image of more than 2^31 − 1 values, or
    ///   when `standardize` has not one mean and one std per channel, or a std that is zero or
    ///   not finite, or a mean that is not finite.
    public init(shape: ImageShape, normalization: Normalization = .scale, layout: Layout = .hwc) throws(TransformError)
    {
        // The engines index values with 32-bit integers (the OpenCL kernel, the C SIMD loop).
        guard shape.valueCount <= Int(Int32.max) else {
            throw TransformError(.invalidArgument, "image shape \(shape) is too large")
        }
        let channels = shape.channels
        switch normalization {
        case .none, .scale:
            mode = normalization == .none ? .none : .scale
            mean = Array(repeating: 0, count: channels)
            inverseStd = Array(repeating: 1, count: channels)
        case .standardize(let mean, let std):
            guard mean.count == channels, std.count == channels else {
                throw TransformError(
                    .invalidArgument,
                    "standardize needs one mean and one std per channel (\(channels)), "
                        + "got \(mean.count) and \(std.count)")
            }
            guard mean.allSatisfy(\.isFinite), std.allSatisfy({ $0.isFinite && $0 != 0 }) else {
                throw TransformError(
                    .invalidArgument, "standardize needs finite means and finite, non-zero stds, got \(mean) and \(std)"
                )
            }
            mode = .standardize
            self.mean = mean
            // The reciprocal, once, in Float32: every engine multiplies by exactly this value.
            inverseStd = std.map { 1 / $0 }
        }
        self.shape = shape
        self.normalization = normalization
        self.layout = layout
    }

    /// Floats written for `rows` images (the bytes read are as many).
    public func outputCount(rows: Int) -> Int { rows * shape.valueCount }

    /// The reference value of pixel value `x` of channel `channel`: the formula every engine
    /// must reproduce bit for bit.
    @inline(__always)
    public func value(_ x: UInt8, channel: Int) -> Float {
        switch mode {
        case .none: Float(x)
        case .scale: Float(x) / 255
        case .standardize: (Float(x) - mean[channel]) * inverseStd[channel]
        }
    }

    public var description: String { "\(shape) \(normalization) \(layout)" }
}
