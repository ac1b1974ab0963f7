import CTFRecordAccel
import Testing
import TFRecordTestSupport

/// Padded rows for the area resize (`CTFRecordAccel_resize_area_u8_strided`) and the edge
/// extension of a plane's padding (`CTFRecordAccel_plane_extend_edges`), the two C pieces of
/// shrinking a JPEG in its planes.
@Suite("Strided area resize and plane edges")
struct StridedPlaneTests {
    static let variants: [CTFRecordAccel_ResizeVariant] = [
        CTFRecordAccel_RESIZE_AUTO, CTFRecordAccel_RESIZE_WIDE, CTFRecordAccel_RESIZE_NARROW,
        CTFRecordAccel_RESIZE_NARROW_AVX2,
    ]

    @Test("padded rows give the bytes of packed ones and leave the bytes between rows alone")
    func stridedEqualsPacked() {
        var random = SplitMix64(seed: 0x57D)
        for round in 0..<120 {
            let channels = [1, 3][round % 2]
            let (width, height) = (1 + random.below(80), 1 + random.below(60))
            let (outWidth, outHeight) = (1 + random.below(width), 1 + random.below(height))
            let row = width * channels
            let outRow = outWidth * channels
            let stride = row + random.below(19)
            let outStride = outRow + random.below(7)
            let packed = random.bytes(row * height)
            // The same rows, padded with bytes that must not count.
            var padded = random.bytes(stride * height)
            for y in 0..<height { padded[y * stride..<y * stride + row] = packed[y * row..<(y + 1) * row] }
            for variant in Self.variants {
                var expected = [UInt8](repeating: 0, count: outRow * outHeight)
                let packedStatus = packed.withUnsafeBytes { source in
                    expected.withUnsafeMutableBytes { target in
                        CTFRecordAccel_resize_area_u8_variant(
                            variant, source.baseAddress, width, height, channels, target.baseAddress, outWidth,
                            outHeight)
                    }
                }
                var got = [UInt8](repeating: 0xA5, count: outStride * outHeight)
                let status = padded.withUnsafeBytes { source in
                    got.withUnsafeMutableBytes { target in
                        CTFRecordAccel_resize_area_u8_strided(
                            variant, source.baseAddress, stride, width, height, channels, target.baseAddress, outStride,
                            outWidth, outHeight)
                    }
                }
                #expect(packedStatus == 0 && status == 0)
                for y in 0..<outHeight {
                    let line = Array(got[y * outStride..<y * outStride + outRow])
                    let want = Array(expected[y * outRow..<(y + 1) * outRow])
                    #expect(line == want, "variant \(variant.rawValue) row \(y)")
                    #expect(got[y * outStride + outRow..<(y + 1) * outStride].allSatisfy { $0 == 0xA5 })
                }
            }
        }
    }

    @Test("a stride shorter than the row is refused")
    func shortStride() {
        let source = [UInt8](repeating: 7, count: 64)
        var target = [UInt8](repeating: 0, count: 64)
        let status = source.withUnsafeBytes { s in
            target.withUnsafeMutableBytes { t in
                CTFRecordAccel_resize_area_u8_strided(
                    CTFRecordAccel_RESIZE_AUTO, s.baseAddress, 5, 2, 4, 3, t.baseAddress, 6, 2, 2)
            }
        }
        #expect(status == -1)
        #expect(target.allSatisfy { $0 == 0 })
    }

    /// The definition: padding columns repeat the row's last byte, padding rows the last row.
    static func extended(_ plane: [UInt8], stride: Int, width: Int, height: Int, paddedWidth: Int, paddedHeight: Int)
        -> [UInt8]
    {
        var out = plane
        for y in 0..<paddedHeight {
            let from = min(y, height - 1)
            for x in 0..<paddedWidth {
                out[y * stride + x] = plane[from * stride + min(x, width - 1)]
            }
        }
        return out
    }

    @Test("padding repeats the edges; bytes past the padded width stay; bad sizes are refused")
    func extendEdges() {
        var random = SplitMix64(seed: 0xED6E)
        for _ in 0..<200 {
            let (width, height) = (1 + random.below(20), 1 + random.below(20))
            let paddedWidth = width + random.below(3)
            let paddedHeight = height + random.below(17)
            let stride = paddedWidth + random.below(4)
            let plane = random.bytes(stride * paddedHeight)
            var got = plane
            let status = got.withUnsafeMutableBytes {
                CTFRecordAccel_plane_extend_edges($0.baseAddress, stride, width, height, paddedWidth, paddedHeight)
            }
            #expect(status == 0)
            #expect(
                got
                    == Self.extended(
                        plane, stride: stride, width: width, height: height, paddedWidth: paddedWidth,
                        paddedHeight: paddedHeight))
        }
        var plane = [UInt8](repeating: 1, count: 64)
        for (stride, width, height, paddedWidth, paddedHeight) in [
            (8, 0, 2, 8, 2), (8, 2, 0, 8, 2), (8, 9, 2, 8, 2), (8, 2, 3, 8, 2), (7, 2, 2, 8, 2),
        ] {
            let status = plane.withUnsafeMutableBytes {
                CTFRecordAccel_plane_extend_edges($0.baseAddress, stride, width, height, paddedWidth, paddedHeight)
            }
            #expect(status == -1)
        }
        #expect(plane.allSatisfy { $0 == 1 })
    }
}
