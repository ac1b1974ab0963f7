internal import CTurboJPEG

/// Compresses 8-bit gray or RGB pixels to baseline JPEG with libjpeg-turbo's TurboJPEG API.
///
/// One encoder per thread: it owns a TurboJPEG compressor (`tjInitCompress`, freed by
/// `tjDestroy` in `deinit`) and one output buffer (`tjAlloc`) that it reuses for every
/// image, so encoding allocates nothing but the returned array (and nothing at all with
/// ``withEncoded(pixels:width:height:channels:quality:subsampling:_:)``).
///
/// Settings, fixed so that output depends only on pixels and parameters:
/// - 1 channel: a one-component grayscale JPEG (`TJPF_GRAY`, `TJSAMP_GRAY`).
/// - 3 channels: YCbCr with ``ChromaSubsampling/s420`` by default — what TensorFlow's
///   `tf.io.encode_jpeg` (`chroma_downsampling=True`) and Pillow do; choose
///   ``ChromaSubsampling/s444`` to keep full colour resolution.
/// - The accurate integer DCT (`TJFLAG_ACCURATEDCT`, libjpeg's `JDCT_ISLOW`, as TensorFlow
///   and Pillow use), standard Huffman tables, baseline (not progressive), no metadata.
///
/// Not thread-safe: use one encoder per thread.
public final class JPEGEncoder {
    /// How the chroma (Cb, Cr) planes of an RGB image are subsampled.
    public enum ChromaSubsampling: String, CaseIterable, Sendable {
        /// No subsampling (4:4:4).
        case s444 = "4:4:4"
        /// Half horizontal resolution (4:2:2).
        case s422 = "4:2:2"
        /// Half horizontal and vertical resolution (4:2:0): TensorFlow's and Pillow's default.
        case s420 = "4:2:0"

        var tjValue: Int32 {
            switch self {
            case .s444: Int32(TJSAMP_444.rawValue)
            case .s422: Int32(TJSAMP_422.rawValue)
            case .s420: Int32(TJSAMP_420.rawValue)
            }
        }
    }

    /// The largest width or height a JPEG can have (libjpeg's `JPEG_MAX_DIMENSION`).
    public static let maxDimension = 65_500

    private var handle: UnsafeMutableRawPointer
    private var buffer: UnsafeMutablePointer<UInt8>?
    private var capacity = 0

    /// Creates an encoder.
    ///
    /// - Throws: ``ImageCodecError`` `.codecFailure` if `tjInitCompress` fails (out of memory).
    public init() throws(ImageCodecError) {
        guard let handle = tjInitCompress() else {
            throw ImageCodecError(.codecFailure, "cannot create a JPEG compressor: \(String(cString: tjGetErrorStr2(nil)))")
        }
        self.handle = handle
    }

    deinit {
        if let buffer { tjFree(buffer) }
        tjDestroy(handle)
    }

    /// Compresses an image and calls `body` with the JPEG bytes, which are valid only
    /// inside `body` (they live in the encoder's reusable buffer).
    ///
    /// - Parameters:
    ///   - pixels: `width * height * channels` samples, row-major, top row first.
    ///   - channels: 1 (gray) or 3 (RGB).
    ///   - quality: 1...100; 95 keeps 28×28 digits above 40 dB PSNR.
    ///   - subsampling: for RGB only; gray images have a single component.
    /// - Returns: what `body` returns.
    /// - Throws: ``ImageCodecError`` `.invalidArgument` for bad dimensions, channel count,
    ///   sample count or quality; `.codecFailure` if `tjCompress2` fails.
    /// - Complexity: O(width · height).
    public func withEncoded<Result>(
        pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int, quality: Int = 95,
        subsampling: ChromaSubsampling = .s420, _ body: (UnsafeRawBufferPointer) -> Result
    ) throws(ImageCodecError) -> Result {
        try Image.validate(width: width, height: height, channels: channels, count: pixels.count)
        try Self.validate(width: width, height: height, quality: quality)
        let sampling = channels == 1 ? Int32(TJSAMP_GRAY.rawValue) : subsampling.tjValue
        let format = channels == 1 ? Int32(TJPF_GRAY.rawValue) : Int32(TJPF_RGB.rawValue)
        try reserveOutput(width: width, height: height, sampling: sampling)
        var output = buffer
        var size = UInt(capacity)
        let status = tjCompress2(
            handle, pixels.baseAddress, Int32(width), 0, Int32(height), format, &output, &size, sampling,
            Int32(quality), TJFLAG_NOREALLOC | TJFLAG_ACCURATEDCT)
        guard status == 0, let output else { throw compressionFailure() }
        return body(UnsafeRawBufferPointer(start: output, count: Int(size)))
    }

