/// Draws images as text for a terminal: each character cell shows two pixels stacked,
/// with the upper half block `▀` in the top pixel's colour on the bottom pixel's colour,
/// using 24-bit or 256-colour ANSI escapes — or, without colour, one shading character
/// (` ░▒▓█`) for the pair's mean brightness, for pipes, files and `NO_COLOR`.
///
/// Images are placed in a grid, `columns` per row, each with its label centred on the line
/// below it.
public struct TerminalImageRenderer: Sendable {
    /// How colours are written.
    public enum ColorMode: String, CaseIterable, Sendable {
        /// 24-bit colour escapes (`ESC[38;2;r;g;bm`), for terminals with `COLORTERM=truecolor`.
        case trueColor = "24bit"
        /// The xterm 256-colour palette (`ESC[38;5;nm`): the 24-step grey ramp and the
        /// 6×6×6 colour cube.
        case palette256 = "256"
        /// No escapes: shading characters by brightness.
        case plain = "none"
    }

    /// How colours are written.
    public var colorMode: ColorMode
    /// Images per row of the grid.
    public var columns: Int
    /// Upscaling factor (nearest neighbour).
    public var scale: Int
    /// Blank character columns between images.
    public var gap: Int

    /// Creates a renderer.
    ///
    /// - Precondition: `columns >= 1`, `scale >= 1`, `gap >= 0`.
    public init(colorMode: ColorMode, columns: Int, scale: Int = 1, gap: Int = 2) {
        precondition(columns >= 1 && scale >= 1 && gap >= 0)
        self.colorMode = colorMode
        self.columns = columns
        self.scale = scale
        self.gap = gap
    }

    /// How many images of `width` pixels fit side by side in `terminalWidth` characters
    /// (at least 1).
    public static func columnsThatFit(imageWidth width: Int, scale: Int = 1, gap: Int = 2, terminalWidth: Int) -> Int {
        max(1, (terminalWidth + gap) / (width * scale + gap))
    }

    /// The text for `images`: lines ending in `\n`, colours reset at the end of every line.
    public func render(_ images: [LabeledImage]) -> String {
        var out = ""
        var start = 0
        while start < images.count {
            let row = images[start..<min(images.count, start + columns)].map {
                LabeledImage($0.image.upscaled(by: scale).converted(toChannels: 3), label: $0.label)
            }
            let cellWidth = row.map(\.image.width).max() ?? 0
            let cellHeight = row.map(\.image.height).max() ?? 0
            for line in 0..<((cellHeight + 1) / 2) {
                for (i, item) in row.enumerated() {
                    if i > 0 { out += String(repeating: " ", count: gap) }
                    out += renderLine(item.image, width: cellWidth, topRow: 2 * line)
                }
                out += "\n"
            }
            var labels = ""
            for (i, item) in row.enumerated() {
                if i > 0 { labels += String(repeating: " ", count: gap) }
                let text = String(item.label.prefix(cellWidth))
                let left = (cellWidth - text.count) / 2
                labels += String(repeating: " ", count: left) + text + String(repeating: " ", count: cellWidth - left - text.count)
            }
            while labels.last == " " { labels.removeLast() }
            out += labels + "\n"
            start += columns
        }
        return out
    }

    /// One text line of `image` (RGB): pixel rows `topRow` and `topRow + 1`, padded to `width`.
    private func renderLine(_ image: Image, width: Int, topRow: Int) -> String {
        var out = ""
        var foreground: [UInt8]? = nil, background: [UInt8]? = nil
        var colored = false
        for x in 0..<width {
            let top = x < image.width && topRow < image.height ? Array(image[x: x, y: topRow]) : nil
            let bottom = x < image.width && topRow + 1 < image.height ? Array(image[x: x, y: topRow + 1]) : nil
            switch colorMode {
            case .plain:
                let samples = [top, bottom].compactMap { $0 }
                guard !samples.isEmpty else { out += " "; continue }
                let level = samples.map(Self.luma).reduce(0, +) / samples.count
                out += Self.shades[min(Self.shades.count - 1, level * Self.shades.count / 256)]
            case .trueColor, .palette256:
                guard let top else {
                    if colored { out += "\u{1B}[0m"; colored = false; foreground = nil; background = nil }
                    out += " "
                    continue
                }
                if foreground != top { out += escape(top, background: false); foreground = top }
                if let bottom {
                    if background != bottom { out += escape(bottom, background: true); background = bottom }
                } else if background != nil || !colored {
                    out += "\u{1B}[49m"
                    background = nil
                }
                colored = true
                out += "▀"
            }
        }
        if colored { out += "\u{1B}[0m" }
        return out
    }

    private func escape(_ rgb: [UInt8], background: Bool) -> String {
        let layer = background ? 48 : 38
        switch colorMode {
        case .trueColor: return "\u{1B}[\(layer);2;\(rgb[0]);\(rgb[1]);\(rgb[2])m"
        default: return "\u{1B}[\(layer);5;\(Self.paletteIndex(rgb))m"
        }
    }

    /// The xterm-256 palette entry closest to `rgb`: grey ramp (232–255) or colour cube (16–231).
    static func paletteIndex(_ rgb: [UInt8]) -> Int {
        let levels = [0, 95, 135, 175, 215, 255]
        func nearestLevel(_ v: Int) -> Int {
            var best = 0
            for i in 1..<levels.count where abs(levels[i] - v) < abs(levels[best] - v) { best = i }
            return best
        }
        let r = Int(rgb[0]), g = Int(rgb[1]), b = Int(rgb[2])
        let (ri, gi, bi) = (nearestLevel(r), nearestLevel(g), nearestLevel(b))
        let cubeError = sq(levels[ri] - r) + sq(levels[gi] - g) + sq(levels[bi] - b)
        let mean = (r + g + b) / 3
        let greyStep = min(23, max(0, (mean - 3) / 10))
        let grey = 8 + 10 * greyStep
        let greyError = sq(grey - r) + sq(grey - g) + sq(grey - b)
        return greyError < cubeError ? 232 + greyStep : 16 + 36 * ri + 6 * gi + bi
    }

    private static func sq(_ x: Int) -> Int { x * x }

    private static func luma(_ rgb: [UInt8]) -> Int {
        (299 * Int(rgb[0]) + 587 * Int(rgb[1]) + 114 * Int(rgb[2]) + 500) / 1000
    }

    private static let shades = [" ", "░", "▒", "▓", "█"]
}
