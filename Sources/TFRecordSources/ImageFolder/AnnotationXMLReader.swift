import TFRecord

/// A strict reader for the small XML files of bounding box annotations (Pascal VOC, as
/// ImageNet ships them): elements, text, character references, comments, CDATA and
/// processing instructions; attributes are read over and dropped. Anything else (a DOCTYPE,
/// an unknown entity, a mismatched end tag, text after the root) is an error at
/// `path:line:column`.
///
/// It exists instead of FoundationXML's `XMLParser` because that would make `tfrec` link
/// libxml2 (and with it ICU and liblzma) at run time, which the relocatable
/// `--static-swift-stdlib` build cannot carry, for the dozen tags an annotation has.
struct AnnotationXMLReader {
    /// An element: its name, its own text (the text between its tags, children left out)
    /// and its child elements.
    struct Element: Sendable, Equatable {
        var name: String
        var text: String = ""
        var children: [Element] = []
        /// 1-based line and byte column of the `<` that starts the element.
        var line: Int
        var column: Int

        /// The first child named `name`.
        func child(_ name: String) -> Element? { children.first { $0.name == name } }

        /// The children named `name`, in order.
        func children(_ name: String) -> [Element] { children.filter { $0.name == name } }
    }

    private let bytes: [UInt8]
    private let path: String
    private var position = 0
    /// The line number and line start of the last element start, so that numbering the
    /// elements of a file costs one pass over it.
    private var counted = (offset: 0, line: 1, lineStart: 0)
    /// How many elements are open: the reader recurses per level, and an annotation is a few
    /// levels deep, so a deeper file is refused before it can exhaust a worker's stack.
    private var depth = 0
    static let maxDepth = 64

    private init(_ bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    /// The root element of the document in `bytes`.
    ///
    /// - Throws: ``TFRecordError`` `.badInput` at `path:line:column` for malformed XML.
    static func parse(_ bytes: [UInt8], path: String) throws(TFRecordError) -> Element {
        var reader = AnnotationXMLReader(bytes, path: path)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.position = 3 }
        try reader.skipMisc()
        guard reader.peek(0) == UInt8(ascii: "<") else {
            throw reader.error(reader.position < bytes.count ? "expected an element" : "no XML element in the file")
        }
        let root = try reader.element()
        try reader.skipMisc()
        guard reader.position == bytes.count else { throw reader.error("content after the root element") }
        return root
    }

    // MARK: Reading

