#if canImport(Glibc)
import Glibc  // only to link libm: unoptimized builds lower `squareRoot()` to a `sqrt` call
#elseif canImport(Musl)
import Musl
#endif
import TFRecord

/// A seeded, deterministic source of MNIST-like digit images.
///
/// Each digit 0–9 is described by a few pen strokes in a unit box (an ellipse for
/// 0, a loop and a tail for 9, two bowls for 3, …). For every image the
/// synthesizer picks a variant of the digit's template, jitters its control
/// points, smooths each stroke with a centripetal Catmull–Rom spline, applies a
/// random size, aspect, slant, rotation and gentle warp, centres the ink's centre
/// of mass in the 28×28 field (as MNIST does) plus a small random shift, and
/// renders the strokes with a random pen thickness and anti-aliased edges.
///
/// Pixels follow MNIST's convention: row-major, 0 is background, ink is up to 255,
/// with a soft grey edge of about one pixel.
///
/// The output depends only on the seed and on the sequence of calls: all
/// randomness comes from ``SeededGenerator`` and all geometry uses basic IEEE
/// arithmetic and `squareRoot()` (sine and cosine are computed here rather than
/// taken from the platform's math library), so the same seed yields the same bytes
/// on every platform and run.
public struct DigitSynthesizer: Sendable {
    /// Image width in pixels.
    public static let width = 28
    /// Image height in pixels.
    public static let height = 28
    /// Number of pixels in one image (`width * height`).
    public static let pixelCount = width * height

    private var rng: SeededGenerator
    /// Per-image scale of the control-point jitter ("how sloppy the writer is").
    private var wobble = 1.0

    /// Creates a synthesizer whose whole output is determined by `seed`.
    public init(seed: UInt64) {
        rng = SeededGenerator(seed: seed)
    }

    /// Next sample: label uniformly 0...9 and its 784 pixels row-major.
    public mutating func next() -> (label: Int, pixels: [UInt8]) {
        let label = rng.next(upperBound: 10)
        return (label, image(of: label))
    }

    /// Render a given digit with this generator's randomness (advances the state).
    ///
    /// - Parameter digit: The digit to draw, in `0...9`.
    /// - Returns: `width * height` (784) grey levels, row-major, 0 = background.
    public mutating func image(of digit: Int) -> [UInt8] {
        precondition((0...9).contains(digit), "digit must be in 0...9, got \(digit)")

        // 1. Template strokes in the unit box (x right, y down), already jittered.
        wobble = uniform(0.6, 1.6)
        var strokes = templateStrokes(for: digit)

        // 2. Random style.
        let glyphHeight = uniform(14.5, 18.0)            // centre-line height in pixels
        let sx = glyphHeight * uniform(0.82, 1.18)       // width scale
        let sy = glyphHeight
        let shear = uniform(-0.18, 0.42)                 // > 0 leans right
        let angle = uniform(-0.12, 0.12)                 // radians
        let cosA = Self.cosine(angle), sinA = Self.sine(angle)
        let warpX = uniform(-0.035, 0.035), warpY = uniform(-0.03, 0.03)
        let phaseX = uniform(0, 6.283185307179586), phaseY = uniform(0, 6.283185307179586)
        let radius = uniform(0.9, 1.75)                  // pen half-width in pixels
        let shiftX = uniform(-1.5, 1.5), shiftY = uniform(-1.5, 1.5)

        // 3. Transform the control points into pixel space (centred on the origin).
        for s in strokes.indices {
            for i in strokes[s].indices {
                var x = strokes[s][i].x, y = strokes[s][i].y
                x += warpX * Self.sine(6.283185307179586 * y + phaseX)
                y += warpY * Self.sine(6.283185307179586 * x + phaseY)
                x = (x - 0.5) * sx
                y = (y - 0.5) * sy
                x -= shear * y
                strokes[s][i] = Point(x: cosA * x - sinA * y, y: sinA * x + cosA * y)
            }
        }

        // 4. Smooth every stroke into short segments.
        var segments: [Segment] = []
        segments.reserveCapacity(160)
        for stroke in strokes {
            let r = radius * uniform(0.9, 1.1)
            Self.appendSpline(stroke, radius: r, to: &segments)
        }

        // 5. Centre the ink's centre of mass (≈ length-weighted segment midpoints),
        //    like MNIST, then apply a small random shift, keeping a margin.
        var mass = 0.0, mx = 0.0, my = 0.0
        for seg in segments {
            let dx = seg.bx - seg.ax, dy = seg.by - seg.ay
            let len = (dx * dx + dy * dy).squareRoot() + 1e-3
            mass += len
            mx += len * (seg.ax + seg.bx) * 0.5
            my += len * (seg.ay + seg.by) * 0.5
        }
        // Keep the ink at least `margin` pixels inside the field where it fits.
        var minX = Double.infinity, maxX = -Double.infinity
        var minY = Double.infinity, maxY = -Double.infinity
        for seg in segments {
            let reach = seg.r + Self.edge
            minX = min(minX, min(seg.ax, seg.bx) - reach); maxX = max(maxX, max(seg.ax, seg.bx) + reach)
            minY = min(minY, min(seg.ay, seg.by) - reach); maxY = max(maxY, max(seg.ay, seg.by) + reach)
        }
        let offX = Self.fit(
            Double(Self.width) * 0.5 + shiftX - mx / mass, lo: minX, hi: maxX, size: Double(Self.width))
        let offY = Self.fit(
            Double(Self.height) * 0.5 + shiftY - my / mass, lo: minY, hi: maxY, size: Double(Self.height))
        for k in segments.indices {
            segments[k].ax += offX; segments[k].bx += offX
            segments[k].ay += offY; segments[k].by += offY
        }

        // 6. Render.
        return Self.render(segments)
    }

