/// A Python literal of the small kind found in `.npy` headers: dicts, tuples, lists,
/// strings, integers, `True`, `False` and `None`.
///
/// The header of a `.npy` file is `repr()` of a dict, e.g.
/// `{'descr': '<u1', 'fortran_order': False, 'shape': (60000, 28, 28), }`; this parses it
/// without evaluating anything.
indirect enum PythonLiteral: Equatable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dictionary([(key: PythonLiteral, value: PythonLiteral)])

    /// Where and why the text is not a literal.
    struct SyntaxError: Error {
        /// 0-based character offset in the text.
        var offset: Int
        /// What was expected.
        var expected: String
    }

    /// Parses `text`, which must hold exactly one literal (surrounding whitespace allowed).
    ///
    /// - Throws: ``SyntaxError``.
    static func parse(_ text: String) throws(SyntaxError) -> PythonLiteral {
        var parser = Parser(characters: Array(text.unicodeScalars))
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.position == parser.characters.count else { throw parser.error("the end of the header") }
        return value
    }

    /// The value as Python would print it (for messages).
    var description: String {
        switch self {
        case .string(let s): "'\(s)'"
        case .integer(let i): String(i)
        case .boolean(let b): b ? "True" : "False"
        case .none: "None"
        case .tuple(let items): items.count == 1 ? "(\(items[0]),)" : "(" + items.map(\.description).joined(separator: ", ") + ")"
        case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .dictionary(let pairs): "{" + pairs.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }

    static func == (lhs: PythonLiteral, rhs: PythonLiteral) -> Bool { lhs.description == rhs.description }

    /// A recursive-descent parser over the text's Unicode scalars.
    private struct Parser {
        let characters: [Unicode.Scalar]
        var position = 0
        /// Nesting depth, bounded so that hostile headers cannot exhaust the stack.
        var depth = 0

        init(characters: [Unicode.Scalar]) { self.characters = characters }

        func error(_ expected: String) -> SyntaxError { SyntaxError(offset: position, expected: expected) }

        var current: Unicode.Scalar? { position < characters.count ? characters[position] : nil }

        mutating func skipWhitespace() {
            while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" { position += 1 }
        }

        mutating func value() throws(SyntaxError) -> PythonLiteral {
            skipWhitespace()
            guard let c = current else { throw error("a value") }
            switch c {
            case "'", "\"": return .string(try string())
            case "(": return try sequence(close: ")", make: PythonLiteral.tuple)
            case "[": return try sequence(close: "]", make: PythonLiteral.list)
            case "{": return try dictionary()
            case "-", "0"..."9": return .integer(try integer())
            default:
                for (word, value) in [("True", PythonLiteral.boolean(true)), ("False", .boolean(false)), ("None", .none)]
                where matches(word) {
                    position += word.unicodeScalars.count
                    return value
                }
                throw error("a value")
            }
        }

        func matches(_ word: String) -> Bool {
            let scalars = Array(word.unicodeScalars)
            guard position + scalars.count <= characters.count else { return false }
            guard Array(characters[position..<(position + scalars.count)]) == scalars else { return false }
            // `Trueish` is not `True`.
            if let next = position + scalars.count < characters.count ? characters[position + scalars.count] : nil,
               next.properties.isAlphabetic || next == "_" || ("0"..."9").contains(next) {
                return false
            }
            return true
        }

        mutating func string() throws(SyntaxError) -> String {
            let quote = characters[position]
            position += 1
            var text = String.UnicodeScalarView()
            while let c = current, c != quote {
                if c == "\\" {
                    position += 1
                    guard let escaped = current else { break }
                    text.append(escaped)
                } else {
                    text.append(c)
                }
                position += 1
            }
            guard current == quote else { throw error("a closing \(quote)") }
            position += 1
            return String(text)
        }

        mutating func integer() throws(SyntaxError) -> Int {
            let start = position
            if current == "-" { position += 1 }
            var value = 0
            var digits = 0
            let negative = characters[start] == "-"
            while let c = current, ("0"..."9").contains(c) {
                let digit = Int(c.value - 48)
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (next, o2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
                guard !o1, !o2 else {
                    position = start
                    throw error("an integer that fits in 64 bits")
                }
                value = next
                digits += 1
                position += 1
            }
            guard digits > 0 else { throw error("a digit") }
            if current == "L" || current == "l" { position += 1 }  // Python 2 long, as old NumPy wrote
            return value
        }

        mutating func enter() throws(SyntaxError) {
            depth += 1
            guard depth <= 32 else { throw error("less deeply nested values") }
        }

        mutating func sequence(close: Unicode.Scalar, make: ([PythonLiteral]) -> PythonLiteral) throws(SyntaxError)
            -> PythonLiteral
        {
            try enter()
            defer { depth -= 1 }
            position += 1
            var items: [PythonLiteral] = []
            var sawComma = false
            while true {
                skipWhitespace()
                if current == close {
                    position += 1
                    // `(3)` is the integer 3 in Python, not a tuple.
                    if close == ")" && items.count == 1 && !sawComma { return items[0] }
                    return make(items)
                }
                if !items.isEmpty {
                    guard current == "," else { throw error("',' or '\(close)'") }
                    position += 1
                    sawComma = true
                    skipWhitespace()
                    if current == close { continue }
                }
                items.append(try value())
            }
        }

        mutating func dictionary() throws(SyntaxError) -> PythonLiteral {
            try enter()
            defer { depth -= 1 }
            position += 1
            var pairs: [(key: PythonLiteral, value: PythonLiteral)] = []
            while true {
                skipWhitespace()
                if current == "}" {
                    position += 1
                    return .dictionary(pairs)
                }
                if !pairs.isEmpty {
                    guard current == "," else { throw error("',' or '}'") }
                    position += 1
                    skipWhitespace()
                    if current == "}" { continue }
                }
                let key = try value()
                skipWhitespace()
                guard current == ":" else { throw error("':'") }
                position += 1
                pairs.append((key, try value()))
            }
        }
    }
}
