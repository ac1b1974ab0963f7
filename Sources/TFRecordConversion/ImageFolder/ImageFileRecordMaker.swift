import Foundation
import TFRecord
import TFRecordImages
import TFRecordSources

/// Makes the records of an image folder whose images are stored as files: JPEGs pass
/// through, everything else becomes one (see ``TrainingImageMaker``), in the features of an
/// ``ImageSchema``. One per thread.
final class ImageFileRecordMaker: ImageRecordMaking {
    private let files: ImageFolderFiles
    private let maker: TrainingImageMaker
    private let encoder: ImageRecordEncoder
    private let boxes: BoundingBoxIndex?
    /// Whether PNG files are stored as they are (``ImageSchema/simple``) unless resized.
    private let keepsPNG: Bool
    private let png = PNGDecoder()

    init(files: ImageFolderFiles, images: TrainingImageOptions, encoder: ImageRecordEncoder,
         boxes: BoundingBoxIndex?) throws(TFRecordError) {
        self.files = files
        self.encoder = encoder
        self.boxes = boxes
        keepsPNG = encoder.schema == .simple
        do { maker = try TrainingImageMaker(options: images) } catch {
            throw TFRecordError(.io, "cannot start the image codec: \(error.message)")
        }
    }

    func record(at index: Int) -> Result<([UInt8], Int), TFRecordError> {
        Result { () throws(TFRecordError) in
            let file = files.files[index]
            let bytes = try Self.read(file.path)
            let image: TrainingImage
            do throws(ImageCodecError) {
                if let png = try keptPNG(bytes) { image = png } else { image = try maker.make(bytes) }
            } catch {
                throw TFRecordError(.badInput, error.message, at: SourceLocation(path: file.path))
            }
            let name = RelativePath.lastComponent(file.path)
            let synset = file.classIndex.flatMap { files.classes?.synsets[$0] } ?? ""
            let text = file.classIndex.flatMap { files.classes?.texts[$0] } ?? ""
            let values = ImageRecordEncoder.Values(
                width: image.width, height: image.height, filename: name, label: file.label,
                synset: synset, text: text, boxes: try boxes(of: name, synset: synset, image: file.path))
            return (encoder.record(image: image.jpeg, values), bytes.count)
        }
    }

    /// The boxes of the image `name` from its annotation, if any; a bad annotation is bad
    /// input at the image (which is left out under skip), its message naming the XML file.
    private func boxes(of name: String, synset: String, image path: String) throws(TFRecordError) -> [ImageRecordEncoder.Box] {
        guard let boxes else { return [] }
        do throws(TFRecordError) {
            return try boxes.boxes(forImage: name, synset: synset, classes: files.classes).map {
                ImageRecordEncoder.Box(xmin: $0.xmin, ymin: $0.ymin, xmax: $0.xmax, ymax: $0.ymax)
            }
        } catch {
            throw TFRecordError(.badInput, "its boxes: \(error.description)", at: SourceLocation(path: path))
        }
    }

    /// A PNG file as it is, checked by a full decode; `nil` for other files and for PNG files
    /// that must shrink or become JPEGs.
    private func keptPNG(_ bytes: [UInt8]) throws(ImageCodecError) -> TrainingImage? {
        guard keepsPNG, bytes.withUnsafeBytes({ ImageContentKind.detect($0) }) == .png else { return nil }
        let image = try png.decode(bytes)
        if maker.options.resize?.targetSize(width: image.width, height: image.height) != nil { return nil }
        return TrainingImage(jpeg: bytes, width: image.width, height: image.height, source: .png, action: .passedThrough)
    }

    /// Files above this size are read only if they start like an image, and never above
    /// ``largestImageFile``: a stray archive in a class folder must not exhaust memory.
    static let largeFile = 256 << 20
    static let largestImageFile = 2 << 30

    /// The bytes of an input file; a file that cannot be read is bad input (it is skipped
    /// like a corrupt one), and so is a large file that is not an image.
    static func read(_ path: String) throws(TFRecordError) -> [UInt8] {
        do throws(TFRecordError) {
            let file = try InputFile(path: path)
            if file.size > largeFile {
                let head = UnsafeMutableRawBufferPointer.allocate(byteCount: 16, alignment: 1)
                defer { head.deallocate() }
                let count = try file.read(into: head, atOffset: 0)
                let kind = ImageContentKind.detect(UnsafeRawBufferPointer(rebasing: head[..<count]))
                guard [.jpeg, .png, .gif, .bmp].contains(kind) else {
                    throw TFRecordError(.badInput, "a file of \(file.size) bytes that is not an image (\(kind.name))")
                }
                guard file.size <= largestImageFile else {
                    throw TFRecordError(.badInput, "a \(kind.name) file of \(file.size) bytes, larger than any image this reads")
                }
            }
            return try file.readAll()
        } catch {
            throw TFRecordError(.badInput, error.message, at: SourceLocation(path: path))
        }
    }
}
