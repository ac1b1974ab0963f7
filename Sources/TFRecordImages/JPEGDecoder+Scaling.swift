internal import CTurboJPEG

extension JPEGDecoder {
    /// A factor libjpeg-turbo's scaled IDCT decodes at directly (`tjscalingfactor`).
    public struct ScalingFactor: Sendable, Equatable, CustomStringConvertible {
        /// The numerator.
        public var numerator: Int
        /// The denominator.
        public var denominator: Int

        /// Creates a factor of `numerator / denominator`.
        public init(numerator: Int, denominator: Int) {
            self.numerator = numerator
            self.denominator = denominator
        }

        /// `dimension` scaled by this factor, rounded up (TurboJPEG's `TJSCALED`).
        public func scaled(_ dimension: Int) -> Int { (dimension * numerator + denominator - 1) / denominator }

        /// `numerator/denominator`, e.g. `1/4`.
        public var description: String { "\(numerator)/\(denominator)" }
    }

    /// The reducing factors decoded at: 1/8, 1/4, 1/2 and 1 (those of `tjGetScalingFactors`),
    /// smallest first.
    ///
    /// Only halvings: libjpeg-turbo has SIMD code for the 8×8 IDCT and the reduced 4×4, 2×2
    /// and 1×1 ones, and plain C for the others (3/8, 5/8, 3/4, 7/8). Measured on a 500×375
    /// photo (4:2:0), a 5/8 decode took 2.14 ms against 1.82 ms at full size, so decoding at
    /// 1/1 and area-filtering the rest is faster than any of them.
    public static let reducingScalingFactors: [ScalingFactor] = {
        var count: Int32 = 0
        guard let factors = tjGetScalingFactors(&count), count > 0 else {
            return [ScalingFactor(numerator: 1, denominator: 1)]
        }
        let all = UnsafeBufferPointer(start: factors, count: Int(count)).map {
            ScalingFactor(numerator: Int($0.num), denominator: Int($0.denom))
        }
        let halvings = all.filter { $0.numerator == 1 && [1, 2, 4, 8].contains($0.denominator) }
        return halvings.sorted { $0.numerator * $1.denominator < $1.numerator * $0.denominator }
    }()

    /// The smallest reducing factor whose scaled size is still at least `minWidth` ×
    /// `minHeight`: decoding at it does the least work without losing detail the target needs.
    ///
    /// - Returns: 1/1 when no smaller factor is large enough.
    public static func scalingFactor(width: Int, height: Int, toAtLeast minWidth: Int, _ minHeight: Int)
        -> ScalingFactor
    {
        reducingScalingFactors.first { $0.scaled(width) >= minWidth && $0.scaled(height) >= minHeight }
            ?? ScalingFactor(numerator: 1, denominator: 1)
    }

    /// Decodes a gray, YCbCr or RGB JPEG at the smallest IDCT scale whose size is still at least
    /// `minWidth` × `minHeight` (`tjDecompress2` with a scaled width and height).
    ///
    /// As strict as ``decode(_:channels:)``: any libjpeg warning fails the decode.
    ///
    /// - Parameters:
    ///   - data: the complete JPEG file.
    ///   - minWidth: the least width wanted; the result may be wider.
    ///   - minHeight: the least height wanted; the result may be taller.
    ///   - channels: 1 or 3, or `nil` for the file's.
    ///   - idct: the inverse DCT (accurate by default).
    /// - Returns: the image at the chosen scale.
    /// - Throws: ``ImageCodecError``: as ``decode(_:channels:)``; the pixel limit applies to
    ///   the full-size image (libjpeg's own buffers grow with it).
    /// - Complexity: O(width · height) entropy decoding, O(scaled size) for the rest.
    public func decode(
        _ data: UnsafeRawBufferPointer, scaledToAtLeast minWidth: Int, _ minHeight: Int, channels: Int? = nil,
        idct: InverseDCT = .accurate
    )
        throws(ImageCodecError) -> Image
    {
        let shape = try header(of: data)
        let outChannels = channels ?? shape.channels
        guard outChannels == 1 || outChannels == 3 else {
            throw ImageCodecError(.invalidArgument, "\(outChannels) channels: only 1 (gray) or 3 (RGB) are supported")
        }
        let factor = Self.scalingFactor(width: shape.width, height: shape.height, toAtLeast: minWidth, minHeight)
        let format = outChannels == 1 ? Int32(TJPF_GRAY.rawValue) : Int32(TJPF_RGB.rawValue)
        let (pixels, width, height) = try decompress(
            data, width: shape.width, height: shape.height, factor: factor, format: format, pixelSize: outChannels,
            idct: idct)
        return Image(unchecked: width, height: height, channels: outChannels, pixels: pixels)
    }

