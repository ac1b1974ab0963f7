import Foundation
import TFRecord

/// The content lines of a small text file of labels (a labels file, validation labels), read
/// the way people save them: a UTF-8 byte order mark is skipped, `\r\n` and a lone `\r` end
/// a line as `\n` does, leading and trailing whitespace is dropped and blank lines are left out. Each line
/// keeps its 1-based number and the byte column where its text starts, so that errors can
/// point at `file:line:column`.
///
/// Shared by ``ClassLabelMap`` and ``ValidationLabels``; it exists so that both treat CRLF
/// files, BOMs and stray spaces the same way.
struct LabelFileText {
    /// One non-blank line.
    struct Line {
        /// 1-based line number.
        var number: Int
        /// The line without leading and trailing whitespace.
        var text: [UInt8]
        /// 1-based byte column of `text`'s first byte in the line as written.
        var column: Int

        /// The whitespace-separated fields, each with its 1-based column.
        var fields: [(text: String, column: Int)] {
            var fields: [(text: String, column: Int)] = []
            var start: Int? = nil
            for index in 0...text.count {
                if index < text.count, !LabelFileText.isSpace(text[index]) {
                    if start == nil { start = index }
                } else if let first = start {
                    fields.append((String(decoding: text[first..<index], as: UTF8.self), column + first))
                    start = nil
                }
            }
            return fields
        }

        /// The whole line as a string.
        var string: String { String(decoding: text, as: UTF8.self) }
    }

    /// The file's path, for error locations.
    var path: String
    /// The non-blank lines, in order.
    var lines: [Line]

    /// Splits `contents` into lines.
    ///
    /// - Parameters:
    ///   - contents: The file's bytes.
    ///   - path: The file's path, for error locations.
    /// - Throws: ``TFRecordError`` `.badInput` when the bytes are not UTF-8 text (the location
    ///   names the line).
    init(_ contents: [UInt8], path: String) throws(TFRecordError) {
        self.path = path
        var bytes = contents[...]
        var bom = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes = bytes.dropFirst(3)
            bom = 3
        }
        var lines: [Line] = []
        var number = 0
        while !bytes.isEmpty {
            number += 1
            let end = bytes.firstIndex { $0 == 0x0A || $0 == 0x0D } ?? bytes.endIndex
            let raw = bytes[bytes.startIndex..<end]
            var next = end == bytes.endIndex ? end : end + 1
            if next < bytes.endIndex, bytes[end] == 0x0D, bytes[next] == 0x0A { next += 1 }
            bytes = bytes[next...]
            guard String(validating: raw, as: UTF8.self) != nil else {
                throw TFRecordError(.badInput, "not UTF-8 text", at: SourceLocation(path: path, line: number))
            }
            guard let first = raw.firstIndex(where: { !Self.isSpace($0) }),
                let last = raw.lastIndex(where: { !Self.isSpace($0) })
            else { continue }
            let column = first - raw.startIndex + 1 + (number == 1 ? bom : 0)
            lines.append(Line(number: number, text: Array(raw[first...last]), column: column))
        }
        self.lines = lines
    }

    /// Reads and splits the file at `path`.
    ///
    /// - Throws: ``TFRecordError`` `.io` when the file cannot be read, `.badInput` when it is
    ///   not UTF-8 text.
    init(contentsOf path: String) throws(TFRecordError) {
        try self.init(Self.read(path), path: path)
    }

    /// The bytes of the file at `path`.
    ///
    /// - Throws: ``TFRecordError`` `.io` when it is missing, a directory or unreadable.
    static func read(_ path: String) throws(TFRecordError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TFRecordError(.io, "no such file", at: SourceLocation(path: path))
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw TFRecordError(.io, isDirectory.boolValue ? "a directory, not a file" : "cannot read the file",
                                at: SourceLocation(path: path))
        }
        return [UInt8](data)
    }

    /// ASCII whitespace: space, tab, CR, vertical tab, form feed (LF ends lines).
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }
}
