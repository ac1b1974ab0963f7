internal import CTurboJPEG

extension JPEGDecoder {
    /// Decodes a gray or YCbCr JPEG into its planes, without chroma upsampling or colour
    /// conversion (`tjDecompressToYUVPlanes`), at the smallest IDCT scale whose size is still
    /// at least `minWidth` × `minHeight` (``scalingFactor(width:height:toAtLeast:_:)``).
    ///
    /// As strict as ``decode(_:channels:)``: any libjpeg warning fails the decode.
    ///
    /// - Parameters:
    ///   - data: the complete JPEG file.
    ///   - minWidth: the least width wanted; the result may be wider.
    ///   - minHeight: the least height wanted; the result may be taller.
    ///   - idct: the inverse DCT (accurate by default).
    /// - Returns: the planes at the chosen scale, in the file's chroma subsampling.
    /// - Throws: ``ImageCodecError``: `.unsupportedFormat` for a JPEG that is not gray or
    ///   YCbCr (RGB, CMYK, YCCK) or whose sampling factors TurboJPEG cannot name; otherwise as
    ///   ``decode(_:channels:)``.
    /// - Complexity: O(width · height) entropy decoding, O(scaled size) for the rest.
    public func decodePlanes(
        _ data: UnsafeRawBufferPointer, scaledToAtLeast minWidth: Int, _ minHeight: Int, idct: InverseDCT = .accurate
    ) throws(ImageCodecError) -> YCbCrPlanes {
        let info = try headerInfo(of: data)
        guard let sampling = Self.planeSampling(colorspace: info.colorspace, subsampling: info.subsampling) else {
            throw ImageCodecError(.unsupportedFormat, "only gray and YCbCr JPEGs with named sampling decode to planes")
        }
        try checkPixelLimit(width: info.width, height: info.height)
        let factor = Self.scalingFactor(width: info.width, height: info.height, toAtLeast: minWidth, minHeight)
        let width = factor.scaled(info.width)
        let height = factor.scaled(info.height)
        let offsets = (0..<sampling.planeCount).map {
            YCbCrPlanes.planeOffset($0, width: width, height: height, sampling: sampling)
        }
        var strides = (0..<sampling.planeCount).map {
            Int32(YCbCrPlanes.planeWidth($0, width: width, sampling: sampling))
        }
        var status: Int32 = 0
        let count = YCbCrPlanes.byteCount(width: width, height: height, sampling: sampling)
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var planes: [UnsafeMutablePointer<UInt8>?] = offsets.map { buffer.baseAddress! + $0 }
            // TJFLAG_STOPONWARNING: see decompress(_:width:height:factor:format:pixelSize:idct:).
            status = tjDecompressToYUVPlanes(
                handle, data.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt(data.count), &planes,
                Int32(width), &strides, Int32(height), idct.tjFlag | TJFLAG_STOPONWARNING)
            initialized = status == 0 ? buffer.count : 0
        }
        guard status == 0 else { throw decodingFailure() }
        return YCbCrPlanes(unchecked: width, height: height, sampling: sampling, bytes: bytes)
    }

    /// ``decodePlanes(_:scaledToAtLeast:_:idct:)`` for a byte array.
    public func decodePlanes(
        _ data: [UInt8], scaledToAtLeast minWidth: Int, _ minHeight: Int, idct: InverseDCT = .accurate
    ) throws(ImageCodecError) -> YCbCrPlanes {
        try rethrowingImageCodecError {
            try data.withUnsafeBytes { raw in try decodePlanes(raw, scaledToAtLeast: minWidth, minHeight, idct: idct) }
        }
    }

    /// The planes' sampling of a JPEG with this colour space and `TJSAMP` subsampling, or `nil`
    /// when it does not decode to planes: not gray or YCbCr, or sampling factors without a name.
    static func planeSampling(colorspace: Int32, subsampling: Int32) -> YCbCrPlanes.Sampling? {
        guard colorspace == Int32(TJCS_YCbCr.rawValue) || colorspace == Int32(TJCS_GRAY.rawValue) else { return nil }
        return YCbCrPlanes.Sampling(tjValue: subsampling)
    }
}