    /// Minimum distance, in pixels, kept between the ink and the image border.
    private static let margin = 1.5

    /// Clamps the translation `off` so that the ink extent `lo...hi` lands inside
    /// `margin...size - margin`; if the ink is too large, centres its extent.
    private static func fit(_ off: Double, lo: Double, hi: Double, size: Double) -> Double {
        let least = margin - lo, most = size - margin - hi
        if least > most { return (size - lo - hi) * 0.5 }
        return off < least ? least : (off > most ? most : off)
    }

    // MARK: - Geometry types

    private struct Point {
        var x: Double
        var y: Double
    }

    /// A capsule: the segment a–b swept by a disc of radius `r`.
    private struct Segment {
        var ax: Double, ay: Double
        var bx: Double, by: Double
        var r: Double
    }

    // MARK: - Randomness helpers

    private mutating func uniform(_ lo: Double, _ hi: Double) -> Double {
        lo + (hi - lo) * rng.nextDouble()
    }

    /// Symmetric jitter in `-amount...amount`, peaked at 0 (sum of two uniforms).
    private mutating func jitter(_ amount: Double) -> Double {
        amount * (rng.nextDouble() + rng.nextDouble() - 1)
    }

    private mutating func chance(_ p: Double) -> Bool {
        rng.nextDouble() < p
    }

    /// A control point with the standard positional jitter (scaled by `wobble`).
    private mutating func p(_ x: Double, _ y: Double, _ amount: Double = 0.035) -> Point {
        Point(x: x + jitter(amount * wobble), y: y + jitter(amount * wobble))
    }

    /// Points along an elliptical arc; angles in radians, y down, so a positive
    /// `sweep` runs clockwise on screen. `drift` grows the radii linearly along the
    /// arc so that closed loops do not meet perfectly.
    private mutating func arc(
        cx: Double, cy: Double, rx: Double, ry: Double,
        start: Double, sweep: Double, count: Int, drift: Double = 0
    ) -> [Point] {
        var pts: [Point] = []
        pts.reserveCapacity(count)
        for i in 0..<count {
            let t = Double(i) / Double(count - 1)
            let a = start + sweep * t
            let f = 1 + drift * t
            pts.append(Point(
                x: cx + rx * f * Self.cosine(a) + jitter(0.012 * wobble),
                y: cy + ry * f * Self.sine(a) + jitter(0.012 * wobble)))
        }
        return pts
    }

    // MARK: - Templates

