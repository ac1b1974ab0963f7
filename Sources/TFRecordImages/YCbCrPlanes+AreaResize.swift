internal import CTFRecordAccel

extension YCbCrPlanes {
    /// The sampling of a shrunk image: gray stays gray, colour becomes 4:2:0 (what
    /// ``JPEGEncoder`` writes for colour).
    public static func shrunkSampling(of sampling: Sampling) -> Sampling { sampling == .gray ? .gray : .s420 }

    /// Whether planes of `sampling` for a `width` × `height` image can shrink to `toWidth` ×
    /// `toHeight` (``resizedByArea(width:height:)``): the target is no larger in either
    /// direction, and neither is any of its 4:2:0 chroma planes than the source's (4:1:1 chroma,
    /// a quarter of the width, can be narrower).
    public static func canShrink(width: Int, height: Int, sampling: Sampling, toWidth: Int, _ toHeight: Int) -> Bool {
        guard toWidth >= 1, toHeight >= 1, toWidth <= width, toHeight <= height else { return false }
        let target = shrunkSampling(of: sampling)
        return (1..<sampling.planeCount).allSatisfy { plane in
            planeWidth(plane, width: toWidth, sampling: target) <= planeWidth(plane, width: width, sampling: sampling)
                && planeHeight(plane, height: toHeight, sampling: target)
                    <= planeHeight(plane, height: height, sampling: sampling)
        }
    }

    /// This image shrunk to `width` × `height` by area averaging, plane by plane, in
    /// ``shrunkSampling(of:)``.
    ///
    /// The luma plane's `width` × `height` pixels (not its padding) shrink as
    /// ``Image/resizedByArea(width:height:)`` shrinks one channel; each chroma plane shrinks
    /// whole to the target's chroma plane, so that its samples keep covering the same luma
    /// areas (to within the half sample a padded edge adds). Padding repeats the edges
    /// (`CTFRecordAccel_plane_extend_edges`), so the result depends only on the planes and sizes.
    ///
    /// - Returns: the shrunk planes; these planes when the size and sampling are unchanged.
    /// - Throws: ``ImageCodecError`` `.invalidArgument` when
    ///   ``canShrink(width:height:sampling:toWidth:_:)`` is false, `.codecFailure` if memory
    ///   runs out.
    /// - Complexity: O(the source planes' bytes).
    public func resizedByArea(width: Int, height: Int) throws(ImageCodecError) -> YCbCrPlanes {
        guard Self.canShrink(width: self.width, height: self.height, sampling: sampling, toWidth: width, height) else {
            throw ImageCodecError(
                .invalidArgument,
                "cannot shrink \(self.width)x\(self.height) planes (\(sampling)) to \(width)x\(height)")
        }
        let target = Self.shrunkSampling(of: sampling)
        if width == self.width && height == self.height && target == sampling { return self }
        var status: Int32 = 0
        let out = [UInt8](unsafeUninitializedCapacity: Self.byteCount(width: width, height: height, sampling: target)) {
            buffer, initialized in
            bytes.withUnsafeBytes { source in
                var (inOffset, outOffset) = (0, 0)
                for plane in 0..<sampling.planeCount where status == 0 {
                    let (inStride, inRows) = (planeWidth(plane), planeHeight(plane))
                    let outStride = Self.planeWidth(plane, width: width, sampling: target)
                    let outRows = Self.planeHeight(plane, height: height, sampling: target)
                    let (from, to) =
                        plane == 0
                        ? ((self.width, self.height), (width, height)) : ((inStride, inRows), (outStride, outRows))
                    let output = buffer.baseAddress! + outOffset
                    status = CTFRecordAccel_resize_area_u8_strided(
                        CTFRecordAccel_RESIZE_AUTO, source.baseAddress! + inOffset, inStride, from.0, from.1, 1, output,
                        outStride, to.0, to.1)
                    if status == 0 {
                        status = CTFRecordAccel_plane_extend_edges(output, outStride, to.0, to.1, outStride, outRows)
                    }
                    inOffset += inStride * inRows
                    outOffset += outStride * outRows
                }
            }
            initialized = status == 0 ? buffer.count : 0
        }
        guard status == 0 else {
            throw ImageCodecError(
                .codecFailure, "area resizing \(self.width)x\(self.height) planes to \(width)x\(height) failed")
        }
        return YCbCrPlanes(unchecked: width, height: height, sampling: target, bytes: out)
    }
}
