extension PixelTransform {
    /// Transforms images whose values are already floats (a float32 `.npy` array) instead
    /// of pixel bytes: the formula of ``Normalization`` with `x` taken as it is — `x`,
    /// `x / 255` or `(x - mean[c]) * (1 / std[c])` — and the output in ``layout``.
    ///
    /// Scalar only: the engines apply to pixel bytes, and this is bound by memory anyway.
    /// NaN and infinities pass through the formula as IEEE-754 says.
    ///
    /// - Parameters:
    ///   - input: `rows × shape.elements` values, HWC.
    ///   - output: room for as many floats.
    /// - Complexity: O(rows × shape.elements).
    public func apply(floats input: UnsafeBufferPointer<Float>, rows: Int, into output: UnsafeMutableBufferPointer<Float>) {
        let elements = shape.elements
        precondition(rows >= 0 && input.count >= rows * elements && output.count >= rows * elements)
        let pixels = shape.pixels
        let channels = shape.channels
        let channelFirst = layout == .chw
        for image in 0..<rows {
            let base = image * elements
            for p in 0..<pixels {
                for c in 0..<channels {
                    let x = input[base + p * channels + c]
                    let y: Float
                    switch mode {
                    case .none: y = x
                    case .scale: y = x / 255
                    case .standardize: y = (x - mean[c]) * inverseStd[c]
                    }
                    output[channelFirst ? base + c * pixels + p : base + p * channels + c] = y
                }
            }
        }
    }
}
