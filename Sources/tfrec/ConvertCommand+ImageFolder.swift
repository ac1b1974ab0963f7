import ArgumentParser
import TFRecord
import TFRecordConversion

extension ConvertCommand {
    /// The exit code of a run that left out files it could not read (`--on-error skip`):
    /// the output is complete without them.
    static let skippedFilesExitCode: Int32 = 4

    /// Converts an image folder, or the folders of `--splits`, as `mode` says.
    func convertImageFolder(mode: ConversionMode, cancellation: CancellationFlag) throws {
        if order.shuffle {
            throw TFRecordError(.usage, "--shuffle works with CSV input, not with an image folder")
        }
        var options = ImageFolderConversion.Options(folder: inputs.first ?? "", outputDirectory: output.output ?? "")
        options.output = try output.options(commandLine: mode.commandLine, compressionThreads: threads)
        options.split = output.split
        options.labelSource = labelFrom
        options.encoding = encoding
        options.quality = quality
        options.shape = shape
        options.imageKey = imageKey
        options.labelKey = labelKey
        options.threads = threads ?? Self.cores
        folders.configure(&options, onBadRow: onBadRow)
        var skipped = 0
        if let splits = try folders.parsedSplits() {
            guard case .convert = mode else {
                throw TFRecordError(.usage, "--splits runs on one machine; plan each split on its own (--split NAME)")
            }
            let conversion = try ImageFolderSplits(splits: splits, options: options)
            try reportingProgress { progress in
                let summary = try conversion.run(cancellation: cancellation, progress: progress)
                skipped = summary.rejectedRows
                return summary
            }
        } else {
            let conversion = ImageFolderConversion(options: options).conversion
            if case .convert = mode {
                try reportingProgress { progress in
                    let summary = try conversion.run(cancellation: cancellation, progress: progress)
                    skipped = summary.rejectedRows
                    return summary
                }
            } else {
                try perform(conversion, mode: mode, cancellation: cancellation)
            }
        }
        if skipped > 0 {
            throw ExitCode(Self.skippedFilesExitCode)
        }
    }
}
