import ArgumentParser
import TFRecord
import TFRecordConversion
import TFRecordImages

extension ImageSchema: ExpressibleByArgument {}
extension ImageVerification: ExpressibleByArgument {}

/// `tfrec convert FOLDER`'s options for image folders: the schema, where labels and boxes
/// come from, splits, and how images are checked and resized. Maps onto
/// ``ImageFolderConversion/Options`` and ``ImageFolderSplits``.
struct ImageFolderArguments: ParsableArguments {
    @Option(help: "The features of image records: simple (image, label, height, width, filename; labels from 0) or imagenet (the keys of build_imagenet_data.py; labels from 1).")
    var schema = ImageSchema.simple

    @Option(help: "Classes in label order, one per line: a class (directory) name or synset, optionally followed by its text (LOC_synset_mapping.txt). Default: the sorted class directories.")
    var labelsFile: String?

    @Option(help: "The label of the first class (default: 0 for simple, 1 for imagenet).")
    var labelOffset: Int64?

    @Option(help: "A folder of Pascal VOC XML boxes, <image name>.xml in any subfolder (ImageNet's bounding boxes); with --schema imagenet.")
    var bboxes: String?

    @Option(help: "For a flat folder: the file naming each image's class (lines 'FILE CLASS', LOC_val_solution.csv, or one class per line in sorted file order).")
    var valLabels: String?

    @Option(help: "Convert several folders in one run, e.g. train=DIR,validation=DIR: shards SPLIT-00000-of-00008, one labels.txt and one manifest.")
    var splits: String?

    @Option(help: "What to do with an image file that cannot be read or decoded: fail (nothing is written) or skip (listed in errors.tsv; exit 4).")
    var onError: BadRowPolicy?

    @Option(help: "header: JPEGs pass through after a check of their header and end marker; full: decode every image.")
    var verifyImages = ImageVerification.header

    @Option(help: "Shrink images whose longer side exceeds N pixels to N (never enlarges); JPEG quality 90 unless --quality.")
    var maxSide: Int?

    @Option(help: "Shrink images whose shorter side exceeds N pixels to N (never enlarges).")
    var shortSide: Int?

    func validate() throws {
        if maxSide != nil && shortSide != nil { throw ValidationError("Give one of --max-side and --short-side.") }
        if let n = maxSide ?? shortSide, n < 1 { throw ValidationError("--max-side and --short-side must be at least 1.") }
        _ = try parsedSplits()
    }

    /// Whether any option of this group was given: they need an image folder.
    var isGiven: Bool {
        schema != .simple || labelsFile != nil || labelOffset != nil || bboxes != nil || valLabels != nil || splits != nil
            || onError != nil || verifyImages != .header || maxSide != nil || shortSide != nil
    }

    /// `--splits` as names and folders, or `nil`.
    func parsedSplits() throws -> [(name: String, folder: String)]? {
        guard let splits else { return nil }
        return try splits.split(separator: ",").map { item in
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--splits takes NAME=FOLDER,NAME=FOLDER, e.g. train=train/,validation=val/; got '\(item)'.")
            }
            return (String(parts[0]), String(parts[1]))
        }
    }

    /// Sets the library's options.
    func configure(_ options: inout ImageFolderConversion.Options, onBadRow: BadRowPolicy) {
        options.schema = schema
        options.labelsFile = labelsFile
        options.labelOffset = labelOffset
        options.boundingBoxes = bboxes
        options.validationLabels = valLabels
        options.onBadRow = onError ?? onBadRow
        options.images.verification = verifyImages
        options.images.resize = maxSide.map(ImageResize.maxSide) ?? shortSide.map(ImageResize.shortSide)
    }
}
