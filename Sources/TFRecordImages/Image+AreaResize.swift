internal import CTFRecordAccel

extension Image {
    /// This image shrunk to `width` × `height` by area averaging (a box filter, like OpenCV's
    /// `INTER_AREA` and Pillow's `Image.BOX` when shrinking).
    ///
    /// Each output pixel is the exact mean of the source area it covers, fractional pixel
    /// overlaps weighted by their area, rounded half up (`CTFRecordAccel_resize_area_u8`:
    /// integer weights, 64-bit sums). The result depends only on the pixels and sizes.
    ///
    /// - Parameters:
    ///   - width: 1 ... ``width``.
    ///   - height: 1 ... ``height``.
    /// - Returns: the shrunk image; this image when the size is unchanged.
    /// - Throws: ``ImageCodecError`` `.invalidArgument` for a size that is not positive or
    ///   larger than this image's, `.codecFailure` if memory runs out.
    /// - Complexity: O(source pixels · channels).
    public func resizedByArea(width: Int, height: Int) throws(ImageCodecError) -> Image {
        guard width >= 1, height >= 1, width <= self.width, height <= self.height else {
            throw ImageCodecError(
                .invalidArgument,
                "cannot shrink \(self.width)x\(self.height) to \(width)x\(height): area resizing only shrinks")
        }
        if width == self.width && height == self.height { return self }
        var status: Int32 = 0
        let out = [UInt8](unsafeUninitializedCapacity: width * height * channels) { buffer, initialized in
            status = pixels.withUnsafeBytes { source in
                CTFRecordAccel_resize_area_u8(
                    source.baseAddress, self.width, self.height, channels, buffer.baseAddress, width, height)
            }
            initialized = status == 0 ? buffer.count : 0
        }
        guard status == 0 else {
            throw ImageCodecError(
                .codecFailure, "area resizing \(self.width)x\(self.height) to \(width)x\(height) failed")
        }
        return Image(unchecked: width, height: height, channels: channels, pixels: out)
    }
}
