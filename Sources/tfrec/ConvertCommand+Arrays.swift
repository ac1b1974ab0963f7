import ArgumentParser
import TFRecord
import TFRecordConversion
import TFRecordSources

#if canImport(Glibc)
import Glibc
#endif

extension ConvertCommand {
    /// Converts image arrays (`.npy`, IDX, `.npz` members) with the options of the command line.
    func convertArrays(_ images: [String], mode: ConversionMode, cancellation: CancellationFlag) throws {
        let resolved = try ArrayInputPaths.resolve(images: images, labels: arrays.labels)
        var options = ArrayConversionOptions(images: resolved.images, outputDirectory: output.output ?? "")
        options.labels = resolved.labels
        options.output = try output.options(commandLine: mode.commandLine, compressionThreads: threads)
        options.labelColumn = labelColumn.column
        options.record = recordContent()
        options.quality = quality ?? 95
        options.work = try work()
        options.shuffleSeed = order.shuffleSeed

        try perform(ArrayConversion(options: options).conversion, mode: mode, cancellation: cancellation)
    }
}