    /// ``decode(_:scaledToAtLeast:_:channels:idct:)`` for a byte array.
    public func decode(
        _ data: [UInt8], scaledToAtLeast minWidth: Int, _ minHeight: Int, channels: Int? = nil,
        idct: InverseDCT = .accurate
    ) throws(ImageCodecError) -> Image {
        try rethrowingImageCodecError {
            try data.withUnsafeBytes { raw in
                try decode(raw, scaledToAtLeast: minWidth, minHeight, channels: channels, idct: idct)
            }
        }
    }

    /// Decodes a CMYK or YCCK JPEG to RGB as TensorFlow does (``CMYKConversion``): TurboJPEG
    /// decodes to CMYK (`TJPF_CMYK`; libjpeg converts YCCK to CMYK), then each pixel is
    /// converted by TensorFlow's formula for files with or without an Adobe marker.
    ///
    /// - Parameters:
    ///   - data: the complete JPEG file.
    ///   - minSize: decode at the smallest IDCT scale whose size is still at least this;
    ///     `nil` (the default) decodes at full size.
    ///   - idct: the inverse DCT (accurate by default).
    /// - Returns: a 3-channel image.
    /// - Throws: ``ImageCodecError``: `.unsupportedFormat` for a JPEG that is not CMYK or
    ///   YCCK, and the errors of ``decode(_:channels:)``.
    public func decodeCMYKToRGB(
        _ data: UnsafeRawBufferPointer, scaledToAtLeast minSize: (width: Int, height: Int)? = nil,
        idct: InverseDCT = .accurate
    )
        throws(ImageCodecError) -> Image
    {
        let info = try headerInfo(of: data)
        guard info.colorspace == Int32(TJCS_CMYK.rawValue) || info.colorspace == Int32(TJCS_YCCK.rawValue) else {
            throw ImageCodecError(.unsupportedFormat, "not a CMYK or YCCK JPEG")
        }
        let adobe = JPEGMarkers.parse(data)?.hasAdobeMarker ?? false
        let factor =
            minSize.map { Self.scalingFactor(width: info.width, height: info.height, toAtLeast: $0.width, $0.height) }
            ?? ScalingFactor(numerator: 1, denominator: 1)
        let (cmyk, width, height) = try decompress(
            data, width: info.width, height: info.height, factor: factor, format: Int32(TJPF_CMYK.rawValue),
            pixelSize: 4, idct: idct)
        return Image(
            unchecked: width, height: height, channels: 3, pixels: CMYKConversion.rgb(fromCMYK: cmyk, adobe: adobe))
    }

    /// ``decodeCMYKToRGB(_:scaledToAtLeast:idct:)`` for a byte array.
    public func decodeCMYKToRGB(
        _ data: [UInt8], scaledToAtLeast minSize: (width: Int, height: Int)? = nil, idct: InverseDCT = .accurate
    ) throws(ImageCodecError) -> Image {
        try rethrowingImageCodecError {
            try data.withUnsafeBytes { raw in try decodeCMYKToRGB(raw, scaledToAtLeast: minSize, idct: idct) }
        }
    }

    /// The size, whether the colour space is CMYK or YCCK, the channel count, and the sampling
    /// of its planes when it decodes to planes (``decodePlanes(_:scaledToAtLeast:_:idct:)``)
    /// (`tjDecompressHeader3`).
    ///
    /// - Throws: ``ImageCodecError`` `.unsupportedFormat` (no JPEG magic), `.corruptData`.
    func colorInfo(of data: UnsafeRawBufferPointer) throws(ImageCodecError) -> (
        width: Int, height: Int, isCMYK: Bool, channels: Int, planeSampling: YCbCrPlanes.Sampling?
    ) {
        let info = try headerInfo(of: data)
        let cmyk = info.colorspace == Int32(TJCS_CMYK.rawValue) || info.colorspace == Int32(TJCS_YCCK.rawValue)
        let channels = cmyk ? 4 : info.colorspace == Int32(TJCS_GRAY.rawValue) ? 1 : 3
        let sampling = Self.planeSampling(colorspace: info.colorspace, subsampling: info.subsampling)
        return (info.width, info.height, cmyk, channels, sampling)
    }

