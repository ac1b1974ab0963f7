extension PixelTransform {
    /// The scalar engine: plain loops over images, pixels and channels, one ``value(_:channel:)``
    /// per element. The reference that the other engines are compared with.
    ///
    /// `input` holds `rows × shape.elements` bytes and `output` room for as many floats.
    ///
    /// - Complexity: O(rows × shape.elements).
    func applyScalar(_ input: UnsafePointer<UInt8>, rows: Int, into output: UnsafeMutablePointer<Float>) {
        let pixels = shape.pixels
        let channels = shape.channels
        let elements = shape.elements
        let channelFirst = layout == .chw
        for image in 0..<rows {
            let base = image * elements
            for p in 0..<pixels {
                for c in 0..<channels {
                    let y = value(input[base + p * channels + c], channel: c)
                    output[channelFirst ? base + c * pixels + p : base + p * channels + c] = y
                }
            }
        }
    }
}
