/// A built-in 5×7 pixel font for labels on contact sheets: digits, the Latin letters
/// (lowercase drawn as uppercase) and a little punctuation; anything else is drawn as `?`.
///
/// Each glyph occupies a 5×7 box; text advances 6 pixels per character (one blank column
/// between glyphs). Drawing scales every font pixel to a `scale`×`scale` block.
public struct BitmapFont: Sendable {
    /// Glyph width in font pixels.
    public static let glyphWidth = 5
    /// Glyph height in font pixels.
    public static let glyphHeight = 7
    /// Horizontal advance per character in font pixels (glyph plus one blank column).
    public static let advance = 6

    /// The font.
    public static let standard = BitmapFont()

    /// Rows of each glyph, top first; bit 4 is the leftmost pixel.
    private let glyphs: [Character: [UInt8]]

    private init() {
        var glyphs: [Character: [UInt8]] = [:]
        for (character, rows) in Self.patterns {
            precondition(rows.count == Self.glyphHeight)
            glyphs[character] = rows.map { row in
                precondition(row.count == Self.glyphWidth)
                return row.reduce(0) { ($0 << 1) | ($1 == "#" ? 1 : 0) }
            }
        }
        self.glyphs = glyphs
    }

    /// Whether the font has its own glyph for `character` (lowercase letters count as
    /// their uppercase glyphs).
    public func hasGlyph(for character: Character) -> Bool {
        glyphs[Character(character.uppercased())] != nil
    }

    /// Whether the font pixel at column `x` (0..<5), row `y` (0..<7) of `character`'s glyph
    /// is set.
    public func isSet(_ character: Character, x: Int, y: Int) -> Bool {
        guard x >= 0 && x < Self.glyphWidth && y >= 0 && y < Self.glyphHeight else { return false }
        return rows(of: character)[y] & (1 << (Self.glyphWidth - 1 - x)) != 0
    }

    private func rows(of character: Character) -> [UInt8] {
        glyphs[character] ?? glyphs[Character(character.uppercased())] ?? glyphs["?"]!
    }

    /// The width in pixels of `text` drawn at `scale` (no trailing blank column).
    public func width(of text: String, scale: Int = 1) -> Int {
        text.isEmpty ? 0 : (text.count * Self.advance - 1) * scale
    }

    /// The height in pixels of a line drawn at `scale`.
    public func height(scale: Int = 1) -> Int { Self.glyphHeight * scale }

    /// Draws `text` into `image` with its top-left corner at (`x`, `y`), each font pixel a
    /// `scale`×`scale` block of `color`; what falls outside the image is clipped.
    ///
    /// - Parameters:
    ///   - color: `image.channels` samples.
    public func draw(_ text: String, into image: inout Image, x: Int, y: Int, scale: Int = 1, color: [UInt8]) {
        precondition(scale >= 1 && color.count == image.channels)
        var originX = x
        for character in text {
            let rows = rows(of: character)
            for row in 0..<Self.glyphHeight {
                for column in 0..<Self.glyphWidth where rows[row] & (1 << (Self.glyphWidth - 1 - column)) != 0 {
                    for dy in 0..<scale {
                        for dx in 0..<scale {
                            image.setPixel(x: originX + column * scale + dx, y: y + row * scale + dy, to: color)
                        }
                    }
                }
            }
            originX += Self.advance * scale
        }
    }

    private static let patterns: [(Character, [String])] = [
        ("0", [".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."]),
        ("1", ["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."]),
        ("2", [".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"]),
        ("3", ["#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."]),
        ("4", ["...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."]),
        ("5", ["#####", "#....", "####.", "....#", "....#", "#...#", ".###."]),
        ("6", ["..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."]),
        ("7", ["#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."]),
        ("8", [".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."]),
        ("9", [".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."]),
        ("A", [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"]),
        ("B", ["####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."]),
        ("C", [".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."]),
        ("D", ["###..", "#..#.", "#...#", "#...#", "#...#", "#..#.", "###.."]),
        ("E", ["#####", "#....", "#....", "####.", "#....", "#....", "#####"]),
        ("F", ["#####", "#....", "#....", "####.", "#....", "#....", "#...."]),
        ("G", [".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####"]),
        ("H", ["#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"]),
        ("I", [".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."]),
        ("J", ["..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."]),
        ("K", ["#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"]),
        ("L", ["#....", "#....", "#....", "#....", "#....", "#....", "#####"]),
        ("M", ["#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"]),
        ("N", ["#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#"]),
        ("O", [".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."]),
        ("P", ["####.", "#...#", "#...#", "####.", "#....", "#....", "#...."]),
        ("Q", [".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"]),
        ("R", ["####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"]),
        ("S", [".####", "#....", "#....", ".###.", "....#", "....#", "####."]),
        ("T", ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."]),
        ("U", ["#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."]),
        ("V", ["#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."]),
        ("W", ["#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#."]),
        ("X", ["#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"]),
        ("Y", ["#...#", "#...#", "#...#", ".#.#.", "..#..", "..#..", "..#.."]),
        ("Z", ["#####", "....#", "...#.", "..#..", ".#...", "#....", "#####"]),
        (" ", [".....", ".....", ".....", ".....", ".....", ".....", "....."]),
        ("-", [".....", ".....", ".....", "#####", ".....", ".....", "....."]),
        ("+", [".....", "..#..", "..#..", "#####", "..#..", "..#..", "....."]),
        ("=", [".....", ".....", "#####", ".....", "#####", ".....", "....."]),
        (".", [".....", ".....", ".....", ".....", ".....", ".##..", ".##.."]),
        (",", [".....", ".....", ".....", ".....", ".##..", "..#..", ".#..."]),
        (":", [".....", ".##..", ".##..", ".....", ".##..", ".##..", "....."]),
        ("_", [".....", ".....", ".....", ".....", ".....", ".....", "#####"]),
        ("/", [".....", "....#", "...#.", "..#..", ".#...", "#....", "....."]),
        ("(", ["...#.", "..#..", ".#...", ".#...", ".#...", "..#..", "...#."]),
        (")", [".#...", "..#..", "...#.", "...#.", "...#.", "..#..", ".#..."]),
        ("#", [".#.#.", ".#.#.", "#####", ".#.#.", "#####", ".#.#.", ".#.#."]),
        ("?", [".###.", "#...#", "....#", "...#.", "..#..", ".....", "..#.."]),
    ]
}
