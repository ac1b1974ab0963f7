import Foundation
import TFRecord

/// A Pascal VOC annotation as ImageNet ships its bounding boxes
/// (`ILSVRC2012_bbox_train_v2.tar.gz`, `n01440764/n01440764_10026.xml`):
///
///     <annotation>
///       <size><width>500</width><height>375</height><depth>3</depth></size>
///       <object>
///         <name>n01440764</name>
///         <bndbox><xmin>38</xmin><ymin>82</ymin><xmax>432</xmax><ymax>363</ymax></bndbox>
///       </object>
///     </annotation>
///
/// ``relativeBoxes(synset:classes:)`` turns it into the boxes of a record the way TensorFlow's
/// reference pipeline does (tensorflow/models `research/inception/inception/data/
/// process_bounding_boxes.py`, whose CSV output `build_imagenet_data.py` stores).
public struct VOCAnnotation: Sendable, Equatable {
    /// One annotated object.
    public struct Object: Sendable, Equatable {
        /// The object's class: a synset in ImageNet's files (a few carry a text such as
        /// `Scottish_deerhound` instead).
        public var name: String
        /// The left edge in pixels of the annotated size (`<xmin>`). Every coordinate is
        /// truncated toward zero as the reference's `int(float(text))` does (some files
        /// write `12.5`).
        public var xmin: Int
        /// The top edge in pixels (`<ymin>`).
        public var ymin: Int
        /// The right edge in pixels (`<xmax>`).
        public var xmax: Int
        /// The bottom edge in pixels (`<ymax>`).
        public var ymax: Int

        /// Creates an object.
        public init(name: String, xmin: Int, ymin: Int, xmax: Int, ymax: Int) {
            self.name = name
            self.xmin = xmin
            self.ymin = ymin
            self.xmax = xmax
            self.ymax = ymax
        }
    }

    /// The width of the image as it was shown to the annotator (`<size><width>`); boxes are
    /// relative to it, not to the image file's width.
    public var width: Int
    /// The height of the image as it was shown to the annotator (`<size><height>`).
    public var height: Int
    /// The objects, in the file's order.
    public var objects: [Object]

    /// Creates an annotation.
    public init(width: Int, height: Int, objects: [Object]) {
        self.width = width
        self.height = height
        self.objects = objects
    }

    /// Parses an annotation file.
    ///
    /// Stricter than the reference, which skips a file it cannot parse and divides by zero
    /// or reads `-1` for missing values: the root must be `<annotation>` with a `<size>` of
    /// positive `<width>` and `<height>`, and every `<object>` needs a `<name>` and a
    /// `<bndbox>` with the four coordinates, each a finite number.
    ///
    /// - Parameters:
    ///   - contents: The file's bytes.
    ///   - path: The file's path, for error locations.
    /// - Throws: ``TFRecordError`` `.badInput` at `path:line:column` for malformed XML or a
    ///   missing or non-numeric value.
    public static func parse(_ contents: [UInt8], path: String) throws(TFRecordError) -> VOCAnnotation {
        let root = try AnnotationXMLReader.parse(contents, path: path)
        func fail(_ message: String, _ element: AnnotationXMLReader.Element) -> TFRecordError {
            AnnotationXMLReader.error(message, at: element, path: path)
        }
        func child(_ name: String, of element: AnnotationXMLReader.Element) throws(TFRecordError)
            -> AnnotationXMLReader.Element
        {
            guard let child = element.child(name) else { throw fail("<\(element.name)> has no <\(name)>", element) }
            return child
        }
        func number(_ name: String, of element: AnnotationXMLReader.Element) throws(TFRecordError) -> Int {
            let value = try child(name, of: element)
            let text = value.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let number = Double(text), number.isFinite,
                let integer = Int(exactly: number.rounded(.towardZero))
            else {
                throw fail("<\(name)> is '\(text)', not a number", value)
            }
            return integer
        }
        guard root.name == "annotation" else {
            throw fail("the root element is <\(root.name)>, not <annotation>", root)
        }
        let size = try child("size", of: root)
        let width = try number("width", of: size)
        let height = try number("height", of: size)
        guard width > 0, height > 0 else {
            throw fail("the image size is \(width)×\(height); it must be positive", size)
        }
        var objects: [Object] = []
        for object in root.children("object") {
            let name = try child("name", of: object).text.trimmingCharacters(in: .whitespacesAndNewlines)
            let box = try child("bndbox", of: object)
            objects.append(
                Object(name: name, xmin: try number("xmin", of: box), ymin: try number("ymin", of: box),
                       xmax: try number("xmax", of: box), ymax: try number("ymax", of: box)))
        }
        return VOCAnnotation(width: width, height: height, objects: objects)
    }

