/// CMYK to RGB exactly as TensorFlow's `tf.io.decode_jpeg` does it.
///
/// TensorFlow (`tensorflow/core/lib/jpeg/jpeg_mem.cc`) decodes CMYK and YCCK JPEGs with
/// `out_color_space = JCS_CMYK` (libjpeg turns YCCK into CMYK) and converts each pixel
/// without a colour profile, in integer arithmetic (division truncates):
/// - with an Adobe APP14 marker (`saw_Adobe_marker`), whose files store inverted CMYK:
///   `r = c·k / 255`, `g = m·k / 255`, `b = y·k / 255`;
/// - without one: `r = (255 − c)·(255 − k) / 255`, and likewise for g and b.
public enum CMYKConversion {
    /// One pixel's RGB.
    ///
    /// - Parameters:
    ///   - adobe: whether the JPEG has an Adobe APP14 marker (``JPEGMarkers/hasAdobeMarker``).
    /// - Returns: the red, green and blue samples.
    @inlinable
    public static func rgb(c: UInt8, m: UInt8, y: UInt8, k: UInt8, adobe: Bool) -> (r: UInt8, g: UInt8, b: UInt8) {
        let c = Int(c)
        let m = Int(m)
        let y = Int(y)
        let k = Int(k)
        if adobe {
            return (UInt8(c * k / 255), UInt8(m * k / 255), UInt8(y * k / 255))
        }
        return (
            UInt8((255 - c) * (255 - k) / 255), UInt8((255 - m) * (255 - k) / 255), UInt8((255 - y) * (255 - k) / 255)
        )
    }

    /// Converts interleaved CMYK pixels (4 bytes each, as TurboJPEG's `TJPF_CMYK` gives them)
    /// to interleaved RGB.
    ///
    /// - Parameters:
    ///   - cmyk: `4 · n` samples.
    ///   - adobe: whether the JPEG has an Adobe APP14 marker.
    /// - Returns: `3 · n` samples.
    /// - Complexity: O(n).
    public static func rgb(fromCMYK cmyk: [UInt8], adobe: Bool) -> [UInt8] {
        let count = cmyk.count / 4
        return [UInt8](unsafeUninitializedCapacity: count * 3) { out, initialized in
            cmyk.withUnsafeBufferPointer { src in
                for i in 0..<count {
                    let (r, g, b) = rgb(
                        c: src[4 * i], m: src[4 * i + 1], y: src[4 * i + 2], k: src[4 * i + 3], adobe: adobe)
                    out[3 * i] = r
                    out[3 * i + 1] = g
                    out[3 * i + 2] = b
                }
            }
            initialized = count * 3
        }
    }
}
