import ArgumentParser
import TFRecord
import TFRecordConversion
import TFRecordSources

#if canImport(Glibc)
import Glibc
#endif

extension ConvertCommand {
    /// Converts image arrays (`.npy`, IDX) with the options of the command line.
    func convertArrays(_ images: [String], cancellation: CancellationFlag) throws {
        var options = ArrayConversionOptions(images: try ArrayInputPaths.expand(images), outputDirectory: output.output)
        options.labels = try ArrayInputPaths.expand(arrays.labels)
        options.output = try output.options(compressionThreads: threads)
        options.labelColumn = labelColumn.column
        options.encoding = encoding
        options.quality = quality
        options.shape = shape
        options.imageKey = imageKey
        options.labelKey = labelKey
        options.threads = threads ?? Self.cores
        options.transformEngine = engine.transform
        options.device = try deviceSelector()
        options.normalization = normalization
        options.layout = layout
        options.chunkSize = chunkSize
        options.shuffleSeed = order.shuffleSeed

        try reportingProgress { progress in
            try ArrayConversion(options: options).run(cancellation: cancellation, progress: progress)
        }
    }
}
