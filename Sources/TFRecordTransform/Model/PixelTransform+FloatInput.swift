import TFRecordPixels

extension PixelTransform {
    /// Transforms images whose values are already floats (a float32 `.npy` array) instead
    /// of pixel bytes: the formula of ``Normalization`` with `x` taken as it is — `x`,
    /// `x / 255` or `(x - mean[c]) * (1 / std[c])` — and the output in ``layout``.
    ///
    /// Scalar only: the engines apply to pixel bytes, and this is bound by memory anyway.
    /// NaN and infinities pass through the formula as IEEE-754 says.
    ///
    /// - Parameters:
    ///   - input: `rows × shape.valueCount` values, HWC.
    ///   - output: room for as many floats.
    /// - Complexity: O(rows × shape.valueCount).
    public func apply(floats input: UnsafeBufferPointer<Float>, rows: Int, into output: UnsafeMutableBufferPointer<Float>) {
        let elements = shape.valueCount
        precondition(rows >= 0 && input.count >= rows * elements && output.count >= rows * elements)
        guard let output = output.baseAddress else { return }  // empty: nothing to write
        applyFormula(rows: rows, into: output) { input[$0] }
    }
}
