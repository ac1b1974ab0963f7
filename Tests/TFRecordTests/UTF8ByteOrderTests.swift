import Foundation
import TFRecord
import Testing

/// The byte-order comparison and relative-path parts that folder listings use, against the
/// slow forms they replaced: comparing `utf8` views element by element, and NSString.
@Suite struct UTF8ByteOrderTests {
    static let pieces = ["", "a", "b", "A", "é", "e\u{301}", "/", "_", "1", "10", "2", "ü", "日本", "z", "~", "\u{10FFFF}"]

    @Test func byteOrderMatchesComparingUTF8Views() {
        var generator = SeededGenerator(seed: 81)
        let strings = (0..<400).map { _ in
            (0..<generator.next(upperBound: 5)).map { _ in Self.pieces[generator.next(upperBound: Self.pieces.count)] }.joined()
        }
        for a in strings {
            for b in strings.prefix(60) {
                #expect(a.precedesInUTF8ByteOrder(b) == a.utf8.lexicographicallyPrecedes(b.utf8), "\(a) vs \(b)")
            }
        }
        // Not String's `<`, which compares canonically equivalent strings as equal.
        #expect("e\u{301}".precedesInUTF8ByteOrder("é") != ("e\u{301}" < "é"))
    }

    @Test func relativePathParts() {
        // (path, parent, last component), as NSString's deletingLastPathComponent and
        // lastPathComponent give them for clean relative paths; NSString is not called here:
        // one of its path methods trapped on a plain one-component name in this test build.
        let cases = [("a", "", "a"), ("a/b", "a", "b"), ("a/b/c.jpg", "a/b", "c.jpg"),
                     ("n01440764/n01440764_10026.JPEG", "n01440764", "n01440764_10026.JPEG"),
                     ("dir/.hidden", "dir", ".hidden"), ("a.b/c", "a.b", "c"), ("x/ü/日本_3.png", "x/ü", "日本_3.png")]
        for (path, parent, last) in cases {
            #expect(RelativePath.parent(path) == parent, "\(path)")
            #expect(RelativePath.lastComponent(path) == last, "\(path)")
        }
    }
}
