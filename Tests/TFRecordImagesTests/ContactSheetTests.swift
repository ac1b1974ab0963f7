import Testing
import TFRecordImages

@Suite("Contact sheet, bitmap font, terminal rendering")
struct ContactSheetTests {
    static func tiles(_ count: Int, width: Int = 28, height: Int = 28) -> [LabeledImage] {
        (0..<count).map { LabeledImage(TestImages.digit(width: width, height: height, variant: $0), label: String($0 % 10)) }
    }

    @Test("sheet size follows grid, scale and label height",
          arguments: [(8, 8, 2, 64), (4, 3, 1, 10), (10, 1, 3, 10), (2, 2, 4, 3)])
    func dimensions(columns: Int, rows: Int, scale: Int, count: Int) throws {
        let sheet = try ContactSheet(columns: columns, rows: rows, scale: scale)
        let image = sheet.render(Self.tiles(count))
        let labelScale = max(1, (2 * scale + 2) / 3)
        let cellHeight = 28 * scale + 2 + 7 * labelScale
        #expect(image.width == 8 + columns * 28 * scale + (columns - 1) * 4)
        #expect(image.height == 8 + rows * cellHeight + (rows - 1) * 4)
        #expect(image.channels == 3)
    }

    @Test("known sizes: 8x8 at scale 2 is 484x612; 4x3 at scale 1 is 132x127")
    func knownSizes() throws {
        let a = try ContactSheet(columns: 8, rows: 8, scale: 2).render(Self.tiles(64))
        #expect((a.width, a.height) == (484, 612))
        let b = try ContactSheet(columns: 4, rows: 3, scale: 1).render(Self.tiles(10))
        #expect((b.width, b.height) == (132, 127))
    }

    @Test("tiles hold the upscaled images; labels are drawn under every tile; empty cells stay background")
    func pixels() throws {
        let tiles = Self.tiles(5)
        let sheet = try ContactSheet(columns: 3, rows: 2, scale: 2)
        let image = sheet.render(tiles)
        let layout = sheet.layout(for: tiles)
        let style = ContactSheet.Style()
        #expect(image[x: 0, y: 0] == ArraySlice(style.background))
        for (index, tile) in tiles.enumerated() {
            let origin = layout.tileOrigin(index)
            for (x, y) in [(0, 0), (13, 4), (20, 14), (27, 27), (9, 21)] {
                let v = tile.image.pixels[y * 28 + x]
                for (dx, dy) in [(0, 0), (1, 1)] {
                    #expect(image[x: origin.x + 2 * x + dx, y: origin.y + 2 * y + dy] == [v, v, v])
                }
            }
            // The label area holds label-coloured pixels, and only inside it.
            let label = layout.labelOrigin(index)
            var inked = 0
            for y in label.y..<(label.y + layout.labelHeight) {
                for x in label.x..<(label.x + layout.tileWidth) where image[x: x, y: y] == ArraySlice(style.labelColor) {
                    inked += 1
                }
            }
            // A digit glyph has 10 to 20 set pixels, each a labelScale² block.
            let scale = layout.labelScale
            #expect(inked >= 10 * scale * scale && inked <= 20 * scale * scale, "tile \(index): \(inked)")
        }
        // The sixth cell is empty.
        let empty = layout.tileOrigin(5)
        #expect(image[x: empty.x + 28, y: empty.y + 28] == ArraySlice(style.background))
        #expect(image[x: layout.labelOrigin(5).x + 28, y: layout.labelOrigin(5).y + 3] == ArraySlice(style.background))
    }

    @Test("the label is the font's glyph, centred under the tile")
    func labelGlyph() throws {
        let tiles = [LabeledImage(TestImages.digit(), label: "7")]
        let sheet = try ContactSheet(columns: 1, rows: 1, scale: 1)
        let image = sheet.render(tiles)
        let layout = sheet.layout(for: tiles)
        let label = layout.labelOrigin(0)
        let left = label.x + (28 - 5) / 2
        let font = BitmapFont.standard
        for y in 0..<7 {
            for x in 0..<5 {
                let expected = font.isSet("7", x: x, y: y) ? ContactSheet.Style().labelColor : ContactSheet.Style().background
                #expect(image[x: left + x, y: label.y + y] == ArraySlice(expected))
            }
        }
    }

