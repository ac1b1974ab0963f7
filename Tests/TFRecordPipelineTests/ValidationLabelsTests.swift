import Foundation
import TFRecord
import TFRecordSources
import Testing

@Suite struct ValidationLabelsTests {
    static func parse(_ text: String, path: String = "val.txt") throws(TFRecordError) -> ValidationLabels {
        try ValidationLabels.parse(Array(text.utf8), path: path)
    }

    static let images = ["val/ILSVRC2012_val_00000002.JPEG", "val/ILSVRC2012_val_00000001.JPEG", "val/ILSVRC2012_val_00000003.JPEG"]

    @Test func fileNameSynsetLines() throws {
        let labels = try Self.parse(
            "ILSVRC2012_val_00000001.JPEG n01751748\nILSVRC2012_val_00000002.JPEG\tn09193705\n"
                + "ILSVRC2012_val_00000003 n02105855\nILSVRC2012_val_00000099.JPEG n00000000\n")
        #expect(labels.format == .fileNames)
        #expect(labels.count == 4)
        // By name, by stem; the label of a file that is not there is ignored.
        #expect(try labels.synsets(for: Self.images) == ["n09193705", "n01751748", "n02105855"])
    }

    @Test func commaSeparatedLinesTakeTheFirstTokenAfterTheComma() throws {
        let labels = try Self.parse("a.jpg,n01 1 2 3 4\n sub/b.jpg , n02,extra\nc.png,n03\n")
        #expect(labels.format == .fileNames)
        #expect(try labels.synsets(for: ["x/c.png", "x/a.jpg", "x/b.jpg"]) == ["n03", "n01", "n02"])
    }

    @Test func solutionCSVMatchesByStem() throws {
        let csv = "ImageId,PredictionString\r\nILSVRC2012_val_00000003,n02105855 2 3 4 5 \r\n"
            + "ILSVRC2012_val_00000001,n01751748 111 40 352 300 n01751748 20 20 80 90\r\n"
            + "ILSVRC2012_val_00000002,n09193705 1 2 3 4\r\n"
        let labels = try Self.parse(csv, path: "LOC_val_solution.csv")
        #expect(labels.format == .solutionCSV)
        #expect(labels.count == 3)
        #expect(try labels.synsets(for: Self.images) == ["n09193705", "n01751748", "n02105855"])
        // The CSV gives stems; a full name in it does not match.
        let named = try Self.parse("ImageId,PredictionString\na.JPEG,n01 1 2 3 4\n")
        let error = thrownLabelError { () throws(TFRecordError) in try named.synsets(for: ["v/a.JPEG"]) }
        #expect(error?.description == "v/a.JPEG: no label for this image in val.txt")
    }

    @Test func orderedSynsetsFollowTheSortedFileNames() throws {
        let labels = try Self.parse("\u{FEFF}n01751748\r\nn09193705\r\n\r\nn02105855  \r\n")
        #expect(labels.format == .ordered)
        #expect(labels.count == 3)
        // Sorted: ..01 → n01751748, ..02 → n09193705, ..03 → n02105855; returned in the paths' order.
        #expect(try labels.synsets(for: Self.images) == ["n09193705", "n01751748", "n02105855"])
    }

    @Test func orderedCountMustMatchTheImages() throws {
        let labels = try Self.parse("n01\nn02\n")
        let error = thrownLabelError { () throws(TFRecordError) in try labels.synsets(for: Self.images) }
        #expect(error?.code == .badInput)
        #expect(error?.description == "val.txt: 2 labels for 3 images (expected one synset per image, in the order of the sorted file names)")
        let fewer = thrownLabelError { () throws(TFRecordError) in try labels.synsets(for: ["a.jpg"]) }
        #expect(fewer?.description.hasPrefix("val.txt: 2 labels for 1 image") == true)
    }

    @Test func missingLabelNamesTheImage() throws {
        let labels = try Self.parse("ILSVRC2012_val_00000001.JPEG n01\n")
        let error = thrownLabelError { () throws(TFRecordError) in try labels.synsets(for: Self.images) }
        #expect(error?.description == "val/ILSVRC2012_val_00000002.JPEG: no label for this image in val.txt")
    }

    @Test func synsetNotAClassNamesTheLineAndTheLabelsFile() throws {
        let classes = try ClassLabelMap.parse(Array("n01 one\nn02 two\n".utf8), path: "LOC_synset_mapping.txt", offset: 1)
        let labels = try Self.parse("a.jpg n01\n\nb.jpg   n07\n")
        #expect(try labels.synsets(for: ["a.jpg"], classes: classes) == ["n01"])
        let error = thrownLabelError { () throws(TFRecordError) in try labels.synsets(for: ["a.jpg", "b.jpg"], classes: classes) }
        #expect(error?.description == "val.txt:3:9: class 'n07' is not in the labels file LOC_synset_mapping.txt")
        let ordered = try Self.parse("n01\n  n09\n")
        let second = thrownLabelError { () throws(TFRecordError) in try ordered.synsets(for: ["a.jpg", "b.jpg"], classes: classes) }
        #expect(second?.description == "val.txt:2:3: class 'n09' is not in the labels file LOC_synset_mapping.txt")
    }

    @Test(arguments: [
        // A missing synset, a line of another shape than the first, too many fields, a name given twice.
        ("a.jpg n01\nb.jpg\n", "val.txt:2:1: expected FILENAME SYNSET or FILENAME,SYNSET, found 1 field"),
        ("a.jpg n01\nb.jpg n02 n03\n", "val.txt:2:1: expected FILENAME SYNSET or FILENAME,SYNSET, found 3 fields"),
        ("a.jpg,n01\nb.jpg,\n", "val.txt:2:7: no synset after the comma (expected FILENAME SYNSET or FILENAME,SYNSET)"),
        ("a.jpg,n01\n,n02\n", "val.txt:2:1: no file name before the comma (expected FILENAME SYNSET or FILENAME,SYNSET)"),
        ("a.jpg n01\r\n  a.jpg n02\r\n", "val.txt:2:3: a second label for 'a.jpg' (first on line 1)"),
        ("n01\nn02 n03\n", "val.txt:2:1: expected one synset per line (as on line 1), found 2 fields"),
        ("ImageId,PredictionString\nx n01\n", "val.txt:2:1: expected IMAGEID,SYNSET ..., found 2 fields"),
        ("ImageId,PredictionString\nx,n01 1 2 3 4\nx,n02 1 2 3 4\n", "val.txt:3:1: a second label for 'x' (first on line 2)"),
        ("ImageId,PredictionString\n", "val.txt: no labels in the validation labels file"),
        ("\r\n \n", "val.txt: no labels in the validation labels file"),
    ])
    func malformedLinesAreErrorsWithTheirLocation(_ text: String, _ message: String) {
        let error = thrownLabelError { () throws(TFRecordError) in try Self.parse(text) }
        #expect(error?.code == .badInput)
        #expect(error?.description == message)
    }

    @Test func readsFromAPath() throws {
        let scratch = ScratchDirectory()
        let path = scratch.write("labels.txt", "n02\nn01\n")
        let labels = try ValidationLabels.read(path: path)
        #expect(labels.path == path)
        #expect(try labels.synsets(for: ["b.jpg", "a.jpg"]) == ["n01", "n02"])
        let error = thrownLabelError { () throws(TFRecordError) in try ValidationLabels.read(path: scratch.path) }
        #expect(error?.code == .io)
    }
}