    /// The strokes of `digit` in the unit box, with variant choice and jitter.
    private mutating func templateStrokes(for digit: Int) -> [[Point]] {
        let pi = 3.141592653589793
        switch digit {
        case 0:
            let start = -pi / 2 + jitter(0.5)
            let loop = arc(
                cx: 0.5 + jitter(0.03), cy: 0.5 + jitter(0.02),
                rx: uniform(0.26, 0.38), ry: uniform(0.43, 0.49),
                start: start, sweep: -(2 * pi + uniform(0.05, 0.45)),
                count: 15, drift: jitter(0.12))
            return [loop]

        case 1:
            let top = p(0.5, 0.03)
            var strokes: [[Point]] = [[top, p(0.5, 0.5, 0.025), p(0.5, 0.97)]]
            let style = rng.nextDouble()
            if style < 0.35 {
                strokes.append([p(0.32, 0.2, 0.04), top])              // flag
            } else if style < 0.5 {
                strokes.append([p(0.32, 0.2, 0.04), top])              // flag
                strokes.append([p(0.3, 0.97, 0.03), p(0.7, 0.97, 0.03)]) // base
            }
            return strokes

        case 2:
            let corner = p(0.18, 0.95, 0.03)
            var top = [
                p(0.2, 0.3), p(0.3, 0.1), p(0.5, 0.03), p(0.7, 0.1),
                p(0.76, 0.28), p(0.66, 0.48), p(0.42, 0.7), corner,
            ]
            if chance(0.3) {
                // Curly 2: a small loop at the bottom-left instead of a corner.
                top.removeLast()
                top.append(contentsOf: [p(0.2, 0.9, 0.02), p(0.3, 0.85, 0.02), p(0.3, 0.95, 0.02)])
                return [top, [top[top.count - 1], p(0.55, 0.93), p(0.86, 0.95)]]
            }
            return [top, [corner, p(0.55, 0.93), p(0.86, 0.95)]]

        case 3:
            let mid = p(0.42, 0.48, 0.03)
            return [
                [p(0.2, 0.15), p(0.42, 0.03), p(0.68, 0.08), p(0.74, 0.25), p(0.6, 0.42), mid],
                [mid, p(0.7, 0.55), p(0.78, 0.75), p(0.62, 0.93), p(0.4, 0.97), p(0.17, 0.86)],
            ]

        case 4:
            let barY = uniform(0.58, 0.7)
            if chance(0.65) {
                // Closed 4: diagonal from the top of the stem down to the bar.
                let apex = p(0.62, 0.02)
                let corner = p(0.13, barY)
                return [
                    [apex, corner],
                    [corner, p(0.5, barY, 0.025), p(0.88, barY - 0.02)],
                    [p(0.66, 0.08), p(0.65, 0.55, 0.025), p(0.64, 0.98)],
                ]
            } else {
                // Open 4: a short left stem, a bar and a long right stem.
                let corner = p(0.18, barY)
                return [
                    [p(0.22, 0.03), p(0.2, barY * 0.5, 0.025), corner],
                    [corner, p(0.5, barY, 0.025), p(0.88, barY - 0.02)],
                    [p(0.7, 0.03), p(0.69, 0.5, 0.025), p(0.68, 0.98)],
                ]
            }

        case 5:
            let corner = p(0.3, 0.06, 0.03)
            return [
                [p(0.8, 0.05), p(0.55, 0.06, 0.02), corner],
                [corner, p(0.28, 0.25, 0.02), p(0.26, 0.46, 0.03), p(0.46, 0.39),
                 p(0.7, 0.46), p(0.78, 0.7), p(0.63, 0.92), p(0.4, 0.97), p(0.17, 0.87)],
            ]

        case 6:
            return [[
                p(0.74, 0.04), p(0.52, 0.14), p(0.35, 0.34), p(0.25, 0.6), p(0.3, 0.85),
                p(0.5, 0.97), p(0.7, 0.88), p(0.75, 0.68), p(0.6, 0.54), p(0.4, 0.55),
                p(0.27, 0.7),
            ]]

        case 7:
            let corner = p(0.83, 0.06, 0.025)
            var strokes: [[Point]] = [
                [p(0.17, 0.08), p(0.5, 0.05, 0.02), corner],
                [corner, p(0.62, 0.45), p(0.44, 0.97)],
            ]
            if chance(0.2) {
                strokes.append([p(0.38, 0.5, 0.03), p(0.78, 0.48, 0.03)])  // crossbar
            }
            return strokes

        case 8:
            if chance(0.6) {
                // One-stroke 8: S down through the waist, back up to close.
                let start = p(0.7, 0.14, 0.025)
                return [[
                    start, p(0.5, 0.03), p(0.3, 0.14), p(0.36, 0.34), p(0.5, 0.47, 0.025),
                    p(0.7, 0.62), p(0.74, 0.83), p(0.5, 0.97), p(0.26, 0.83), p(0.3, 0.62),
                    p(0.5, 0.47, 0.025), p(0.66, 0.32), Point(x: start.x + 0.01, y: start.y + 0.02),
                ]]
            } else {
                // Two stacked loops.
                let waist = uniform(0.44, 0.5)
                let upper = arc(
                    cx: 0.5 + jitter(0.03), cy: waist * 0.5, rx: uniform(0.2, 0.27), ry: waist * 0.5,
                    start: pi / 2, sweep: -(2 * pi + 0.2), count: 12, drift: jitter(0.08))
                let lower = arc(
                    cx: 0.5 + jitter(0.03), cy: (1 + waist) * 0.5, rx: uniform(0.25, 0.33),
                    ry: (1 - waist) * 0.5, start: -pi / 2, sweep: 2 * pi + 0.2, count: 13,
                    drift: jitter(0.08))
                return [upper, lower]
            }

        default: // 9
            let cx = 0.47 + jitter(0.03), cy = uniform(0.25, 0.3)
            let rx = uniform(0.23, 0.3), ry = uniform(0.2, 0.26)
            var stroke = arc(
                cx: cx, cy: cy, rx: rx, ry: ry,
                start: jitter(0.3), sweep: -(2 * pi + uniform(0.0, 0.3)), count: 13,
                drift: jitter(0.1))
            let tailX = cx + rx
            if chance(0.6) {
                // Straight-ish tail.
                stroke.append(contentsOf: [p(tailX - 0.02, 0.62, 0.03), p(tailX - 0.08, 0.97, 0.03)])
            } else {
                // Curved tail hooking left.
                stroke.append(contentsOf: [
                    p(tailX, 0.6, 0.03), p(tailX - 0.1, 0.9, 0.03), p(tailX - 0.3, 0.96, 0.03),
                ])
            }
            return [stroke]
        }
    }

