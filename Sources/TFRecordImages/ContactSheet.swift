/// Lays out images in a grid with their labels under them, as one RGB image: a
/// contact sheet to look at a dataset (`tfrec preview`).
///
/// Geometry (all in output pixels), with `s` the scale:
///
/// ```
/// margin ┌──────────┐ gap ┌──────────┐ margin     tile: (max image width)·s × (max image height)·s,
///        │  tile    │     │  tile    │            each image centred in its tile, nearest-neighbour
///        │          │     │          │            upscaled
///        └──────────┘     └──────────┘
///         labelGap                                label: the built-in 5×7 font at labelScale,
///           "7"              "2"                  centred under the tile, clipped to its width
///        gap
///        ┌──────────┐ …
/// ```
///
/// width = 2·margin + columns·tileWidth + (columns − 1)·gap;
/// height = 2·margin + rows·(tileHeight + labelGap + 7·labelScale) + (rows − 1)·gap.
public struct ContactSheet: Sendable {
    /// Colours and spacing.
    public struct Style: Sendable, Equatable {
        /// Background RGB.
        public var background: [UInt8] = [32, 32, 32]
        /// Label text RGB.
        public var labelColor: [UInt8] = [255, 220, 80]
        /// Space around the grid.
        public var margin = 4
        /// Space between cells.
        public var gap = 4
        /// Space between a tile and its label.
        public var labelGap = 2

        /// The default style: dark grey background, amber labels, 4-pixel spacing.
        public init() {}
    }

    /// Where everything goes on a sheet.
    public struct Layout: Sendable, Equatable {
        /// Columns and rows of cells.
        public let columns: Int, rows: Int
        /// The area of one (scaled) image.
        public let tileWidth: Int, tileHeight: Int
        /// The font scale of labels.
        public let labelScale: Int
        /// The height of the label area under each tile.
        public var labelHeight: Int { BitmapFont.glyphHeight * labelScale }
        /// A whole cell: tile, gap, label.
        public let cellHeight: Int
        /// The sheet.
        public let width: Int, height: Int
        let style: Style

        /// The top-left corner of cell `index`'s tile (cells fill rows left to right).
        public func tileOrigin(_ index: Int) -> (x: Int, y: Int) {
            let column = index % columns, row = index / columns
            return (style.margin + column * (tileWidth + style.gap), style.margin + row * (cellHeight + style.gap))
        }

        /// The top-left corner of cell `index`'s label area (as wide as the tile).
        public func labelOrigin(_ index: Int) -> (x: Int, y: Int) {
            let tile = tileOrigin(index)
            return (tile.x, tile.y + tileHeight + style.labelGap)
        }
    }

    /// Cells per row.
    public let columns: Int
    /// Rows of cells.
    public let rows: Int
    /// Upscaling factor of the images (nearest neighbour).
    public let scale: Int
    /// Colours and spacing.
    public var style: Style

    /// Creates a sheet.
    ///
    /// - Throws: ``ImageCodecError`` `.invalidArgument` unless `columns`, `rows` and
    ///   `scale` are at least 1 (and `scale` at most 64).
    public init(columns: Int, rows: Int, scale: Int = 2, style: Style = Style()) throws(ImageCodecError) {
        guard columns >= 1 && rows >= 1 else {
            throw ImageCodecError(.invalidArgument, "a contact sheet needs at least 1 column and 1 row")
        }
        guard (1...64).contains(scale) else {
            throw ImageCodecError(.invalidArgument, "scale \(scale) is outside 1...64")
        }
        self.columns = columns
        self.rows = rows
        self.scale = scale
        self.style = style
    }

    /// A square-ish grid for `count` images: ⌈√count⌉ columns and as many rows as needed
    /// (64 → 8×8, 10 → 4×3, 3 → 2×2).
    public static func defaultGrid(count: Int) -> (columns: Int, rows: Int) {
        guard count > 1 else { return (1, 1) }
        var columns = Int(Double(count).squareRoot())
        while columns * columns < count { columns += 1 }
        return (columns, (count + columns - 1) / columns)
    }

    /// The layout for `images` (only the first `columns · rows` are placed).
    public func layout(for images: [LabeledImage]) -> Layout {
        let shown = images.prefix(columns * rows)
        let tileWidth = (shown.map(\.image.width).max() ?? 1) * scale
        let tileHeight = (shown.map(\.image.height).max() ?? 1) * scale
        let font = BitmapFont.standard
        let widest = shown.map { font.width(of: $0.label) }.max() ?? 0
        var labelScale = max(1, (2 * scale + 2) / 3)
        while labelScale > 1 && widest * labelScale > tileWidth { labelScale -= 1 }
        let cellHeight = tileHeight + style.labelGap + font.height(scale: labelScale)
        return Layout(
            columns: columns, rows: rows, tileWidth: tileWidth, tileHeight: tileHeight, labelScale: labelScale,
            cellHeight: cellHeight,
            width: 2 * style.margin + columns * tileWidth + (columns - 1) * style.gap,
            height: 2 * style.margin + rows * cellHeight + (rows - 1) * style.gap, style: style)
    }

    /// Renders the sheet: an RGB image of ``layout(for:)``'s size.
    ///
    /// - Complexity: O(sheet pixels).
    public func render(_ images: [LabeledImage]) -> Image {
        let layout = layout(for: images)
        var sheet = Image(width: layout.width, height: layout.height, channels: 3, color: style.background)
        let font = BitmapFont.standard
        for (index, item) in images.prefix(columns * rows).enumerated() {
            let tile = layout.tileOrigin(index)
            let scaled = item.image.upscaled(by: scale)
            sheet.draw(
                scaled, atX: tile.x + (layout.tileWidth - scaled.width) / 2,
                y: tile.y + (layout.tileHeight - scaled.height) / 2)
            // Clip the label to whole characters that fit under the tile.
            let fitting = max(0, (layout.tileWidth / layout.labelScale + 1) / BitmapFont.advance)
            let text = String(item.label.prefix(fitting))
            let label = layout.labelOrigin(index)
            let textWidth = font.width(of: text, scale: layout.labelScale)
            font.draw(
                text, into: &sheet, x: label.x + (layout.tileWidth - textWidth) / 2, y: label.y,
                scale: layout.labelScale, color: style.labelColor)
        }
        return sheet
    }
}
