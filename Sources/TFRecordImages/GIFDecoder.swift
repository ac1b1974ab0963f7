internal import CGIF

/// Decodes the first frame of a GIF to 8-bit RGB with giflib (the library TensorFlow's
/// `tf.io.decode_gif` uses), through its low-level record API: frames after the first are
/// never decompressed.
///
/// The result has the size of the logical screen (the frame's own size when the screen
/// declares 0); the frame is drawn at its offset, clipped to the screen, onto black.
/// Transparent pixels (a graphic control extension's transparent index) and screen area
/// outside the frame stay black — TensorFlow's choice for a first frame. Colour indices
/// beyond the colour map are black too. The background colour index is ignored.
///
/// Not thread-safe: use one decoder per thread.
public final class GIFDecoder {
    /// The largest image, in pixels, that the decoder accepts.
    public let maxPixels: Int

    /// Creates a decoder.
    ///
    /// - Parameters:
    ///   - maxPixels: larger screens or frames are refused with
    ///     ``ImageCodecError/Code/tooLarge`` before their pixel memory is allocated.
    public init(maxPixels: Int = ImageDecoder.defaultMaxPixels) {
        self.maxPixels = maxPixels
    }

    /// Decodes the first frame of a GIF.
    ///
    /// - Parameters:
    ///   - data: the complete GIF file.
    /// - Returns: a 3-channel (RGB) image.
    /// - Throws: ``ImageCodecError``: `.unsupportedFormat` (no `GIF8` signature),
    ///   `.corruptData` (malformed or truncated data, no image, no colour map), `.tooLarge`.
    /// - Complexity: O(screen pixels + first frame's pixels).
    public func decode(_ data: UnsafeRawBufferPointer) throws(ImageCodecError) -> Image {
        guard ImageContentKind.detect(data) == .gif else {
            throw ImageCodecError(.unsupportedFormat, "not a GIF image: \(ImageFormat.describeUnknown(data))")
        }
        let source = UnsafeMutablePointer<CGIF_MemorySource>.allocate(capacity: 1)
        defer { source.deallocate() }
        source.initialize(
            to: CGIF_MemorySource(
                bytes: data.baseAddress!.assumingMemoryBound(to: UInt8.self), count: data.count, offset: 0))
        var openError: Int32 = 0
        guard let gif = CGIF_open_memory(source, &openError) else {
            throw ImageCodecError(.corruptData, "corrupt GIF data: \(Self.message(openError))")
        }
        defer { DGifCloseFile(gif, nil) }
        return try firstFrame(gif)
    }

    /// ``decode(_:)`` for a byte array.
    public func decode(_ data: [UInt8]) throws(ImageCodecError) -> Image {
        try rethrowingImageCodecError { try data.withUnsafeBytes { raw in try decode(raw) } }
    }

    /// Reads records up to the first image and draws it.
    private func firstFrame(_ gif: UnsafeMutablePointer<GifFileType>) throws(ImageCodecError) -> Image {
        var transparent: Int? = nil
        while true {
            var record = UNDEFINED_RECORD_TYPE
            guard DGifGetRecordType(gif, &record) == GIF_OK else { throw failure(gif) }
            switch record {
            case EXTENSION_RECORD_TYPE:
                transparent = try readExtension(gif) ?? transparent
            case IMAGE_DESC_RECORD_TYPE:
                guard DGifGetImageDesc(gif) == GIF_OK else { throw failure(gif) }
                return try drawFrame(gif, transparent: transparent)
            case TERMINATE_RECORD_TYPE:
                throw ImageCodecError(.corruptData, "corrupt GIF data: no image in the file")
            default:
                throw ImageCodecError(.corruptData, "corrupt GIF data: unknown record")
            }
        }
    }

    /// Skips an extension's blocks; returns the transparent index of a graphic control extension.
    private func readExtension(_ gif: UnsafeMutablePointer<GifFileType>) throws(ImageCodecError) -> Int? {
        var code: Int32 = 0
        var block: UnsafeMutablePointer<GifByteType>? = nil
        guard DGifGetExtension(gif, &code, &block) == GIF_OK else { throw failure(gif) }
        var transparent: Int? = nil
        // A graphic control block: length 4, packed fields, delay (2 bytes), transparent index.
        if code == GRAPHICS_EXT_FUNC_CODE, let block, block[0] >= 4, block[1] & 1 != 0 { transparent = Int(block[4]) }
        while block != nil {
            guard DGifGetExtensionNext(gif, &block) == GIF_OK else { throw failure(gif) }
        }
        return transparent
    }

    /// Decodes the current image's rows and draws them onto a black screen.
    private func drawFrame(_ gif: UnsafeMutablePointer<GifFileType>, transparent: Int?) throws(ImageCodecError) -> Image
    {
        let desc = gif.pointee.Image
        let frameWidth = Int(desc.Width)
        let frameHeight = Int(desc.Height)
        guard frameWidth > 0, frameHeight > 0 else {
            throw ImageCodecError(.corruptData, "corrupt GIF data: a frame of \(frameWidth)x\(frameHeight)")
        }
        var width = Int(gif.pointee.SWidth)
        var height = Int(gif.pointee.SHeight)
        var left = Int(desc.Left)
        var top = Int(desc.Top)
        if width <= 0 || height <= 0 { (width, height, left, top) = (frameWidth, frameHeight, 0, 0) }
        guard width * height <= maxPixels, frameWidth * frameHeight <= maxPixels else {
            let size = "\(max(width, frameWidth))x\(max(height, frameHeight))"
            throw ImageCodecError(.tooLarge, "GIF image of \(size) exceeds the limit of \(maxPixels) pixels")
        }
        guard let map = desc.ColorMap ?? gif.pointee.SColorMap, let colors = map.pointee.Colors else {
            throw ImageCodecError(.corruptData, "corrupt GIF data: no colour map")
        }
        let colorCount = Int(map.pointee.ColorCount)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        var line = [GifPixelType](repeating: 0, count: frameWidth)
        for row in Self.rowOrder(height: frameHeight, interlaced: desc.Interlace) {
            let ok = line.withUnsafeMutableBufferPointer { DGifGetLine(gif, $0.baseAddress, Int32(frameWidth)) }
            guard ok == GIF_OK else { throw failure(gif) }
            let y = top + row
            guard y >= 0 && y < height else { continue }
            for x in 0..<frameWidth {
                let index = Int(line[x])
                let screenX = left + x
                guard screenX >= 0, screenX < width, index < colorCount, index != transparent else { continue }
                let color = colors[index]
                let at = (y * width + screenX) * 3
                pixels[at] = color.Red
                pixels[at + 1] = color.Green
                pixels[at + 2] = color.Blue
            }
        }
        return Image(unchecked: width, height: height, channels: 3, pixels: pixels)
    }

    /// The frame rows in the order the file stores them: interlaced GIFs store every 8th row
    /// from 0, every 8th from 4, every 4th from 2, then every 2nd from 1.
    static func rowOrder(height: Int, interlaced: Bool) -> [Int] {
        guard interlaced else { return Array(0..<height) }
        return [(0, 8), (4, 8), (2, 4), (1, 2)].flatMap { start, step in
            Array(stride(from: start, to: height, by: step))
        }
    }

    private func failure(_ gif: UnsafeMutablePointer<GifFileType>) -> ImageCodecError {
        ImageCodecError(.corruptData, "corrupt GIF data: \(Self.message(gif.pointee.Error))")
    }

    private static func message(_ code: Int32) -> String {
        guard let text = GifErrorString(code) else { return "giflib error \(code)" }
        return String(cString: text)
    }
}