    /// Compresses planes (`tjCompressFromYUVPlanes`) in their own sampling, with the settings
    /// of ``withEncoded(pixels:width:height:channels:quality:subsampling:_:)`` otherwise, and
    /// calls `body` with the JPEG bytes, which are valid only inside `body`.
    ///
    /// The planes are coded as they are, with no colour conversion or chroma downsampling.
    ///
    /// - Throws: ``ImageCodecError`` `.invalidArgument` for a bad quality or size,
    ///   `.codecFailure` if `tjCompressFromYUVPlanes` fails.
    /// - Complexity: O(the planes' bytes).
    public func withEncoded<Result>(
        _ planes: YCbCrPlanes, quality: Int = 95, _ body: (UnsafeRawBufferPointer) -> Result
    ) throws(ImageCodecError) -> Result {
        try Self.validate(width: planes.width, height: planes.height, quality: quality)
        let sampling = planes.sampling.tjValue
        try reserveOutput(width: planes.width, height: planes.height, sampling: sampling)
        let strides = (0..<planes.sampling.planeCount).map { Int32(planes.planeWidth($0)) }
        var output = buffer
        var size = UInt(capacity)
        let status = try planes.withPlanePointers { pointers in
            var pointers = pointers
            return tjCompressFromYUVPlanes(
                handle, &pointers, Int32(planes.width), strides, Int32(planes.height), sampling, &output, &size,
                Int32(quality), TJFLAG_NOREALLOC | TJFLAG_ACCURATEDCT)
        }
        guard status == 0, let output else { throw compressionFailure() }
        return body(UnsafeRawBufferPointer(start: output, count: Int(size)))
    }

    /// Compresses planes to a new array of JPEG bytes (see ``withEncoded(_:quality:_:)``).
    public func encode(_ planes: YCbCrPlanes, quality: Int = 95) throws(ImageCodecError) -> [UInt8] {
        try withEncoded(planes, quality: quality) { Array($0) }
    }

    /// Refuses a quality outside 1...100 and a side above ``maxDimension``.
    private static func validate(width: Int, height: Int, quality: Int) throws(ImageCodecError) {
        guard (1...100).contains(quality) else {
            throw ImageCodecError(.invalidArgument, "JPEG quality \(quality) is outside 1...100")
        }
        guard width <= maxDimension && height <= maxDimension else {
            throw ImageCodecError(
                .invalidArgument, "\(width)x\(height) exceeds JPEG's maximum dimension \(maxDimension)")
        }
    }

    /// Makes the reusable output buffer large enough for any JPEG of this size and sampling.
    private func reserveOutput(width: Int, height: Int, sampling: Int32) throws(ImageCodecError) {
        let bound = Int(tjBufSize(Int32(width), Int32(height), sampling))
        guard bound > 0 && bound < Int(Int32.max) else {
            throw ImageCodecError(.invalidArgument, "\(width)x\(height) is too large for one JPEG buffer")
        }
        guard bound > capacity else { return }
        if let buffer { tjFree(buffer) }
        buffer = nil
        capacity = 0
        guard let grown = tjAlloc(Int32(bound)) else {
            throw ImageCodecError(.codecFailure, "cannot allocate a \(bound)-byte JPEG buffer")
        }
        buffer = grown
        capacity = bound
    }

    /// The error of a failed compression; the next image starts from a clean compressor.
    private func compressionFailure() -> ImageCodecError {
        let message = String(cString: tjGetErrorStr2(handle))
        if let fresh = tjInitCompress() {
            tjDestroy(handle)
            handle = fresh
        }
        return ImageCodecError(.codecFailure, "JPEG compression failed: \(message)")
    }

    /// Compresses an image to a new array of JPEG bytes.
    ///
    /// See ``withEncoded(pixels:width:height:channels:quality:subsampling:_:)`` for the
    /// parameters and errors.
    public func encode(
        pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int, quality: Int = 95,
        subsampling: ChromaSubsampling = .s420
    ) throws(ImageCodecError) -> [UInt8] {
        try withEncoded(
            pixels: pixels, width: width, height: height, channels: channels, quality: quality,
            subsampling: subsampling
        ) { Array($0) }
    }

    /// Compresses an image and appends the JPEG bytes to `output`.
    ///
    /// - Returns: the number of bytes appended.
    @discardableResult
    public func encode(
        pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int, quality: Int = 95,
        subsampling: ChromaSubsampling = .s420, appendingTo output: inout [UInt8]
    ) throws(ImageCodecError) -> Int {
        try withEncoded(
            pixels: pixels, width: width, height: height, channels: channels, quality: quality,
            subsampling: subsampling
        ) { bytes in
            output.append(contentsOf: bytes)
            return bytes.count
        }
    }

    /// Compresses `image` to a new array of JPEG bytes.
    public func encode(_ image: Image, quality: Int = 95, subsampling: ChromaSubsampling = .s420)
        throws(ImageCodecError) -> [UInt8]
    {
        try rethrowingImageCodecError {
            try image.pixels.withUnsafeBufferPointer { pixels in
                try encode(
                    pixels: pixels, width: image.width, height: image.height, channels: image.channels,
                    quality: quality, subsampling: subsampling)
            }
        }
    }
}
