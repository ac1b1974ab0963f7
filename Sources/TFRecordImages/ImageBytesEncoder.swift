/// An encoder that hands out the encoded bytes of an image to a closure; the byte-array
/// conveniences are written once here for every such encoder.
public protocol ImageBytesEncoder {
    /// Encodes an image and calls `body` with the encoded bytes, valid only inside `body`.
    func withEncoded<Result>(
        pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int,
        _ body: (UnsafeRawBufferPointer) -> Result
    ) throws(ImageCodecError) -> Result
}

extension ImageBytesEncoder {
    /// Encodes an image to a new byte array.
    public func encode(pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int)
        throws(ImageCodecError) -> [UInt8]
    {
        try withEncoded(pixels: pixels, width: width, height: height, channels: channels) { Array($0) }
    }

    /// Encodes an image and appends the bytes to `output`.
    ///
    /// - Returns: the number of bytes appended.
    @discardableResult
    public func encode(
        pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int, appendingTo output: inout [UInt8]
    ) throws(ImageCodecError) -> Int {
        try withEncoded(pixels: pixels, width: width, height: height, channels: channels) { bytes in
            output.append(contentsOf: bytes)
            return bytes.count
        }
    }

    /// Encodes `image` to a new byte array.
    public func encode(_ image: Image) throws(ImageCodecError) -> [UInt8] {
        try rethrowingImageCodecError {
            try image.pixels.withUnsafeBufferPointer { pixels in
                try encode(pixels: pixels, width: image.width, height: image.height, channels: image.channels)
            }
        }
    }
}