    // MARK: - Splines

    /// Appends the centripetal Catmull–Rom spline through `pts` as short segments.
    private static func appendSpline(_ pts: [Point], radius: Double, to segments: inout [Segment]) {
        guard let first = pts.first else { return }
        if pts.count == 1 {
            segments.append(Segment(ax: first.x, ay: first.y, bx: first.x, by: first.y, r: radius))
            return
        }
        let n = pts.count
        func point(_ i: Int) -> Point {
            if i < 0 {  // reflect the second point through the first
                return Point(x: 2 * pts[0].x - pts[1].x, y: 2 * pts[0].y - pts[1].y)
            }
            if i >= n {
                return Point(x: 2 * pts[n - 1].x - pts[n - 2].x, y: 2 * pts[n - 1].y - pts[n - 2].y)
            }
            return pts[i]
        }
        func knot(_ a: Point, _ b: Point) -> Double {
            let dx = b.x - a.x, dy = b.y - a.y
            return max((dx * dx + dy * dy).squareRoot().squareRoot(), 1e-4)  // |ab|^0.5
        }
        var prev = first
        for i in 0..<(n - 1) {
            let p0 = point(i - 1), p1 = pts[i], p2 = pts[i + 1], p3 = point(i + 2)
            let t0 = 0.0
            let t1 = t0 + knot(p0, p1)
            let t2 = t1 + knot(p1, p2)
            let t3 = t2 + knot(p2, p3)
            let dx = p2.x - p1.x, dy = p2.y - p1.y
            let steps = min(16, max(1, ceilInt((dx * dx + dy * dy).squareRoot() / 2.5)))
            for s in 1...steps {
                let q: Point
                if s == steps {
                    q = p2
                } else {
                    let t = t1 + (t2 - t1) * Double(s) / Double(steps)
                    func lerp(_ a: Point, _ b: Point, _ ta: Double, _ tb: Double) -> Point {
                        let wa = (tb - t) / (tb - ta), wb = (t - ta) / (tb - ta)
                        return Point(x: wa * a.x + wb * b.x, y: wa * a.y + wb * b.y)
                    }
                    let a1 = lerp(p0, p1, t0, t1)
                    let a2 = lerp(p1, p2, t1, t2)
                    let a3 = lerp(p2, p3, t2, t3)
                    let b1 = lerp(a1, a2, t0, t2)
                    let b2 = lerp(a2, a3, t1, t3)
                    q = lerp(b1, b2, t1, t2)
                }
                segments.append(Segment(ax: prev.x, ay: prev.y, bx: q.x, by: q.y, r: radius))
                prev = q
            }
        }
    }

