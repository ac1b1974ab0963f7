/// A shrink-only size limit for training images.
public enum ImageResize: Sendable, Equatable {
    /// The longer side becomes at most this many pixels.
    case maxSide(Int)
    /// The shorter side becomes at most this many pixels.
    case shortSide(Int)

    /// The size an image of `width` × `height` is shrunk to, or `nil` when it is already
    /// small enough (images are never enlarged).
    ///
    /// The limited side becomes exactly the limit; the other is scaled by the same ratio and
    /// rounded half up, at least 1: for ``maxSide(_:)`` `round(w · N / max(w, h))`, for
    /// ``shortSide(_:)`` `round(w · N / min(w, h))`, and likewise for the height.
    ///
    /// - Parameters:
    ///   - width: positive.
    ///   - height: positive.
    /// - Returns: the target size, each side at most the original, or `nil`.
    public func targetSize(width: Int, height: Int) -> (width: Int, height: Int)? {
        let (limit, side) =
            switch self {
            case .maxSide(let n): (n, max(width, height))
            case .shortSide(let n): (n, min(width, height))
            }
        guard limit >= 1, side > limit else { return nil }
        // dimension · limit / side, rounded half up; full-width so that no size can overflow
        // (the quotient is below `dimension` because limit < side).
        func scaled(_ dimension: Int) -> Int {
            let (quotient, remainder) = side.dividingFullWidth(dimension.multipliedFullWidth(by: limit))
            return max(1, quotient + (remainder >= side - remainder ? 1 : 0))
        }
        return (scaled(width), scaled(height))
    }

    /// The limit in pixels.
    public var limit: Int {
        switch self {
        case .maxSide(let n), .shortSide(let n): n
        }
    }
}
