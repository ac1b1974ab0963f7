import Foundation
import TFRecord
import TFRecordSources
import Testing

/// The error `body` throws; `nil` when it returns.
func thrownLabelError<T>(_ body: () throws(TFRecordError) -> T) -> TFRecordError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

@Suite struct ClassLabelMapTests {
    static func parse(_ text: String, offset: Int64 = 1) throws(TFRecordError) -> ClassLabelMap {
        try ClassLabelMap.parse(Array(text.utf8), path: "synsets.txt", offset: offset)
    }

    @Test func synsetMappingWithTexts() throws {
        let classes = try Self.parse("n01440764 tench, Tinca tinca\nn01443537 goldfish, Carassius auratus\nn01484850\n")
        #expect(classes.synsets == ["n01440764", "n01443537", "n01484850"])
        #expect(classes.texts == ["tench, Tinca tinca", "goldfish, Carassius auratus", "n01484850"])
        #expect(classes.offset == 1)
        #expect(classes.count == 3)
        #expect(classes.path == "synsets.txt")
        #expect(classes.label(of: "n01440764") == 1)
        #expect(classes.label(of: "n01484850") == 3)
        #expect(classes.label(of: "n99999999") == nil)
        #expect(classes.text(of: "n01443537") == "goldfish, Carassius auratus")
        #expect(classes.location(of: "n01443537") == SourceLocation(path: "synsets.txt", line: 2))
        #expect(
            classes.labelsText
                == "1\tn01440764\ttench, Tinca tinca\n2\tn01443537\tgoldfish, Carassius auratus\n3\tn01484850\tn01484850\n")
    }

    @Test func oneSynsetPerLineWithOffsetZero() throws {
        let classes = try Self.parse("n01440764\nn01443537", offset: 0)
        #expect(classes.synsets == ["n01440764", "n01443537"])
        #expect(classes.texts == classes.synsets)
        #expect(classes.label(of: "n01443537") == 1)
        #expect(classes.labelsText == "0\tn01440764\tn01440764\n1\tn01443537\tn01443537\n")
    }

    /// imagenet_metadata.txt: synset, tab, text.
    @Test func tabSeparatedText() throws {
        let classes = try Self.parse("n02119247\tblack fox\nn02119359\t\tsilver fox\t\n")
        #expect(classes.texts == ["black fox", "silver fox"])
    }

    @Test func bomCRLFBlankLinesAndExtraSpaces() throws {
        let text = "\u{FEFF}n01440764   tench, Tinca tinca  \r\n\r\n   \r\n  n01443537\t goldfish \r\n\n"
        let classes = try Self.parse(text)
        #expect(classes.synsets == ["n01440764", "n01443537"])
        #expect(classes.texts == ["tench, Tinca tinca", "goldfish"])
        #expect(classes.location(of: "n01443537")?.line == 4)
    }

    /// Old Mac line ends: a lone CR ends a line, and counts as one.
    @Test func loneCarriageReturnsEndLines() throws {
        let classes = try Self.parse("n01 one\rn02 two\r\rn03\r\n n04")
        #expect(classes.synsets == ["n01", "n02", "n03", "n04"])
        #expect(classes.texts == ["one", "two", "n03", "n04"])
        let error = thrownLabelError { () throws(TFRecordError) in try Self.parse("n01 one\rn02 two\r\rn03\r\n n01") }
        #expect(error?.description == "synsets.txt:5:2: class 'n01' is listed twice (first on line 1)")
    }

    @Test func duplicateSynsetIsAnErrorAtItsLineAndColumn() {
        let error = thrownLabelError { () throws(TFRecordError) in try Self.parse("n01 a\nn02 b\n\n  n01 c\n") }
        #expect(error?.code == .badInput)
        #expect(error?.description == "synsets.txt:4:3: class 'n01' is listed twice (first on line 1)")
    }

    @Test func emptyFileIsAnError() {
        for text in ["", "\n\n", "\u{FEFF}", "  \r\n\t\n"] {
            let error = thrownLabelError { () throws(TFRecordError) in try Self.parse(text) }
            #expect(error?.description == "synsets.txt: no classes in the labels file", "\(text.debugDescription)")
        }
    }

    @Test func notUTF8IsAnErrorAtItsLine() {
        let error = thrownLabelError { () throws(TFRecordError) in
            try ClassLabelMap.parse(Array("n01 a\n".utf8) + [0x6E, 0xFF, 0x0A], path: "synsets.txt", offset: 1)
        }
        #expect(error?.description == "synsets.txt:2: not UTF-8 text")
    }

    @Test func offsetThatOverflowsIsAnError() throws {
        let error = thrownLabelError { () throws(TFRecordError) in try Self.parse("a\nb\n", offset: .max) }
        #expect(error?.code == .usage)
        #expect(try Self.parse("a\n", offset: .max).label(of: "a") == .max)
    }

    @Test func readsFromAPathAndReportsAMissingFile() throws {
        let scratch = ScratchDirectory()
        let path = scratch.write("LOC_synset_mapping.txt", "n01440764 tench, Tinca tinca\r\n")
        #expect(try ClassLabelMap.read(path: path, offset: 1).texts == ["tench, Tinca tinca"])
        let error = thrownLabelError { () throws(TFRecordError) in
            try ClassLabelMap.read(path: scratch.file("missing.txt"), offset: 1)
        }
        #expect(error?.code == .io)
        #expect(error?.location.path == scratch.file("missing.txt"))
    }

    @Test func classDirectoriesSortedByBytes() throws {
        let classes = try ClassLabelMap(classDirectories: ["n02", "B", "a", "n01", "a"], offset: 0)
        #expect(classes.synsets == ["B", "a", "n01", "n02"])
        #expect(classes.texts == classes.synsets)
        #expect(classes.path == nil)
        #expect(classes.label(of: "n01") == 2)
        #expect(classes.location(of: "n01") == nil)
        #expect(classes.labelsText == "0\tB\tB\n1\ta\ta\n2\tn01\tn01\n3\tn02\tn02\n")
    }

    @Test func requireLabelNamesTheLabelsFile() throws {
        let classes = try Self.parse("n01\nn02\n")
        #expect(try classes.requireLabel(of: "n02", at: SourceLocation(path: "x")) == 2)
        let where_ = SourceLocation(path: "train/n03")
        let error = thrownLabelError { () throws(TFRecordError) in try classes.requireLabel(of: "n03", at: where_) }
        #expect(error?.description == "train/n03: class 'n03' is not in the labels file synsets.txt")
        let fromDirectories = try ClassLabelMap(classDirectories: ["a", "b"], offset: 0)
        let other = thrownLabelError { () throws(TFRecordError) in try fromDirectories.requireLabel(of: "c", at: where_) }
        #expect(other?.description == "train/n03: class 'c' is not in the 2 class directories")
    }
}
