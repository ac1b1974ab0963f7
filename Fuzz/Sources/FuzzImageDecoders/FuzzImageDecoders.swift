// libFuzzer target `image_decoders`: arbitrary bytes into the JPEG and PNG decoders.
//
// Byte 0 picks how the rest is decoded (the channel count asked for, and whether through
// ImageDecoder, straight through JPEGDecoder / PNGDecoder, headers included, or through a
// TrainingImageMaker that shrinks to at most 64 pixels a side, whose JPEG, resized in RGB or in
// YCbCr planes, is decoded again); the rest is the image file. A thrown ImageCodecError is the expected answer to bad data; a crash, a trap,
// an image that does not hold its own pixel count or one above the pixel limit is a finding.
// The decoders run with the library's default limit, so that the memory a tiny file with a
// huge declared size can claim is the one users get (scripts/fuzz sets the allocation limit).
//
// libjpeg-turbo and libpng are not instrumented; what they answer (the error message, the shape
// decoded) goes back to libFuzzer as extra counters (FuzzFeedback), so that inputs which take
// the libraries somewhere new are kept.

import FuzzFeedback
import TFRecordImages

/// Tells libFuzzer what the decoders answered. Digits are left out of messages, so that
/// "12 extraneous bytes" and "13 extraneous bytes" count as one answer.
func feedback(_ result: Result<Image, ImageCodecError>, format: ImageFormat?, direct: Bool) {
    let route = UInt64(format == .jpeg ? 1 : format == .png ? 2 : 3) << 8 | (direct ? 1 : 0)
    switch result {
    case .success(let image):
        let size = UInt64(Int.bitWidth - image.width.leadingZeroBitCount) << 8
            | UInt64(Int.bitWidth - image.height.leadingZeroBitCount)
        FuzzFeedback_note(route << 32 | size << 4 | UInt64(image.channels))
    case .failure(let error):
        let text = Array("\(error.code): \(error.message)".utf8.filter { !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        text.withUnsafeBytes { FuzzFeedback_note_bytes(UInt32(truncatingIfNeeded: route), $0.baseAddress, $0.count) }
    }
}

/// One set of decoders for the whole run, as `tfrec` holds one per thread: a decoder must stay
/// usable after any failure.
nonisolated(unsafe) let imageDecoder = ImageDecoder()
nonisolated(unsafe) let jpegDecoder = try! JPEGDecoder()
nonisolated(unsafe) let pngDecoder = PNGDecoder()
nonisolated(unsafe) let shrinkingMaker: TrainingImageMaker = {
    var options = TrainingImageOptions()
    options.resize = .maxSide(64)
    return try! TrainingImageMaker(options: options)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImageDecoders(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count >= 1 else { return -1 }
    let options = start.load(as: UInt8.self)
    let data = UnsafeRawBufferPointer(start: start + 1, count: count - 1)
    let channels: Int? = [nil, 1, 3, 2][Int(options & 3)]
    let direct = options & 4 != 0
    let format = ImageFormat.detect(data)
    let result = Result { () throws(ImageCodecError) -> Image in
        let image: Image
        if options & 8 != 0 {
            let made = try shrinkingMaker.make(data)
            precondition(made.action != .resized || max(made.width, made.height) == 64, "resized beyond the limit")
            image = try jpegDecoder.decode(made.jpeg, channels: channels)
            precondition(image.width == made.width && image.height == made.height, "made size and JPEG differ")
        } else if direct {
            switch format {
            case .jpeg?:
                let shape = try jpegDecoder.header(of: data)
                image = try jpegDecoder.decode(data, channels: channels)
                precondition(image.width == shape.width && image.height == shape.height, "JPEG header and image differ")
            case .png?:
                let shape = try pngDecoder.header(of: data)
                image = try pngDecoder.decode(data, channels: channels)
                precondition(image.width == shape.width && image.height == shape.height, "PNG header and image differ")
            case nil:
                // Both must refuse data that is not theirs with an error.
                _ = try? jpegDecoder.decode(data, channels: channels)
                image = try pngDecoder.decode(data, channels: channels)
            }
        } else {
            image = try imageDecoder.decode(data, channels: channels).image
        }
        return image
    }
    // A thrown ImageCodecError is the decoders' answer to bad data; a decoded image must hold up.
    if case .success(let image) = result {
        precondition(channels == nil || image.channels == channels, "asked for \(channels!) channels, got \(image.channels)")
        precondition(image.channels == 1 || image.channels == 3, "\(image.channels) channels")
        precondition(image.width >= 1 && image.height >= 1, "empty image \(image.width)x\(image.height)")
        precondition(image.width * image.height <= ImageDecoder.defaultMaxPixels, "image above the pixel limit")
        precondition(image.pixels.count == image.width * image.height * image.channels, "pixel count mismatch")
    }
    feedback(result, format: format, direct: direct)
    return 0
}
