import Foundation
import TFRecord
import TFRecordShards
import TFRecordSources

/// Converts several splits of an image dataset (`train`, `validation`) in one run: each
/// split's shards named after it (`train-00000-of-01024`, `validation-00000-of-00128`),
/// one label map for all, and one manifest listing every split.
///
/// The classes come from the labels file, or else from the class directories of the first
/// split that has them; a flat split folder is labeled by the validation labels file, and a
/// class it names that is not in the map is an error. Splits run one after the other into
/// the same directory, each committed as it ends; when a later split fails, the shards and
/// files of the splits before it are removed, so that a failed run leaves nothing.
/// `resume` is refused: a resumption would need every split's journal at once.
public struct ImageFolderSplits: Sendable {
    /// The splits in the order they are written: name and folder.
    public var splits: [(name: String, folder: String)]
    /// Every other option; its `folder` and `split` are replaced by each split's.
    public var options: ImageFolderConversion.Options

    /// - Throws: ``TFRecordError`` `.usage` for no split, repeated names, or a custom shard
    ///   name template (every split would get the same names).
    public init(splits: [(name: String, folder: String)], options: ImageFolderConversion.Options) throws(TFRecordError) {
        guard !splits.isEmpty else { throw TFRecordError(.usage, "\(setting: .splits) needs at least one NAME=FOLDER") }
        guard Set(splits.map(\.name)).count == splits.count else {
            throw TFRecordError(.usage, "\(setting: .splits) names a split twice")
        }
        for split in splits where split.name.isEmpty || split.name.contains("/") || split.name.contains("{") {
            throw TFRecordError(.usage, "\(setting: .splits): '\(split.name)' is not a split name")
        }
        guard !options.output.resume else {
            throw TFRecordError(.usage, "\(setting: .resume) does not go with \(setting: .splits); run again with \(setting: .overwrite)")
        }
        guard options.output.nameTemplate == .reference, options.output.tfds == nil else {
            throw TFRecordError(.usage, "\(setting: .splits) names shards SPLIT-00000-of-00008; run once per split "
                                + "(\(setting: .shardSplit)) for other names")
        }
        self.splits = splits
        self.options = options
    }

    /// Converts every split, then writes the manifest, `labels.txt` and `errors.tsv` of all.
    ///
    /// - Returns: the summary of all splits together.
    /// - Throws: ``TFRecordError``, as ``ImageFolderConversion/run(cancellation:progress:)``.
    public func run(cancellation: CancellationFlag = CancellationFlag(),
                    progress: (@Sendable (ConversionProgress) -> Void)? = nil) throws(TFRecordError) -> ConversionSummary {
        try options.validate()
        let classes = try sharedClasses()
        let directory = options.output.directory
        var total: ConversionSummary?
        var manifests: [(name: String, manifest: Manifest)] = []
        var errors: [UInt8] = []
        do throws(TFRecordError) {
            for (index, split) in splits.enumerated() {
                var options = self.options
                options.folder = split.folder
                options.split = split.name
                options.sharedClasses = classes
                options.namesShardsBySplit = true
                // A flat folder is labeled by the validation labels; one of class directories by them.
                let flat = try !ImageFolderListing.files(in: split.folder).contains { $0.contains("/") }
                if flat && options.validationLabels == nil {
                    throw TFRecordError(.usage, "split \(split.name)'s folder has no class directories; give \(setting: .validationLabels)",
                                        at: SourceLocation(path: split.folder))
                }
                if !flat { options.validationLabels = nil }
                // The first split replaces an earlier run only if asked; the next ones replace the
                // manifest the split before them wrote.
                options.output.overwrite = index == 0 ? self.options.output.overwrite : true
                options.output.writeManifest = true
                let summary = try ImageFolderConversion(options: options).run(cancellation: cancellation, progress: progress)
                guard let manifest = try Manifest.read(fromDirectory: directory) else {
                    throw TFRecordError(.io, "the manifest of split \(split.name) is missing", at: SourceLocation(path: directory))
                }
                manifests.append((split.name, manifest))
                if options.onBadRow == .skip {
                    errors += (FileManager.default.contents(atPath: OutputDirectory.join(directory, ImageFolderConversion.errorsFileName))
                        .map { [UInt8]($0) } ?? [])
                }
                total = total.map { Self.adding(summary, to: $0) } ?? summary
            }
        } catch {
            try? Self.remove(manifests.map(\.manifest), from: directory)
            throw error
        }
        let output = try OutputDirectory(path: directory)
        if options.onBadRow == .skip {
            try output.writeAtomically(name: ImageFolderConversion.errorsFileName, contents: errors)
        }
        var manifest = manifests.last!.manifest
        manifest.command = options.output.commandLine
        manifest.source = splits[0].folder
        manifest.sources = splits.count > 1 ? splits.map(\.folder) : nil
        manifest.records = manifests.reduce(0) { $0 + $1.manifest.records }
        manifest.shards = manifests.flatMap(\.manifest.shards)
        manifest.classCounts = manifest.classCounts.map { (_) in
            manifests.reduce(into: [String: Int]()) { counts, split in
                for (name, count) in split.manifest.classCounts ?? [:] { counts[name, default: 0] += count }
            }
        }
        manifest.splits = Dictionary(uniqueKeysWithValues: manifests.map { split in
            (split.name, Manifest.Split(records: split.manifest.records, shards: split.manifest.shards.map(\.name),
                                        classCounts: split.manifest.classCounts))
        })
        if options.output.writeManifest {
            try manifest.write(to: output)
        } else {
            try output.remove(Manifest.fileName)
        }
        return total!
    }

    /// The classes every split uses: the labels file's, or the class directories of the first
    /// split that has them.
    private func sharedClasses() throws(TFRecordError) -> ClassLabelMap {
        let offset = options.labelOffset ?? options.schema.defaultLabelOffset
        if let labelsFile = options.labelsFile { return try ClassLabelMap.read(path: labelsFile, offset: offset) }
        for split in splits {
            let files = try ImageFolderListing.files(in: split.folder)
            let parents = files.map(RelativePath.parent)
            if !parents.contains("") { return try ClassLabelMap(classDirectories: parents, offset: offset) }
        }
        throw TFRecordError(.usage, "no split has class directories to take the classes from; give \(setting: .labelsFile)")
    }

    /// Removes what the committed splits wrote: their shards and index files, and the
    /// manifest, labels and errors files.
    private static func remove(_ manifests: [Manifest], from directory: String) throws(TFRecordError) {
        guard !manifests.isEmpty else { return }
        let output = try OutputDirectory(path: directory)
        for shard in manifests.flatMap(\.shards) {
            try output.remove(shard.name)
            try output.remove(shard.name + ".idx")
        }
        for name in [Manifest.fileName, ImageFolderConversion.labelsFileName, ImageFolderConversion.errorsFileName] {
            try output.remove(name)
        }
    }

    private static func adding(_ summary: ConversionSummary, to total: ConversionSummary) -> ConversionSummary {
        var total = total
        total.rows += summary.rows
        total.shards += summary.shards
        total.inputBytes += summary.inputBytes
        total.outputBytes += summary.outputBytes
        total.seconds += summary.seconds
        total.rejectedRows += summary.rejectedRows
        total.notes += summary.notes
        return total
    }
}