    // MARK: - Rendering

    /// Half-width of the anti-aliased edge, in pixels.
    private static let edge = 0.75

    /// Rasterizes capsules: each pixel's coverage is the maximum over segments of a
    /// linear ramp of its distance to the segment's centre line, so edges are soft
    /// and overlapping strokes do not add up.
    private static func render(_ segments: [Segment]) -> [UInt8] {
        let w = width, h = height
        return [UInt8](unsafeUninitializedCapacity: w * h) { out, count in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: w * h) { cov in
                cov.initialize(repeating: 0)
                for seg in segments {
                    let reach = seg.r + edge
                    // Pixel centres are at i + 0.5; only those within `reach` can be inked.
                    let x0 = max(0, ceilInt(min(seg.ax, seg.bx) - reach - 0.5))
                    let x1 = min(w - 1, floorInt(max(seg.ax, seg.bx) + reach - 0.5))
                    let y0 = max(0, ceilInt(min(seg.ay, seg.by) - reach - 0.5))
                    let y1 = min(h - 1, floorInt(max(seg.ay, seg.by) + reach - 0.5))
                    if x0 > x1 || y0 > y1 { continue }
                    let dx = seg.bx - seg.ax, dy = seg.by - seg.ay
                    let len2 = dx * dx + dy * dy
                    let inv = len2 > 1e-12 ? 1 / len2 : 0
                    let reach2 = reach * reach
                    for py in y0...y1 {
                        let cy = Double(py) + 0.5
                        for px in x0...x1 {
                            let cx = Double(px) + 0.5
                            var t = ((cx - seg.ax) * dx + (cy - seg.ay) * dy) * inv
                            t = t < 0 ? 0 : (t > 1 ? 1 : t)
                            let ex = cx - (seg.ax + t * dx), ey = cy - (seg.ay + t * dy)
                            let d2 = ex * ex + ey * ey
                            if d2 >= reach2 { continue }
                            let c = (reach - d2.squareRoot()) / (2 * edge)
                            let k = py * w + px
                            if c > cov[k] { cov[k] = c }
                        }
                    }
                }
                for k in 0..<(w * h) {
                    let c = cov[k] >= 1 ? 1 : cov[k]
                    out[k] = UInt8(c * 255 + 0.5)  // c ≥ 0: round half up
                }
            }
            count = w * h
        }
    }

    // MARK: - Deterministic arithmetic helpers

    // `rounded(_:)` calls libm's floor/ceil/round on baseline x86-64, which would
    // need libm at link time; these stay in the standard library. The argument is
    // clamped first, so wild values cannot trap the `Int` conversion.

    /// ⌊x⌋ as an `Int`, for |x| up to 2⁵⁰.
    @inline(__always)
    static func floorInt(_ x: Double) -> Int {
        let c = x < -0x1p50 ? -0x1p50 : (x > 0x1p50 ? 0x1p50 : x)
        let i = Int(c)  // truncates toward zero
        return Double(i) > c ? i - 1 : i
    }

    /// ⌈x⌉ as an `Int`, for |x| up to 2⁵⁰.
    @inline(__always)
    static func ceilInt(_ x: Double) -> Int {
        let c = x < -0x1p50 ? -0x1p50 : (x > 0x1p50 ? 0x1p50 : x)
        let i = Int(c)
        return Double(i) < c ? i + 1 : i
    }


    /// sin(x) from a range reduction to [-π/2, π/2] and its Taylor series to x¹⁷
    /// (error < 1e-13), using only IEEE basic operations so that results do not
    /// depend on the platform's libm.
    static func sine(_ x: Double) -> Double {
        let twoPi = 6.283185307179586, pi = 3.141592653589793, halfPi = 1.5707963267948966
        var r = x - Double(floorInt(x / twoPi + 0.5)) * twoPi
        if r > halfPi { r = pi - r } else if r < -halfPi { r = -pi - r }
        let r2 = r * r
        var term = r, sum = r
        for k in 1...8 {
            term *= -r2 / Double((2 * k) * (2 * k + 1))
            sum += term
        }
        return sum
    }

    /// cos(x) = sin(x + π/2), see ``sine(_:)``.
    static func cosine(_ x: Double) -> Double {
        sine(x + 1.5707963267948966)
    }
}
