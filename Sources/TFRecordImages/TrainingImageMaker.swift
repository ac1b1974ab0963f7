/// Turns the bytes of any image file into a JPEG fit for a training record: the content
/// decides, never the file name.
///
/// - A gray or colour JPEG (1 or 3 components) within the size limit passes through byte for
///   byte, after ``TrainingImageOptions/verification``: `.header` parses the header
///   (`tjDecompressHeader3`) and requires an EOI marker at the end (trailing bytes allowed);
///   `.full` also decodes every pixel strictly. Its width and height come from the header.
/// - A CMYK or YCCK JPEG is decoded and converted to RGB as TensorFlow's `decode_jpeg` does
///   (``CMYKConversion``), then encoded.
/// - PNG, GIF (first frame) and BMP are decoded (alpha composited onto black for PNG and GIF
///   transparency, dropped for BMP) and encoded.
/// - An image larger than ``TrainingImageOptions/resize`` is shrunk: JPEGs are decoded with
///   TurboJPEG's scaled IDCT at the smallest scale still at least the target size
///   (``JPEGDecoder/scalingFactor(width:height:toAtLeast:_:)``) and the fast integer IDCT
///   (``JPEGDecoder/InverseDCT/fast``, `tf.io.decode_jpeg`'s default), everything is then
///   area filtered to the exact target, and encoded. Gray and YCbCr JPEGs decoded at full
///   scale (and 4:4:4 ones at any) shrink in their planes (``YCbCrPlanes``, see
///   `shrinksInPlanes`), the rest in RGB (``Image/resizedByArea(width:height:)``).
/// - gzip, WebP, TIFF, empty, unknown and truncated data are refused with an error whose
///   message reads well after a path: `x.jpg: a gzip file, not an image`.
///
/// Encoded JPEGs are what TensorFlow's `encode_jpeg` writes by default: baseline, the
/// accurate integer DCT, 4:2:0 chroma subsampling for colour and a single component for gray
/// (so 3 or 1 channels, as decoded), at ``TrainingImageOptions/quality`` (default 95, or 90
/// for resized images).
///
/// The pixel limit applies to every image, also one that passes through, so that what is
/// accepted does not depend on the verification level; it is checked before any pixel
/// memory is allocated.
///
/// One maker per thread: it owns TurboJPEG handles (a ``JPEGDecoder`` and a ``JPEGEncoder``).
public final class TrainingImageMaker {
    /// The options every image is made with.
    public let options: TrainingImageOptions
    /// The largest image, in pixels, that is accepted.
    public let maxPixels: Int
    private let jpegDecoder: JPEGDecoder
    private let jpegEncoder: JPEGEncoder
    private let pngDecoder: PNGDecoder
    private let gifDecoder: GIFDecoder
    private let bmpDecoder: BMPDecoder

    /// Creates a maker.
    ///
    /// - Parameters:
    ///   - options: verification, resizing and quality.
    ///   - maxPixels: larger images are refused with ``ImageCodecError/Code/tooLarge``.
    /// - Throws: ``ImageCodecError`` `.invalidArgument` for a quality outside 1...100 or a
    ///   resize limit below 1; `.codecFailure` if TurboJPEG cannot create its handles.
    public init(options: TrainingImageOptions, maxPixels: Int = ImageDecoder.defaultMaxPixels) throws(ImageCodecError) {
        if let quality = options.quality, !(1...100).contains(quality) {
            throw ImageCodecError(.invalidArgument, "JPEG quality \(quality) is outside 1...100")
        }
        if let resize = options.resize, resize.limit < 1 {
            throw ImageCodecError(.invalidArgument, "resize limit \(resize.limit) is not positive")
        }
        self.options = options
        self.maxPixels = maxPixels
        self.jpegDecoder = try JPEGDecoder(maxPixels: maxPixels)
        self.jpegEncoder = try JPEGEncoder()
        self.pngDecoder = PNGDecoder(maxPixels: maxPixels)
        self.gifDecoder = GIFDecoder(maxPixels: maxPixels)
        self.bmpDecoder = BMPDecoder(maxPixels: maxPixels)
    }

    /// Makes the training JPEG of one file.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    /// - Returns: the JPEG, its size, the source kind and what was done.
    /// - Throws: ``ImageCodecError`` with a message fit for "path: message":
    ///   `.unsupportedFormat`: "a gzip file, not an image", "a WebP image (not supported)",
    ///   "a TIFF image (not supported)", "not an image (…)";
    ///   `.corruptData`: "an empty file", "truncated JPEG: no end-of-image marker",
    ///   "corrupt JPEG data: …", "corrupt PNG data: …" …; `.tooLarge`.
    public func make(_ bytes: UnsafeRawBufferPointer) throws(ImageCodecError) -> TrainingImage {
        try make(bytes, copying: true)
    }

    /// ``make(_:)``; without `copying`, a JPEG that passes through comes back without its
    /// bytes (the caller has them).
    private func make(_ bytes: UnsafeRawBufferPointer, copying: Bool) throws(ImageCodecError) -> TrainingImage {
        let kind = ImageContentKind.detect(bytes)
        switch kind {
        case .jpeg:
            return try makeFromJPEG(bytes, copying: copying)
        case .png:
            return try makeFromPixels(try pngDecoder.decode(bytes), source: kind)
        case .gif:
            return try makeFromPixels(try gifDecoder.decode(bytes), source: kind)
        case .bmp:
            return try makeFromPixels(try bmpDecoder.decode(bytes), source: kind)
        case .empty:
            throw ImageCodecError(.corruptData, "an empty file")
        case .gzip:
            throw ImageCodecError(.unsupportedFormat, "a gzip file, not an image")
        case .webp:
            throw ImageCodecError(.unsupportedFormat, "a WebP image (not supported)")
        case .tiff:
            throw ImageCodecError(.unsupportedFormat, "a TIFF image (not supported)")
        case .unknown:
            throw ImageCodecError(.unsupportedFormat, "not an image (\(ImageFormat.describeUnknown(bytes)))")
        }
    }

