import Foundation
import TFRecord
import TFRecordImages
import TFRecordShards
import TFRecordSources
import TFRecordPixels

/// Writes one image file per row of a numeric CSV: the `tfrec images` pipeline, and the
/// reference workflow's "image dataset" step done fast.
///
/// ```
/// reader thread ──► work queue ──► N worker threads ──► reorder buffer ──► writer (caller's thread)
/// newline-aligned    chunks          parse + JPEG/PNG      by chunk index     names in row order,
/// chunks                             encode (one encoder                      O_EXCL create + write
///                                    per thread)
/// ```
///
/// Invariants:
/// - Row i gets the i-th name of the ``TFRecordImages/ImageFileNamer``, so names and bytes
///   do not depend on the thread count or timing; with a seed they are the same on every run.
/// - No existing file is ever overwritten: files are created with `O_EXCL`; a random name
///   that exists is redrawn.
/// - A run that fails (bad row, write error) or is interrupted removes the files it created,
///   so the directory holds either all the images or none of them. Files are not `fsync`ed
///   one by one; a killed (`SIGKILL`) run or a crash can leave some.
/// - The first bad row in input order is the error reported, with file, line and column.
public struct CSVImageExporter: Sendable {
    /// The options.
    public let options: CSVImageExportOptions

    /// Creates an exporter.
    public init(options: CSVImageExportOptions) {
        self.options = options
    }

    /// Runs the export.
    ///
    /// - Parameters:
    ///   - cancellation: set it (e.g. on SIGINT) to stop; the run then removes its files and
    ///     throws `.interrupted`.
    ///   - progress: called about ten times a second with the rows written and CSV bytes read.
    /// - Throws: ``TFRecord/TFRecordError``: `.badInput` (bad CSV, missing input, output path
    ///   is a file), `.usage` (bad options, a shape that does not fit the rows, index names
    ///   that exist already), `.io`, `.interrupted`.
    public func run(cancellation: CancellationFlag = CancellationFlag(),
                    progress: (@Sendable (WorkProgress) -> Void)? = nil) throws(TFRecordError) -> CSVImageExportSummary {
        let started = ContinuousClock.now
        try options.validate()
        let csv = try CSVInput(path: options.input, header: options.header, labelColumn: options.labelColumn)
        let layout = csv.layout
        let spec = layout.spec
        let shape = try resolveShape(pixelCount: spec.pixelCount)
        // Fails early on bad encoder settings, before any file exists.
        _ = try codec { () throws(ImageCodecError) in
            try ImageEncoder(
                format: options.format, quality: options.quality, subsampling: options.subsampling,
                pngCompression: options.pngCompression)
        }

        let directory = try OutputDirectory(path: options.outputDirectory)
        let namer: ImageFileNamer
        if let seed = options.seed {
            namer = ImageFileNamer(naming: options.naming, format: options.format, generator: SeededGenerator(seed: seed))
        } else {
            namer = ImageFileNamer(naming: options.naming, format: options.format)
        }
        let writer = ImageDirectoryWriter(directory: directory.path, namer: namer)

        let parser = CSVRowParser(spec: spec, engine: options.engine)
        let (format, quality, subsampling, compression) =
            (options.format, options.quality, options.subsampling, options.pngCompression)
        let reader = csv.chunks(size: options.chunkSize)
        let stages = PipelineStages<EncodedImageChunk>(
            reader: reader, threads: options.threads, maxInFlight: max(4, 2 * options.threads + 2),
            makeWorker: { () throws(TFRecordError) in
                // One encoder (TurboJPEG handle or libpng buffer) per worker thread.
                let encoder: ImageEncoder
                do throws(ImageCodecError) {
                    encoder = try ImageEncoder(
                        format: format, quality: quality, subsampling: subsampling, pngCompression: compression)
                } catch {
                    throw error.tfRecordError(at: SourceLocation())
                }
                let worker = CSVImageChunkEncoder(parser: parser, encoder: encoder, shape: shape)
                return { chunk in .success(worker.encode(chunk)) }
            }, cancellation: cancellation)
        stages.start()
        defer { stages.stop() }

        var rows = 0
        let totalBytes = progress == nil ? nil : try csv.file.snapshot().size
        let meter = progress.map { ProgressMeter(totalBytes: totalBytes, report: $0) }
        meter?.add(records: 0, bytes: csv.layout.dataOffset)
        do throws(TFRecordError) {
            try stages.forEachInOrder(cancellation: cancellation) { (chunk) throws(TFRecordError) in
                var start = 0
                for (end, label) in zip(chunk.ends, chunk.labels) {
                    _ = try rethrowingTFRecordError {
                        try chunk.bytes.withUnsafeBytes { raw in
                            try writer.write(UnsafeRawBufferPointer(rebasing: raw[start..<end]), label: label)
                        }
                    }
                    start = end
                    if cancellation.isCancelled { break }
                }
                if cancellation.isCancelled { return false }
                if let error = chunk.encodingError {
                    throw error.tfRecordError(at: SourceLocation(path: options.input, line: layout.firstDataLine + rows + chunk.ends.count))
                }
                if let failure = chunk.failure {
                    throw failure.error(path: options.input, line: layout.firstDataLine + rows + failure.row, spec: spec)
                }
                rows += chunk.ends.count
                meter?.add(records: chunk.ends.count, bytes: chunk.inputBytes)
                return true
            }
            if cancellation.isCancelled {
                throw TFRecordError(.interrupted, "interrupted; the images written so far were removed")
            }
        } catch {
            writer.removeCreatedFiles()
            throw error
        }
        return CSVImageExportSummary(
            images: rows, bytes: writer.byteCount, shape: shape, format: options.format, directory: options.outputDirectory,
            firstNames: Array(writer.createdNames.prefix(3)), seconds: seconds(since: started))
    }

    /// The shape of the rows' pixels: the option's (which must fit, with 1 or 3 channels) or a
    /// square gray image.
    private func resolveShape(pixelCount: Int) throws(TFRecordError) -> ImageShape {
        guard let shape = try ImageShape.fittingRows(options.shape, pixelCount: pixelCount,
                                                      at: SourceLocation(path: options.input))
        else {
            let message: ErrorMessage
            if pixelCount % 3 == 0, let rgb = ImageShape.inferred(fromValueCount: pixelCount / 3) {
                message = "cannot infer an image shape from \(pixelCount) pixel values per row (not a square); "
                    + "pass \(setting: .shape, "HxWxC") (for RGB, \(setting: .shape, "\(rgb.height)x\(rgb.width)x3"))"
            } else {
                message = "cannot infer an image shape from \(pixelCount) pixel values per row (not a square); "
                    + "pass \(setting: .shape, "HxWxC")"
            }
            throw TFRecordError(.usage, message, at: SourceLocation(path: options.input))
        }
        try codec { () throws(ImageCodecError) in try shape.checkImageChannels() }
        return shape
    }

    private func codec<T>(_ body: () throws(ImageCodecError) -> T) throws(TFRecordError) -> T {
        do { return try body() } catch { throw error.tfRecordError(at: SourceLocation()) }
    }
}
