import TFRecordImages

/// `tfrec bench --plot`: the report as a bar chart (RGB), drawn with the built-in bitmap font.
///
/// One group per stage, one bar per engine, bars scaled to the fastest engine of their stage
/// (stages have different units), the value printed after each bar; then the seed job and its
/// I/O floor in milliseconds. The size depends only on the number of bars (``size(of:)``).
enum BenchPlot {
    /// Image width in pixels.
    static let width = 960
    /// Font scale: 10×14-pixel glyphs, 12 pixels a character.
    static let fontScale = 2
    static let margin = 16
    /// Height of the title line and of each group's heading.
    static let headingHeight = 30
    /// Height of one bar's row.
    static let barRowHeight = 24
    /// Space after each group.
    static let groupGap = 10
    /// Characters of a bar's label before it is cut.
    static let labelCharacters = 22

    /// The groups of the chart: a heading and its bars (label, value, text after the bar, color).
    struct Group {
        var heading: String
        var bars: [(label: String, value: Double, text: String, color: [UInt8])]
    }

    /// The stages in report order, then the seed job.
    static func groups(of report: BenchReport) -> [Group] {
        var groups: [Group] = []
        for stage in StageBenchmark.Stage.allCases {
            let results = report.stages.filter { $0.stage == stage }
            guard let unit = results.first?.unit else { continue }
            groups.append(
                Group(
                    heading: "\(stage.title) (\(unit.rawValue), longer is faster)",
                    bars: results.map { result in
                        (label(of: result, among: results), result.value, result.formattedValue, color(of: result.engine))
                    }))
        }
        let job = report.seedJob
        groups.append(
            Group(
                heading: "seed job: \(job.rows) rows to \(job.shards) \(job.shards == 1 ? "shard" : "shards") (ms, shorter is faster)",
                bars: [
                    ("tfrec convert", job.seconds, BenchTable.milliseconds(job.seconds), [48, 98, 180]),
                    ("I/O floor", job.ioFloorSeconds, BenchTable.milliseconds(job.ioFloorSeconds), [150, 150, 150]),
                ]))
        return groups
    }

    /// The image size for `report`.
    static func size(of report: BenchReport) -> (width: Int, height: Int) {
        let groups = groups(of: report)
        let body = groups.reduce(0) { $0 + headingHeight + $1.bars.count * barRowHeight + groupGap }
        return (width, 2 * margin + headingHeight + body)
    }

    /// Draws the chart.
    static func render(_ report: BenchReport) -> Image {
        let size = size(of: report)
        var image = Image(width: size.width, height: size.height, channels: 3, color: [255, 255, 255])
        let font = BitmapFont.standard
        let ink: [UInt8] = [30, 30, 30]
        let advance = BitmapFont.advance * fontScale
        let textOffset = (barRowHeight - font.height(scale: fontScale)) / 2
        var y = margin
        let machine = report.machine
        font.draw(
            "tfrec bench: \(machine.cores) cores" + (machine.cpu.isEmpty ? "" : ", \(machine.cpu)"), into: &image,
            x: margin, y: y, scale: fontScale, color: ink)
        y += headingHeight
        let barStart = margin + (labelCharacters + 1) * advance
        let valueWidth = 14 * advance
        let barSpace = width - margin - valueWidth - barStart
        for group in groups(of: report) {
            font.draw(group.heading, into: &image, x: margin, y: y + 4, scale: fontScale, color: ink)
            y += headingHeight
            let largest = group.bars.map(\.value).max() ?? 0
            for bar in group.bars {
                font.draw(
                    String(bar.label.prefix(labelCharacters)), into: &image, x: margin, y: y + textOffset,
                    scale: fontScale, color: ink)
                let length = largest > 0 ? max(1, Int((bar.value / largest * Double(barSpace)).rounded())) : 1
                fill(&image, x: barStart, y: y + 3, width: length, height: barRowHeight - 6, color: bar.color)
                font.draw(bar.text, into: &image, x: barStart + length + advance / 2, y: y + textOffset, scale: fontScale, color: ink)
                y += barRowHeight
            }
            y += groupGap
        }
        return image
    }

    /// The bar's label: the engine, with its detail when another bar of the stage has the same engine.
    private static func label(of result: StageBenchmark, among results: [StageBenchmark]) -> String {
        let shared = results.filter { $0.engine == result.engine }.count > 1
        guard shared, let detail = result.detail else { return result.engine }
        return "\(result.engine) \(detail.split(separator: ",").first ?? "")"
    }

    /// Scalar gray, SIMD blue, OpenCL orange, libraries green.
    private static func color(of engine: String) -> [UInt8] {
        if engine == "scalar" { return [150, 150, 150] }
        if engine.hasPrefix("opencl") { return [230, 126, 34] }
        if ["zlib", "openssl", "libjpeg-turbo"].contains(engine) { return [60, 150, 80] }
        return [48, 98, 180]
    }

    /// Paints a rectangle, clipped to the image.
    private static func fill(_ image: inout Image, x: Int, y: Int, width: Int, height: Int, color: [UInt8]) {
        for row in y..<(y + height) {
            for column in x..<(x + width) { image.setPixel(x: column, y: row, to: color) }
        }
    }
}