    /// Reads and parses the annotation file at `path` (see ``parse(_:path:)``).
    ///
    /// - Throws: ``TFRecordError`` `.io` when the file cannot be read; otherwise as
    ///   ``parse(_:path:)``.
    public static func read(path: String) throws(TFRecordError) -> VOCAnnotation {
        try parse(LabelFileText.read(path), path: path)
    }

    /// The boxes to store for an image of class `synset`, as TensorFlow's reference pipeline
    /// computes them.
    ///
    /// Following `process_bounding_boxes.py` (`ProcessXMLAnnotation` and its `__main__`):
    /// 1. Each coordinate is divided by the annotated `width` or `height`.
    /// 2. Each pair is ordered (`min`/`max` of the two, as some boxes have min > max), then
    ///    clamped to `0...1` (some boxes reach outside the image).
    /// 3. With `classes` (the reference's synsets file): when the file's label differs from
    ///    `synset` and is itself one of `classes`, every box of the file is left out. Like
    ///    the reference, the file's label is its first `<name>` (ImageNet's files give all
    ///    objects the same one); a label that is not a class (the `Scottish_deerhound` noise
    ///    the reference mentions) keeps the boxes.
    /// 4. A box with `xmin >= xmax` or `ymin >= ymax` after clamping is left out.
    /// 5. Each value is rounded to 4 decimals (the reference's CSV writes `%.4f`, and
    ///    `build_imagenet_data.py` reads that back) and stored as a `Float`.
    ///
    /// The reference takes the synset to compare from the XML file's directory; here it is
    /// the image's, which is the same for ImageNet's `nXXXXXXXX/nXXXXXXXX_YYYY.xml` layout
    /// and also works for flat folders of annotations.
    ///
    /// - Parameters:
    ///   - synset: The image's class.
    ///   - classes: The classes of the dataset; `nil` keeps boxes of any label.
    /// - Returns: The boxes, in the file's order; empty when none is left.
    public func relativeBoxes(synset: String, classes: ClassLabelMap?) -> [RelativeBox] {
        if let classes, let label = objects.first?.name, label != synset, classes.contains(label) {
            return []
        }
        let width = Double(width)
        let height = Double(height)
        return objects.compactMap { object in
            let xmin = Double(object.xmin) / width
            let xmax = Double(object.xmax) / width
            let ymin = Double(object.ymin) / height
            let ymax = Double(object.ymax) / height
            let left = min(max(min(xmin, xmax), 0), 1)
            let right = min(max(max(xmin, xmax), 0), 1)
            let top = min(max(min(ymin, ymax), 0), 1)
            let bottom = min(max(max(ymin, ymax), 0), 1)
            guard left < right, top < bottom else { return nil }
            return RelativeBox(xmin: Self.rounded(left), ymin: Self.rounded(top), xmax: Self.rounded(right),
                               ymax: Self.rounded(bottom))
        }
    }

    /// `value` as the reference stores it: printed with `%.4f`, read back as a double, kept
    /// as a 32-bit float.
    static func rounded(_ value: Double) -> Float {
        Float(Double(String(format: "%.4f", value))!)
    }
}