    /// ``make(_:)`` for a byte array; a JPEG that passes through keeps this array (no copy).
    public func make(_ bytes: [UInt8]) throws(ImageCodecError) -> TrainingImage {
        var image = try rethrowingImageCodecError { try bytes.withUnsafeBytes { raw in try make(raw, copying: false) } }
        if image.action == .passedThrough { image.jpeg = bytes }
        return image
    }

    private func makeFromJPEG(_ bytes: UnsafeRawBufferPointer, copying: Bool) throws(ImageCodecError) -> TrainingImage {
        let info = try jpegDecoder.colorInfo(of: bytes)
        // The marker walk is stricter than libjpeg (which skips stray bytes with a warning);
        // without it, EOI is searched for in the whole final window.
        let scanOffset = JPEGMarkers.parse(bytes)?.scanOffset ?? 0
        guard JPEGMarkers.endsWithEndOfImage(bytes, after: scanOffset) else {
            throw ImageCodecError(.corruptData, "truncated JPEG: no end-of-image marker")
        }
        guard info.width * info.height <= maxPixels else {
            throw ImageCodecError(
                .tooLarge, "JPEG image of \(info.width)x\(info.height) exceeds the limit of \(maxPixels) pixels")
        }
        let target = options.resize?.targetSize(width: info.width, height: info.height)
        if info.isCMYK {
            let idct: JPEGDecoder.InverseDCT = target == nil ? .accurate : .fast
            var image = try jpegDecoder.decodeCMYKToRGB(bytes, scaledToAtLeast: target, idct: idct)
            if let target { image = try image.resizedByArea(width: target.width, height: target.height) }
            return try encode(image, source: .jpeg, action: target == nil ? .convertedColor : .resized)
        }
        if let target {
            if let sampling = info.planeSampling, Self.shrinksInPlanes(info.width, info.height, sampling, to: target) {
                let planes = try jpegDecoder.decodePlanes(
                    bytes, scaledToAtLeast: target.width, target.height, idct: .fast)
                let shrunk = try planes.resizedByArea(width: target.width, height: target.height)
                let jpeg = try jpegEncoder.encode(shrunk, quality: options.effectiveQuality(resized: true))
                return TrainingImage(
                    jpeg: jpeg, width: target.width, height: target.height, source: .jpeg, action: .resized)
            }
            let image = try jpegDecoder.decode(bytes, scaledToAtLeast: target.width, target.height, idct: .fast)
            return try encode(
                try image.resizedByArea(width: target.width, height: target.height), source: .jpeg, action: .resized)
        }
        if options.verification == .full {
            // Every entropy-coded coefficient is decoded (and any libjpeg warning fails) at any
            // scale; at 1/8 the inverse DCT, upsampling and colour conversion, which cannot
            // fail on data, shrink to almost nothing.
            _ = try jpegDecoder.decode(bytes, scaledToAtLeast: 1, 1)
        }
        return TrainingImage(
            jpeg: copying ? Array(bytes) : [], width: info.width, height: info.height, source: .jpeg, action: .passedThrough)
    }

    /// Whether a JPEG of this size and sampling shrinks to `target` in its planes, which skips
    /// chroma upsampling and two colour conversions (about 17 % of the CPU of `--max-side 256`
    /// on 500×375 photos):
    /// - at the decoding scale its chroma planes must be at least the target's 4:2:0 ones (not
    ///   so for 4:1:1 shrunk by less than half);
    /// - subsampled chroma must decode at full scale. When libjpeg scales a decode to pixels,
    ///   it decodes subsampled chroma with a larger IDCT than luma (2×2 for 4:2:0 at 1/8) and
    ///   keeps its detail; a decode to planes gives every component luma's IDCT (1×1 at 1/8:
    ///   block means). On 2180×1421 photos shrunk to 256 that raised the mean difference from
    ///   TensorFlow's antialiased resize from 3.97 to 5.04 levels, all of it in chroma.
    static func shrinksInPlanes(
        _ width: Int, _ height: Int, _ sampling: YCbCrPlanes.Sampling, to target: (width: Int, height: Int)
    ) -> Bool {
        let factor = JPEGDecoder.scalingFactor(width: width, height: height, toAtLeast: target.width, target.height)
        let fullScale = factor.numerator == factor.denominator
        guard fullScale || sampling == .gray || sampling == .s444 else { return false }
        return YCbCrPlanes.canShrink(
            width: factor.scaled(width), height: factor.scaled(height), sampling: sampling, toWidth: target.width,
            target.height)
    }

    private func makeFromPixels(_ image: Image, source: ImageContentKind) throws(ImageCodecError) -> TrainingImage {
        guard let target = options.resize?.targetSize(width: image.width, height: image.height) else {
            return try encode(image, source: source, action: .reencoded)
        }
        return try encode(
            try image.resizedByArea(width: target.width, height: target.height), source: source, action: .resized)
    }

    private func encode(_ image: Image, source: ImageContentKind, action: TrainingImage.Action) throws(ImageCodecError)
        -> TrainingImage
    {
        let quality = options.effectiveQuality(resized: action == .resized)
        let jpeg = try jpegEncoder.encode(image, quality: quality, subsampling: .s420)
        return TrainingImage(jpeg: jpeg, width: image.width, height: image.height, source: source, action: action)
    }
}