    /// `tjDecompressHeader3`: size, colour space (CMYK included) and chroma subsampling (a
    /// `TJSAMP` value, or -1 for sampling factors TurboJPEG cannot name).
    func headerInfo(of data: UnsafeRawBufferPointer) throws(ImageCodecError) -> (
        width: Int, height: Int, colorspace: Int32, subsampling: Int32
    ) {
        guard ImageFormat.detect(data) == .jpeg else {
            throw ImageCodecError(.unsupportedFormat, "not a JPEG image: \(ImageFormat.describeUnknown(data))")
        }
        var width: Int32 = 0
        var height: Int32 = 0
        var subsampling: Int32 = 0
        var colorspace: Int32 = 0
        let status = tjDecompressHeader3(
            handle, data.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt(data.count), &width, &height,
            &subsampling, &colorspace)
        guard status == 0, width > 0, height > 0 else {
            let message = status == 0 ? "zero width or height" : errorText
            recover()
            if message.contains("subsampling type"), let info = Self.headerInfoFromMarkers(data) {
                return (info.width, info.height, info.colorspace, -1)
            }
            throw ImageCodecError(.corruptData, "corrupt JPEG header: \(message)")
        }
        return (Int(width), Int(height), colorspace, subsampling)
    }

    /// The size and colour space from the marker walk, for JPEGs that TurboJPEG 2.x's
    /// `tjDecompressHeader3` refuses only because their chroma sampling factors match none of
    /// its `TJSAMP` values ("Could not determine subsampling type"). libjpeg decodes them,
    /// and so does `tjDecompress2`, which does not ask for the subsampling.
    ///
    /// The colour space is libjpeg's guess for the component count: gray for 1, YCbCr for 3
    /// (only "not gray, not CMYK" matters here), YCCK for 4 with Adobe transform 2, else CMYK.
    static func headerInfoFromMarkers(_ data: UnsafeRawBufferPointer) -> (width: Int, height: Int, colorspace: Int32)? {
        guard let markers = JPEGMarkers.parse(data), markers.width > 0, markers.height > 0 else { return nil }
        let colorspace: TJCS
        switch markers.components {
        case 1: colorspace = TJCS_GRAY
        case 3: colorspace = TJCS_YCbCr
        case 4: colorspace = markers.adobeTransform == 2 ? TJCS_YCCK : TJCS_CMYK
        default: return nil
        }
        return (markers.width, markers.height, Int32(colorspace.rawValue))
    }

    /// `tjDecompress2` at `factor` into a new array of `pixelSize`-byte pixels; checks the
    /// pixel limit on the full size first.
    private func decompress(
        _ data: UnsafeRawBufferPointer, width: Int, height: Int, factor: ScalingFactor, format: Int32, pixelSize: Int,
        idct: InverseDCT
    ) throws(ImageCodecError) -> (pixels: [UInt8], width: Int, height: Int) {
        try checkPixelLimit(width: width, height: height)
        let outWidth = factor.scaled(width)
        let outHeight = factor.scaled(height)
        var status: Int32 = 0
        let pixels = [UInt8](unsafeUninitializedCapacity: outWidth * outHeight * pixelSize) { buffer, initialized in
            // Any libjpeg warning fails the decode (see the type's documentation), so
            // TJFLAG_STOPONWARNING stops at the first rather than decode the rest of a truncated
            // image as grey: for a few hundred bytes declaring 16384x16384, seconds of work. On
            // failure the array is thrown away: keep none of it (bytes need no deinitializing).
            status = tjDecompress2(
                handle, data.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt(data.count), buffer.baseAddress,
                Int32(outWidth), 0, Int32(outHeight), format, idct.tjFlag | TJFLAG_STOPONWARNING)
            initialized = status == 0 ? buffer.count : 0
        }
        guard status == 0 else { throw decodingFailure() }
        return (pixels, outWidth, outHeight)
    }

    /// Refuses an image of more than ``maxPixels`` pixels (before any pixel memory is allocated).
    func checkPixelLimit(width: Int, height: Int) throws(ImageCodecError) {
        guard width * height <= maxPixels else {
            throw ImageCodecError(
                .tooLarge, "JPEG image of \(width)x\(height) exceeds the limit of \(maxPixels) pixels")
        }
    }

    /// The error of a failed `tjDecompress*` call, worded from TurboJPEG's message; the handle
    /// is replaced (``recover()``).
    func decodingFailure() -> ImageCodecError {
        let message = errorText
        let code: ImageCodecError.Code =
            tjGetErrorCode(handle) == Int32(TJERR_WARNING.rawValue) || !message.contains("Unsupported")
            ? .corruptData : .unsupportedFormat
        recover()
        return ImageCodecError(code, "\(code == .corruptData ? "corrupt JPEG data" : "unsupported JPEG"): \(message)")
    }
}