    private func peek(_ offset: Int) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    private func starts(with text: String) -> Bool {
        bytes[position...].starts(with: text.utf8)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Moves past `terminator`, returning the bytes before it.
    private mutating func skip(past terminator: String, what: String) throws(TFRecordError) -> ArraySlice<UInt8> {
        let start = position
        let pattern = Array(terminator.utf8)
        while position < bytes.count {
            if bytes[position...].starts(with: pattern) {
                defer { position += pattern.count }
                return bytes[start..<position]
            }
            position += 1
        }
        position = start
        throw error("unterminated \(what)")
    }

    /// Whitespace, comments and processing instructions (outside the root element).
    private mutating func skipMisc() throws(TFRecordError) {
        while position < bytes.count {
            if Self.isSpace(bytes[position]) {
                position += 1
            } else if starts(with: "<?") {
                _ = try skip(past: "?>", what: "processing instruction")
            } else if starts(with: "<!--") {
                _ = try skip(past: "-->", what: "comment")
            } else if starts(with: "<!") {
                throw error("a DOCTYPE or declaration is not supported in an annotation")
            } else {
                return
            }
        }
    }

    private mutating func name() throws(TFRecordError) -> String {
        let start = position
        while let byte = peek(0), !Self.isSpace(byte), byte != UInt8(ascii: "/"), byte != UInt8(ascii: ">"),
            byte != UInt8(ascii: "="), byte != UInt8(ascii: "<")
        {
            position += 1
        }
        guard position > start else { throw error("expected a tag name") }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// An element, from its `<` to the end of its end tag.
    private mutating func element() throws(TFRecordError) -> Element {
        guard depth < Self.maxDepth else { throw error("elements nested more than \(Self.maxDepth) deep") }
        depth += 1
        defer { depth -= 1 }
        for index in counted.offset..<position where bytes[index] == 0x0A {
            counted.line += 1
            counted.lineStart = index + 1
        }
        counted.offset = position
        let (line, column) = (counted.line, position - counted.lineStart + 1)
        position += 1  // <
        var element = Element(name: try name(), line: line, column: column)
        // Attributes, read over: quoted values may hold '>' and '/'.
        while true {
            guard let byte = peek(0) else { throw error("unterminated start tag <\(element.name)>") }
            if byte == UInt8(ascii: ">") {
                position += 1
                break
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: ">") {
                position += 2
                return element
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                position += 1
                _ = try skip(past: byte == UInt8(ascii: "\"") ? "\"" : "'", what: "attribute value")
            } else if byte == UInt8(ascii: "<") {
                throw error("unterminated start tag <\(element.name)>")
            } else {
                position += 1
            }
        }
        var text: [UInt8] = []
        while true {
            guard let byte = peek(0) else {
                throw error("unterminated element <\(element.name)> (opened at line \(line), column \(column))")
            }
            if byte == UInt8(ascii: "<") {
                if starts(with: "</") {
                    position += 2
                    let endStart = position
                    let endName = try name()
                    while let space = peek(0), Self.isSpace(space) { position += 1 }
                    guard peek(0) == UInt8(ascii: ">") else { throw error("expected '>' to end the end tag") }
                    guard endName == element.name else {
                        position = endStart
                        throw error(
                            "end tag </\(endName)> does not match <\(element.name)> "
                                + "(opened at line \(line), column \(column))")
                    }
                    position += 1
                    element.text = String(decoding: text, as: UTF8.self)
                    return element
                } else if starts(with: "<!--") {
                    _ = try skip(past: "-->", what: "comment")
                } else if starts(with: "<![CDATA[") {
                    position += 9
                    text += try skip(past: "]]>", what: "CDATA section")
                } else if starts(with: "<?") {
                    _ = try skip(past: "?>", what: "processing instruction")
                } else if starts(with: "<!") {
                    throw error("a declaration inside an element is not supported")
                } else {
                    element.children.append(try self.element())
                }
            } else if byte == UInt8(ascii: "&") {
                text += try reference()
            } else {
                text.append(byte)
                position += 1
            }
        }
    }

    /// An entity or character reference (`&amp;`, `&#38;`, `&#x26;`), as UTF-8.
    private mutating func reference() throws(TFRecordError) -> [UInt8] {
        let start = position
        position += 1
        guard let end = bytes[position...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
            position = start
            throw error("'&' that does not start a reference (write &amp;)")
        }
        let name = String(decoding: bytes[position..<end], as: UTF8.self)
        position = end + 1
        switch name {
        case "lt": return Array("<".utf8)
        case "gt": return Array(">".utf8)
        case "amp": return Array("&".utf8)
        case "quot": return Array("\"".utf8)
        case "apos": return Array("'".utf8)
        default:
            var scalar: Unicode.Scalar?
            if name.hasPrefix("#x") {
                scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
            } else if name.hasPrefix("#") {
                scalar = UInt32(name.dropFirst(1), radix: 10).flatMap(Unicode.Scalar.init)
            }
            guard let scalar else {
                position = start
                throw error("unknown reference &\(name);")
            }
            return Array(String(Character(scalar)).utf8)
        }
    }

    // MARK: Errors

    private func lineAndColumn(_ offset: Int) -> (Int, Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }

    /// An error at the current position.
    private func error(_ message: String) -> TFRecordError {
        let (line, column) = lineAndColumn(position)
        return TFRecordError(.badInput, "malformed annotation XML: \(message)",
                             at: SourceLocation(path: path, line: line, column: column))
    }

    /// An error at an element.
    static func error(_ message: String, at element: Element, path: String) -> TFRecordError {
        TFRecordError(.badInput, message, at: SourceLocation(path: path, line: element.line, column: element.column))
    }
}
