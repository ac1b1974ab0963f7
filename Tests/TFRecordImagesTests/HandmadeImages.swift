import TFRecordImages

/// BMP and GIF files written byte by byte, so that the decoders are tested against files
/// no library under test produced.
enum HandmadeImages {
    /// A 24-bit uncompressed BMP (BITMAPINFOHEADER, bottom-up rows of BGR, each padded to 4
    /// bytes) of a 3-channel image; `topDown` writes a negative height and top row first.
    static func bmp24(_ image: Image, topDown: Bool = false) -> [UInt8] {
        precondition(image.channels == 3)
        let rowSize = (image.width * 3 + 3) / 4 * 4
        let dataSize = rowSize * image.height
        var out: [UInt8] = Array("BM".utf8)
        out += le32(14 + 40 + dataSize) + le32(0) + le32(14 + 40)
        out += le32(40) + le32(image.width) + le32(topDown ? -image.height : image.height) + le16(1) + le16(24)
        out += le32(0) + le32(dataSize) + le32(2835) + le32(2835) + le32(0) + le32(0)
        for i in 0..<image.height {
            let y = topDown ? i : image.height - 1 - i
            var row: [UInt8] = []
            for x in 0..<image.width {
                let p = image[x: x, y: y]
                row += [p[p.startIndex + 2], p[p.startIndex + 1], p[p.startIndex]]
            }
            out += row + [UInt8](repeating: 0, count: rowSize - row.count)
        }
        return out
    }

    /// A 32-bit BI_RGB BMP whose fourth byte of every pixel is `alpha`.
    static func bmp32(_ image: Image, alpha: UInt8) -> [UInt8] {
        precondition(image.channels == 3)
        let dataSize = image.width * 4 * image.height
        var out: [UInt8] = Array("BM".utf8)
        out += le32(14 + 40 + dataSize) + le32(0) + le32(14 + 40)
        out += le32(40) + le32(image.width) + le32(image.height) + le16(1) + le16(32)
        out += le32(0) + le32(dataSize) + le32(2835) + le32(2835) + le32(0) + le32(0)
        for y in stride(from: image.height - 1, through: 0, by: -1) {
            for x in 0..<image.width {
                let p = image[x: x, y: y]
                out += [p[p.startIndex + 2], p[p.startIndex + 1], p[p.startIndex], alpha]
            }
        }
        return out
    }

    /// A GIF89a with a 256-entry global colour table (`palette`, padded with black) and one
    /// frame of colour indices, LZW-coded without compression: 9-bit literal codes with a
    /// clear code every 100, so the code width never grows.
    ///
    /// - Parameters:
    ///   - screen: the logical screen size; `nil`: the frame's.
    ///   - offset: the frame's position on the screen.
    ///   - transparent: the transparent index of a graphic control extension.
    ///   - interlaced: store rows in GIF's 4-pass order.
    ///   - secondFrame: append a second frame (all index 1) that must not be shown.
    static func gif(
        width: Int, height: Int, indices: [UInt8], palette: [[UInt8]], screen: (width: Int, height: Int)? = nil,
        offset: (x: Int, y: Int) = (0, 0), transparent: UInt8? = nil, interlaced: Bool = false,
        secondFrame: Bool = false
    ) -> [UInt8] {
        precondition(indices.count == width * height && palette.count <= 256)
        let screen = screen ?? (width, height)
        var out: [UInt8] = Array("GIF89a".utf8)
        out += le16(screen.width) + le16(screen.height) + [0xF7, 0, 0]  // global table of 2^(7+1) colours
        for i in 0..<256 { out += i < palette.count ? palette[i] : [0, 0, 0] }
        if let transparent { out += [0x21, 0xF9, 4, 0x01, 0, 0, transparent, 0] }
        var rows = Array(0..<height)
        if interlaced {
            rows = [(0, 8), (4, 8), (2, 4), (1, 2)].flatMap { start, step in
                Array(stride(from: start, to: height, by: step))
            }
        }
        let stored = rows.flatMap { indices[($0 * width)..<(($0 + 1) * width)] }
        out += frame(x: offset.x, y: offset.y, width: width, height: height, indices: stored, interlaced: interlaced)
        if secondFrame {
            out += frame(
                x: 0, y: 0, width: width, height: height, indices: [UInt8](repeating: 1, count: width * height),
                interlaced: false)
        }
        return out + [0x3B]
    }

    private static func frame(x: Int, y: Int, width: Int, height: Int, indices: [UInt8], interlaced: Bool) -> [UInt8] {
        var out: [UInt8] = [0x2C] + le16(x) + le16(y) + le16(width) + le16(height) + [interlaced ? 0x40 : 0]
        out.append(8)  // LZW minimum code size
        var bits = BitWriter()
        for (i, index) in indices.enumerated() {
            if i % 100 == 0 { bits.write(256, width: 9) }
            bits.write(Int(index), width: 9)
        }
        bits.write(257, width: 9)
        var data = bits.bytes[...]
        while !data.isEmpty {
            let block = data.prefix(255)
            out.append(UInt8(block.count))
            out += block
            data = data.dropFirst(block.count)
        }
        return out + [0]
    }

    private struct BitWriter {
        var bytes: [UInt8] = []
        var used = 0  // bits used in the last byte
        mutating func write(_ value: Int, width: Int) {
            for bit in 0..<width {
                if used == 0 { bytes.append(0) }
                if value >> bit & 1 != 0 { bytes[bytes.count - 1] |= UInt8(1 << used) }
                used = (used + 1) % 8
            }
        }
    }

    static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    static func le32(_ value: Int) -> [UInt8] {
        let v = UInt32(bitPattern: Int32(value))
        return [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
    }
}