    @Test("images of different sizes are centred in tiles of the largest size; long labels are clipped")
    func mixedSizes() throws {
        let tiles = [
            LabeledImage(TestImages.digit(width: 10, height: 10), label: "123456789012345"),
            LabeledImage(TestImages.colorDigit(width: 20, height: 16), label: "rgb"),
        ]
        let sheet = try ContactSheet(columns: 2, rows: 1, scale: 1)
        let layout = sheet.layout(for: tiles)
        #expect(layout.tileWidth == 20 && layout.tileHeight == 16 && layout.labelScale == 1)
        let image = sheet.render(tiles)
        #expect(image.width == 8 + 2 * 20 + 4)
        // The 10x10 image sits at (5, 3) inside its tile.
        let origin = layout.tileOrigin(0)
        let v = tiles[0].image.pixels[0]
        #expect(image[x: origin.x + 5, y: origin.y + 3] == [v, v, v])
        // Nothing drawn past the first tile's label area into the gap.
        for y in layout.labelOrigin(0).y..<(layout.labelOrigin(0).y + 7) {
            #expect(image[x: origin.x + 20 + 1, y: y] == ArraySlice(ContactSheet.Style().background))
        }
    }

    @Test("default grids are square-ish")
    func defaultGrid() {
        #expect(ContactSheet.defaultGrid(count: 64) == (8, 8))
        #expect(ContactSheet.defaultGrid(count: 10) == (4, 3))
        #expect(ContactSheet.defaultGrid(count: 3) == (2, 2))
        #expect(ContactSheet.defaultGrid(count: 1) == (1, 1))
        #expect(ContactSheet.defaultGrid(count: 65) == (9, 8))
        #expect(throws: ImageCodecError.self) { try ContactSheet(columns: 0, rows: 1) }
        #expect(throws: ImageCodecError.self) { try ContactSheet(columns: 1, rows: 1, scale: 0) }
    }

    @Test("font glyphs are distinct; lowercase draws as uppercase; unknown characters as '?'")
    func font() {
        let font = BitmapFont.standard
        let characters = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-+=.,:_/()#?")
        func bits(_ c: Character) -> [Bool] { (0..<35).map { font.isSet(c, x: $0 % 5, y: $0 / 5) } }
        #expect(Set(characters.map(bits)).count == characters.count)
        #expect(bits("a") == bits("A"))
        #expect(bits("€") == bits("?"))
        #expect(bits(" ").allSatisfy { !$0 })
        #expect(font.width(of: "123", scale: 2) == 34)
        #expect(font.hasGlyph(for: "q") && !font.hasGlyph(for: "€"))
    }

    @Test("plain terminal output uses shading characters, one line per two pixel rows")
    func terminalPlain() throws {
        let tiles = Self.tiles(3)
        let text = TerminalImageRenderer(colorMode: .plain, columns: 2).render(tiles)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // Two grid rows: 14 image lines + 1 label line each, then the final empty string.
        #expect(lines.count == 2 * 15 + 1)
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("█"))
        #expect(lines[0].count == 28 + 2 + 28)
        // Labels are centred under their images: columns 13 and 30 + 13.
        #expect(lines[14] == String(repeating: " ", count: 13) + "0" + String(repeating: " ", count: 30 - 14 + 13) + "1")
        #expect(lines[29] == String(repeating: " ", count: 13) + "2")
        // A white pixel pair is a full block, a black one a space.
        let block = try Image(width: 2, height: 2, channels: 1, pixels: [255, 0, 255, 0])
        #expect(TerminalImageRenderer(colorMode: .plain, columns: 1).render([LabeledImage(block, label: "")]) == "█ \n\n")
    }

    @Test("colour terminal output uses half blocks with 24-bit or 256-colour escapes")
    func terminalColor() throws {
        let image = try Image(width: 1, height: 2, channels: 3, pixels: [255, 0, 0, 0, 0, 255])
        let tile = [LabeledImage(image, label: "x")]
        let trueColor = TerminalImageRenderer(colorMode: .trueColor, columns: 1).render(tile)
        #expect(trueColor == "\u{1B}[38;2;255;0;0m\u{1B}[48;2;0;0;255m▀\u{1B}[0m\nx\n")
        let palette = TerminalImageRenderer(colorMode: .palette256, columns: 1).render(tile)
        #expect(palette == "\u{1B}[38;5;196m\u{1B}[48;5;21m▀\u{1B}[0m\nx\n")
        // Odd heights: the last line's lower half is the default background.
        let odd = try Image(width: 1, height: 1, channels: 1, pixels: [128])
        let text = TerminalImageRenderer(colorMode: .trueColor, columns: 1).render([LabeledImage(odd, label: "")])
        #expect(text == "\u{1B}[38;2;128;128;128m\u{1B}[49m▀\u{1B}[0m\n\n")
        #expect(TerminalImageRenderer.columnsThatFit(imageWidth: 28, terminalWidth: 80) == 2)
        #expect(TerminalImageRenderer.columnsThatFit(imageWidth: 28, terminalWidth: 88) == 3)
        #expect(TerminalImageRenderer.columnsThatFit(imageWidth: 28, terminalWidth: 10) == 1)
    }
}

import Foundation
