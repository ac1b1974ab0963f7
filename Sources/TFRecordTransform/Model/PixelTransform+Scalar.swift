import TFRecordPixels

extension PixelTransform {
    /// The scalar engine: plain loops over images, pixels and channels, one formula of
    /// ``Normalization`` per element. The reference that the other engines are compared with.
    ///
    /// `input` holds `rows × shape.valueCount` bytes and `output` room for as many floats.
    ///
    /// - Complexity: O(rows × shape.valueCount).
    func applyScalar(_ input: UnsafePointer<UInt8>, rows: Int, into output: UnsafeMutablePointer<Float>) {
        applyFormula(rows: rows, into: output) { Float(input[$0]) }
    }

    /// The formula of ``Normalization`` for every element of `rows` images, read in HWC order
    /// and written in ``layout``: the one loop behind the scalar engine and float input
    /// (``apply(floats:rows:into:)``).
    ///
    /// - Parameters:
    ///   - output: room for `rows × shape.elements` floats.
    ///   - value: the input's element at an index, as a float.
    @inline(__always)
    func applyFormula(rows: Int, into output: UnsafeMutablePointer<Float>, _ value: (Int) -> Float) {
        let pixels = shape.pixels
        let channels = shape.channels
        let elements = shape.valueCount
        let channelFirst = layout == .chw
        let mode = mode
        mean.withUnsafeBufferPointer { mean in
            inverseStd.withUnsafeBufferPointer { inverseStd in
                for image in 0..<rows {
                    let base = image * elements
                    for p in 0..<pixels {
                        for c in 0..<channels {
                            let x = value(base + p * channels + c)
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
    }
}
