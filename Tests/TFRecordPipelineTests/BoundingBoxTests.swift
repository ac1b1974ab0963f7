import Foundation
import TFRecord
import TFRecordSources
import Testing

@Suite struct BoundingBoxTests {
    /// An annotation as ImageNet's ILSVRC2012_bbox_train_v2 files are written.
    static func xml(width: String = "500", height: String = "375", objects: [(String, [String])]) -> String {
        var text = """
            <annotation>
            \t<folder>n01440764</folder>
            \t<filename>n01440764_10026</filename>
            \t<source>
            \t\t<database>ILSVRC_2012</database>
            \t</source>
            \t<size>
            \t\t<width>\(width)</width>
            \t\t<height>\(height)</height>
            \t\t<depth>3</depth>
            \t</size>
            \t<segmented>0</segmented>

            """
        for (name, box) in objects {
            text += """
                \t<object>
                \t\t<name>\(name)</name>
                \t\t<pose>Unspecified</pose>
                \t\t<truncated>0</truncated>
                \t\t<difficult>0</difficult>
                \t\t<bndbox>
                \t\t\t<xmin>\(box[0])</xmin>
                \t\t\t<ymin>\(box[1])</ymin>
                \t\t\t<xmax>\(box[2])</xmax>
                \t\t\t<ymax>\(box[3])</ymax>
                \t\t</bndbox>
                \t</object>

                """
        }
        return text + "</annotation>\n"
    }

    static func parse(_ text: String) throws(TFRecordError) -> VOCAnnotation {
        try VOCAnnotation.parse(Array(text.utf8), path: "n01440764_10026.xml")
    }

    static func error(_ text: String) -> TFRecordError? {
        thrownLabelError { () throws(TFRecordError) in try parse(text) }
    }

