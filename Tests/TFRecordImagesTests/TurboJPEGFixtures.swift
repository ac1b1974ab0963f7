import CTurboJPEG
import TFRecordImages

/// JPEGs the library never writes, made with TurboJPEG directly: progressive ones, and YCCK
/// ones (`tjCompress2` of `TJPF_CMYK` pixels writes YCCK with an Adobe APP14 marker).
enum TurboJPEGFixtures {
    /// Compresses `pixels` (`width * height * pixelSize` bytes of `TJPF_*` `format`).
    static func compress(
        _ pixels: [UInt8], width: Int, height: Int, format: TJPF, subsampling: TJSAMP, quality: Int = 95,
        progressive: Bool = false
    ) -> [UInt8] {
        let handle = tjInitCompress()!
        defer { tjDestroy(handle) }
        var output: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        let flags = TJFLAG_ACCURATEDCT | (progressive ? TJFLAG_PROGRESSIVE : 0)
        let status = pixels.withUnsafeBufferPointer {
            tjCompress2(
                handle, $0.baseAddress, Int32(width), 0, Int32(height), Int32(format.rawValue), &output, &size,
                Int32(subsampling.rawValue), Int32(quality), flags)
        }
        precondition(status == 0, String(cString: tjGetErrorStr2(handle)))
        defer { tjFree(output) }
        return Array(UnsafeBufferPointer(start: output, count: Int(size)))
    }

    /// An RGB JPEG of `image` (3 channels), baseline or progressive.
    static func rgb(_ image: Image, progressive: Bool = false, subsampling: TJSAMP = TJSAMP_420) -> [UInt8] {
        compress(
            image.pixels, width: image.width, height: image.height, format: TJPF_RGB, subsampling: subsampling,
            progressive: progressive)
    }

    /// A gray JPEG of `image` (1 channel).
    static func gray(_ image: Image, progressive: Bool = false) -> [UInt8] {
        compress(
            image.pixels, width: image.width, height: image.height, format: TJPF_GRAY, subsampling: TJSAMP_GRAY,
            progressive: progressive)
    }

    /// A YCCK JPEG of one CMYK colour (with an Adobe marker, transform 2).
    static func ycck(width: Int, height: Int, cmyk: [UInt8], quality: Int = 100) -> [UInt8] {
        let pixels = (0..<(width * height)).flatMap { _ in cmyk }
        return compress(
            pixels, width: width, height: height, format: TJPF_CMYK, subsampling: TJSAMP_444, quality: quality)
    }

    /// The CMYK samples TurboJPEG decodes `jpeg` to (`TJPF_CMYK`), 4 per pixel.
    static func decodeCMYK(_ jpeg: [UInt8]) -> [UInt8] {
        let handle = tjInitDecompress()!
        defer { tjDestroy(handle) }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        var pixels: [UInt8] = []
        jpeg.withUnsafeBufferPointer { data in
            precondition(
                tjDecompressHeader3(
                    handle, data.baseAddress, UInt(data.count), &width, &height, &subsampling, &colorspace) == 0)
            pixels = [UInt8](repeating: 0, count: Int(width * height * 4))
            let status = pixels.withUnsafeMutableBufferPointer {
                tjDecompress2(
                    handle, data.baseAddress, UInt(data.count), $0.baseAddress, width, 0, height,
                    Int32(TJPF_CMYK.rawValue), TJFLAG_ACCURATEDCT)
            }
            precondition(status == 0)
        }
        return pixels
    }

    /// `tjDecompressHeader3`'s error for `jpeg`, or `nil` if it reads the header.
    static func headerError(_ jpeg: [UInt8]) -> String? {
        let handle = tjInitDecompress()!
        defer { tjDestroy(handle) }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        let status = jpeg.withUnsafeBufferPointer {
            tjDecompressHeader3(handle, $0.baseAddress, UInt($0.count), &width, &height, &subsampling, &colorspace)
        }
        return status == 0 ? nil : String(cString: tjGetErrorStr2(handle))
    }

    /// `jpeg` without its APP14 (Adobe) segments.
    static func removingAdobeMarker(_ jpeg: [UInt8]) -> [UInt8] {
        var out = Array(jpeg[0..<2])
        var i = 2
        while i + 4 <= jpeg.count, jpeg[i] == 0xFF, jpeg[i + 1] != 0xDA {
            let length = Int(jpeg[i + 2]) << 8 | Int(jpeg[i + 3])
            if jpeg[i + 1] != 0xEE { out += jpeg[i..<(i + 2 + length)] }
            i += 2 + length
        }
        return out + jpeg[i...]
    }
}
