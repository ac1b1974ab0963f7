import TFRecord
import TFRecordImages
import TFRecordShards
import TFRecordPixels

/// Makes the records of an image folder whose images are re-encoded into a pixel encoding
/// (`--encoding`): `image` and `label` only, as CSV rows of the same pixels give. One per
/// thread.
final class PixelRecordMaker: ImageRecordMaking {
    private let files: [ImageFolderFiles.File]
    private let encoding: PixelEncoding
    private let quality: Int
    private let imageKey: String
    private let labelKey: String
    private let shape: ImageShape?
    private let decoder = ImageDecoder()
    private var encoder: RowRecordEncoder?
    private var encoderShape: ImageShape?

    /// - Parameter shape: the shape every image must have (raw encodings), or `nil`.
    init(files: [ImageFolderFiles.File], encoding: PixelEncoding, quality: Int, imageKey: String, labelKey: String,
         shape: ImageShape?) {
        (self.files, self.encoding, self.quality, self.imageKey, self.labelKey, self.shape) =
            (files, encoding, quality, imageKey, labelKey, shape)
    }

    func record(at index: Int) -> Result<([UInt8], Int), TFRecordError> {
        Result { () throws(TFRecordError) in
            let file = files[index]
            let (bytes, image) = try Self.decode(file.path, decoder: decoder)
            if let shape, shape != image.shape {
                throw TFRecordError(.badInput, "image is \(image.shape), expected \(shape) like the others (or \(setting: .shape))",
                                    at: SourceLocation(path: file.path))
            }
            let buffer = RecordBuffer(capacity: bytes.count + 64)
            try encoder(for: image.shape).appendRecord(
                pixels: image.pixels.withUnsafeBufferPointer { $0 }, label: file.label, to: buffer)
            return (buffer.bytes, bytes.count)
        }
    }

    /// Reads and decodes one image file (JPEG or PNG).
    static func decode(_ path: String, decoder: ImageDecoder) throws(TFRecordError) -> (bytes: [UInt8], image: Image) {
        let bytes = try ImageFileRecordMaker.read(path)
        do {
            return (bytes, try decoder.decode(bytes).image)
        } catch {
            throw TFRecordError(.badInput, error.message, at: SourceLocation(path: path))
        }
    }

    private func encoder(for shape: ImageShape) throws(TFRecordError) -> RowRecordEncoder {
        if let encoder, encoderShape == shape { return encoder }
        let made = try RowRecordEncoder(encoding: encoding, pixelCount: shape.valueCount, imageKey: imageKey,
                                        labelKey: labelKey, shape: shape, quality: quality)
        encoder = made
        encoderShape = shape
        return made
    }
}