    @Test func parsesImageNetsLayout() throws {
        let annotation = try Self.parse(
            Self.xml(objects: [("n01440764", ["38", "82", "432", "363"]), ("n01440764", ["1", "2.9", "3", "4"])]))
        #expect(annotation.width == 500)
        #expect(annotation.height == 375)
        #expect(
            annotation.objects == [
                .init(name: "n01440764", xmin: 38, ymin: 82, xmax: 432, ymax: 363),
                .init(name: "n01440764", xmin: 1, ymin: 2, xmax: 3, ymax: 4),
            ])
        let crlf = Self.xml(objects: [("n01440764", ["38", "82", "432", "363"]), ("n01440764", ["1", "2.9", "3", "4"])])
            .replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try Self.parse(crlf) == annotation)
        #expect(
            Self.error(crlf.replacingOccurrences(of: "<ymax>4</ymax>", with: "<ymax>4</ymin>"))?.description
                == "n01440764_10026.xml:34:13: malformed annotation XML: end tag </ymin> does not match <ymax> "
                + "(opened at line 34, column 4)")
        // 38/500 = 0.076, 82/375 = 0.21866… → 0.2187, 432/500 = 0.864, 363/375 = 0.968.
        #expect(
            annotation.relativeBoxes(synset: "n01440764", classes: nil).first
                == RelativeBox(xmin: 0.076, ymin: 0.2187, xmax: 0.864, ymax: 0.968))
    }

    /// The XML prolog, comments, attributes, entities, CDATA, a BOM and a self-closing tag.
    @Test func deepNestingIsAnErrorNotAStackOverflow() {
        let text = String(repeating: "<a>", count: 100_000)
        #expect(throws: TFRecordError.self) { try VOCAnnotation.parse(Array(text.utf8), path: "deep.xml") }
        do {
            _ = try VOCAnnotation.parse(Array(text.utf8), path: "deep.xml")
        } catch {
            #expect(error.description.hasPrefix("deep.xml:1:"))
            #expect(error.message.contains("nested more than 64 deep"))
        }
    }

    @Test func toleratesOrdinaryXML() throws {
        let text = "\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- made by hand -->\n"
            + "<annotation verified='no' note=\"a > b\"><size><width> 10 </width><height>20</height><empty/></size>"
            + "<object><name>n&#48;1&amp;<![CDATA[<x>]]></name><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax>"
            + "<ymax>4</ymax></bndbox></object></annotation>\n<!-- end -->\n"
        let annotation = try Self.parse(text)
        #expect(annotation == VOCAnnotation(width: 10, height: 20, objects: [.init(name: "n01&<x>", xmin: 1, ymin: 2, xmax: 3, ymax: 4)]))
    }

    /// As process_bounding_boxes.py: divide by the annotated size, order min and max, clamp to
    /// 0...1, drop boxes that are empty after clamping, round to 4 decimals.
    @Test func boxesAreOrderedClampedAndEmptyOnesDropped() throws {
        let annotation = VOCAnnotation(
            width: 200, height: 100,
            objects: [
                .init(name: "n01", xmin: -20, ymin: 10, xmax: 250, ymax: 120),  // outside: clamped
                .init(name: "n01", xmin: 150, ymin: 80, xmax: 50, ymax: 20),  // min > max: swapped
                .init(name: "n01", xmin: 210, ymin: 10, xmax: 300, ymax: 50),  // right of the image: empty
                .init(name: "n01", xmin: 30, ymin: 40, xmax: 30, ymax: 90),  // zero width
                .init(name: "n01", xmin: 1, ymin: 1, xmax: 3, ymax: 2),
            ])
        #expect(
            annotation.relativeBoxes(synset: "n01", classes: nil) == [
                RelativeBox(xmin: 0, ymin: 0.1, xmax: 1, ymax: 1),
                RelativeBox(xmin: 0.25, ymin: 0.2, xmax: 0.75, ymax: 0.8),
                RelativeBox(xmin: 0.005, ymin: 0.01, xmax: 0.015, ymax: 0.02),
            ])
        // Rounded as '%.4f' then read back: 1/3 → 0.3333, 2/3 → 0.6667.
        let thirds = VOCAnnotation(width: 3, height: 3, objects: [.init(name: "n01", xmin: 1, ymin: 0, xmax: 2, ymax: 3)])
        #expect(thirds.relativeBoxes(synset: "n01", classes: nil) == [RelativeBox(xmin: 0.3333, ymin: 0, xmax: 0.6667, ymax: 1)])
        // Ties as Python's '%.4f' % x rounds them (the exact binary value, halves to even):
        // 1/32 = 0.03125 → 0.0312, 3/32 = 0.09375 → 0.0938, 5/8000 = 0.000625 → 0.0006.
        let ties = VOCAnnotation(width: 32, height: 8000, objects: [.init(name: "n01", xmin: 1, ymin: 5, xmax: 3, ymax: 8000)])
        #expect(ties.relativeBoxes(synset: "n01", classes: nil) == [RelativeBox(xmin: 0.0312, ymin: 0.0006, xmax: 0.0938, ymax: 1)])
    }

    /// The reference drops a file's boxes when its label is another class, and keeps them
    /// when the label is not a class at all (the 'Scottish_deerhound' noise).
    @Test func labelFilterFollowsTheReference() throws {
        let classes = try ClassLabelMap(classDirectories: ["n01", "n02"], offset: 1)
        let box = ["10", "10", "20", "20"]
        let other = try Self.parse(Self.xml(width: "100", height: "100", objects: [("n02", box)]))
        #expect(other.relativeBoxes(synset: "n01", classes: classes) == [])
        #expect(other.relativeBoxes(synset: "n01", classes: nil).count == 1)
        #expect(other.relativeBoxes(synset: "n02", classes: classes).count == 1)
        let noise = try Self.parse(Self.xml(width: "100", height: "100", objects: [("Scottish_deerhound", box)]))
        #expect(noise.relativeBoxes(synset: "n01", classes: classes) == [RelativeBox(xmin: 0.1, ymin: 0.1, xmax: 0.2, ymax: 0.2)])
        // The first <name> is the file's label, for every box, as in the reference.
        let mixed = try Self.parse(Self.xml(width: "100", height: "100", objects: [("n01", box), ("n02", box)]))
        #expect(mixed.relativeBoxes(synset: "n01", classes: classes).count == 2)
        #expect(mixed.relativeBoxes(synset: "n02", classes: classes) == [])
        #expect(try Self.parse(Self.xml(objects: [])).relativeBoxes(synset: "n01", classes: classes) == [])
    }

    @Test(arguments: [
        ("<annotation><size><width>1</width></size>", "n01440764_10026.xml:1:42: malformed annotation XML: unterminated element <annotation> (opened at line 1, column 1)"),
        ("<annotation>\n  <size></width></size></annotation>", "n01440764_10026.xml:2:11: malformed annotation XML: end tag </width> does not match <size> (opened at line 2, column 3)"),
        ("<annotation></annotation><annotation/>", "n01440764_10026.xml:1:26: malformed annotation XML: content after the root element"),
        ("<!DOCTYPE annotation>\n<annotation/>", "n01440764_10026.xml:1:1: malformed annotation XML: a DOCTYPE or declaration is not supported in an annotation"),
        ("<annotation>a &nbsp; b</annotation>", "n01440764_10026.xml:1:15: malformed annotation XML: unknown reference &nbsp;"),
        ("<annotation>a & b</annotation>", "n01440764_10026.xml:1:15: malformed annotation XML: '&' that does not start a reference (write &amp;)"),
        ("<annotation><!-- open", "n01440764_10026.xml:1:13: malformed annotation XML: unterminated comment"),
        ("<annotation a=\"1></annotation>", "n01440764_10026.xml:1:16: malformed annotation XML: unterminated attribute value"),
        ("", "n01440764_10026.xml:1:1: malformed annotation XML: no XML element in the file"),
        ("not xml", "n01440764_10026.xml:1:1: malformed annotation XML: expected an element"),
        ("<>", "n01440764_10026.xml:1:2: malformed annotation XML: expected a tag name"),
    ])
    func malformedXMLIsAnErrorWithTheFileAndPlace(_ text: String, _ message: String) {
        let error = Self.error(text)
        #expect(error?.code == .badInput)
        #expect(error?.description == message)
    }

    @Test func missingOrBadValuesAreErrorsAtTheirElement() {
        #expect(Self.error("<VOC/>")?.description == "n01440764_10026.xml:1:1: the root element is <VOC>, not <annotation>")
        #expect(Self.error("<annotation>\n</annotation>")?.description == "n01440764_10026.xml:1:1: <annotation> has no <size>")
        #expect(
            Self.error(Self.xml(width: "0", objects: []))?.description
                == "n01440764_10026.xml:7:2: the image size is 0×375; it must be positive")
        #expect(
            Self.error(Self.xml(height: "tall", objects: []))?.description
                == "n01440764_10026.xml:9:3: <height> is 'tall', not a number")
        #expect(
            Self.error(Self.xml(objects: [("n01", ["1", "2", "nan", "4"])]))?.description
                == "n01440764_10026.xml:21:4: <xmax> is 'nan', not a number")
        let noBox = "<annotation><size><width>5</width><height>5</height></size>\n<object><name>n01</name></object></annotation>"
        #expect(Self.error(noBox)?.description == "n01440764_10026.xml:2:1: <object> has no <bndbox>")
        let noYmax = "<annotation><size><width>5</width><height>5</height></size><object><name>n01</name>\n"
            + "<bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax></bndbox></object></annotation>"
        #expect(Self.error(noYmax)?.description == "n01440764_10026.xml:2:1: <bndbox> has no <ymax>")
    }

    @Test func indexFindsAnnotationsByStemAnywhereUnderTheFolder() throws {
        let scratch = ScratchDirectory()
        let root = scratch.file("bbox")
        for folder in ["n01440764", "n01443537", ".hidden"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        _ = scratch.write("bbox/n01440764/n01440764_10026.xml", Self.xml(objects: [("n01440764", ["50", "75", "450", "300"])]))
        _ = scratch.write("bbox/n01443537/n01443537_2.XML", Self.xml(objects: [("n01443537", ["0", "0", "500", "375"])]))
        _ = scratch.write("bbox/n01443537/README.txt", "not an annotation")
        _ = scratch.write("bbox/.hidden/n01443537_3.xml", "<broken")
        _ = scratch.write("bbox/n01443537_bad.xml", "<annotation>")
        let index = try BoundingBoxIndex(directory: root)
        #expect(index.count == 3)
        #expect(index.annotationPath(forImage: "train/n01440764/n01440764_10026.JPEG") == root + "/n01440764/n01440764_10026.xml")
        #expect(
            try index.boxes(forImage: "n01440764_10026.JPEG", synset: "n01440764", classes: nil)
                == [RelativeBox(xmin: 0.1, ymin: 0.2, xmax: 0.9, ymax: 0.8)])
        #expect(try index.boxes(forImage: "n01443537_2.jpeg", synset: "n01443537", classes: nil) == [RelativeBox(xmin: 0, ymin: 0, xmax: 1, ymax: 1)])
        #expect(try index.boxes(forImage: "n01443537_3.JPEG", synset: "n01443537", classes: nil) == [])
        #expect(try index.annotation(forImage: "n09999999_1.JPEG") == nil)
        let error = thrownLabelError { () throws(TFRecordError) in
            try index.boxes(forImage: "n01443537_bad.JPEG", synset: "n01443537", classes: nil)
        }
        #expect(error?.code == .badInput)
        #expect(error?.location.path == root + "/n01443537_bad.xml")
    }

    @Test func indexErrors() throws {
        let scratch = ScratchDirectory()
        try FileManager.default.createDirectory(atPath: scratch.file("bbox/a"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: scratch.file("bbox/b"), withIntermediateDirectories: true)
        _ = scratch.write("bbox/a/notes.txt", "")
        let empty = thrownLabelError { () throws(TFRecordError) in try BoundingBoxIndex(directory: scratch.file("bbox")) }
        #expect(empty?.description == scratch.file("bbox") + ": no .xml annotation files in the folder")
        _ = scratch.write("bbox/b/x_1.xml", "")
        _ = scratch.write("bbox/a/x_1.xml", "")
        let duplicate = thrownLabelError { () throws(TFRecordError) in try BoundingBoxIndex(directory: scratch.file("bbox")) }
        #expect(duplicate?.description == scratch.file("bbox/b/x_1.xml") + ": a second annotation for 'x_1' (the first is \(scratch.file("bbox/a/x_1.xml")))")
        let missing = thrownLabelError { () throws(TFRecordError) in try BoundingBoxIndex(directory: scratch.file("nope")) }
        #expect(missing?.code == .io)
    }
}
