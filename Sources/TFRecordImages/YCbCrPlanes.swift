internal import CTurboJPEG

/// An 8-bit image the way a JPEG codes it: a luma (Y) plane and, for colour, two chroma planes
/// (Cb, Cr) at a chroma subsampling, each plane padded to whole MCUs as TurboJPEG lays it out
/// (`tjPlaneWidth`, `tjPlaneHeight`).
///
/// Shrinking a JPEG in its planes (``JPEGDecoder/decodePlanes(_:scaledToAtLeast:_:idct:)``,
/// ``resizedByArea(width:height:)``, ``JPEGEncoder/encode(_:quality:)``) skips what an RGB
/// round trip adds: chroma upsampling and the colour conversion when decoding, the colour
/// conversion and chroma downsampling when encoding, and filtering three full-size channels
/// where a 4:2:0 image has one and a half. The colour conversion is affine, so an area mean
/// of the planes is the area mean of the RGB pixels, short of rounding.
///
/// Invariant: `bytes` holds the planes one after another, plane `i` being
/// ``planeHeight(_:)`` rows of ``planeWidth(_:)`` bytes, padding included and initialized.
public struct YCbCrPlanes: Sendable, Equatable {
    /// How the chroma planes are subsampled (TurboJPEG's `TJSAMP`).
    public enum Sampling: Sendable, Equatable, CaseIterable {
        /// One plane, no chroma.
        case gray
        /// Chroma at full resolution.
        case s444
        /// Chroma at half the width.
        case s422
        /// Chroma at half the width and half the height.
        case s420
        /// Chroma at half the height.
        case s440
        /// Chroma at a quarter of the width.
        case s411

        /// The `TJSAMP` value.
        var tjValue: Int32 {
            switch self {
            case .gray: Int32(TJSAMP_GRAY.rawValue)
            case .s444: Int32(TJSAMP_444.rawValue)
            case .s422: Int32(TJSAMP_422.rawValue)
            case .s420: Int32(TJSAMP_420.rawValue)
            case .s440: Int32(TJSAMP_440.rawValue)
            case .s411: Int32(TJSAMP_411.rawValue)
            }
        }

        /// The sampling of a `TJSAMP` value, or `nil` for one that is not listed.
        init?(tjValue: Int32) {
            guard let sampling = Self.allCases.first(where: { $0.tjValue == tjValue }) else { return nil }
            self = sampling
        }

        /// 1 for gray, 3 for colour.
        public var planeCount: Int { self == .gray ? 1 : 3 }
    }

    /// Pixels per row of the image (the luma plane may be wider: padding).
    public let width: Int
    /// Rows of the image.
    public let height: Int
    /// The chroma subsampling.
    public let sampling: Sampling
    /// The planes, one after another (see the type's invariant).
    public internal(set) var bytes: [UInt8]

    /// The bytes per row of plane `plane` (0: Y, 1: Cb, 2: Cr), padding included.
    public func planeWidth(_ plane: Int) -> Int { Self.planeWidth(plane, width: width, sampling: sampling) }

    /// The rows of plane `plane`, padding included.
    public func planeHeight(_ plane: Int) -> Int { Self.planeHeight(plane, height: height, sampling: sampling) }

    /// Where plane `plane` starts in ``bytes``.
    public func planeOffset(_ plane: Int) -> Int {
        Self.planeOffset(plane, width: width, height: height, sampling: sampling)
    }

    /// Where plane `plane` starts in the bytes of planes of this size and sampling.
    public static func planeOffset(_ plane: Int, width: Int, height: Int, sampling: Sampling) -> Int {
        (0..<plane).reduce(0) {
            $0 + planeWidth($1, width: width, sampling: sampling) * planeHeight($1, height: height, sampling: sampling)
        }
    }

    /// The size of all planes together.
    public static func byteCount(width: Int, height: Int, sampling: Sampling) -> Int {
        planeOffset(sampling.planeCount, width: width, height: height, sampling: sampling)
    }

    /// `tjPlaneWidth`: the padded row of plane `plane` of an image `width` pixels wide.
    public static func planeWidth(_ plane: Int, width: Int, sampling: Sampling) -> Int {
        Int(tjPlaneWidth(Int32(plane), Int32(width), sampling.tjValue))
    }

    /// `tjPlaneHeight`: the padded rows of plane `plane` of an image `height` rows high.
    public static func planeHeight(_ plane: Int, height: Int, sampling: Sampling) -> Int {
        Int(tjPlaneHeight(Int32(plane), Int32(height), sampling.tjValue))
    }

    /// Planes from a codec that has just filled all of `bytes`.
    init(unchecked width: Int, height: Int, sampling: Sampling, bytes: [UInt8]) {
        assert(bytes.count == Self.byteCount(width: width, height: height, sampling: sampling))
        self.width = width
        self.height = height
        self.sampling = sampling
        self.bytes = bytes
    }

    /// Calls `body` with a pointer to the start of every plane.
    func withPlanePointers<Result>(_ body: ([UnsafePointer<UInt8>?]) throws(ImageCodecError) -> Result)
        throws(ImageCodecError) -> Result
    {
        let offsets = (0..<sampling.planeCount).map(planeOffset)
        return try rethrowingImageCodecError {
            try bytes.withUnsafeBufferPointer { buffer in
                try body(offsets.map { buffer.baseAddress! + $0 })
            }
        }
    }
}
