import ArgumentParser
import Dispatch
import Foundation
import TFRecord
import TFRecordImages
import TFRecordShards
import TFRecordSources
import TFRecordTransform
import TFRecordConversion

#if canImport(Glibc)
import Glibc
import TFRecordPixels
#endif

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert numeric CSVs (label, then pixel values 0-255), .npy / IDX arrays or a folder of images into TFRecord shards.",
        discussion: """
            Each row becomes one tf.train.Example with an image feature (the pixels) and a \
            label feature (int64); row i of the CSV is record i of the output. Shards are \
            written under temporary names and renamed only when the whole input converted, \
            so a failed or interrupted run leaves no shard under a final name.

            Several CSV files are one input, their rows one file after another in the order \
            given; a quoted pattern such as 'data/part-*.csv' stands for its matches in \
            sorted order. Every file needs the same number of fields (the header is detected \
            per file). --shuffle writes the records in a random order that depends only on \
            the input and --seed; it indexes each row's offset first (12 bytes per row). An \
            input that changes while being read fails the run (exit 1).

            A folder of images is read in sorted order; labels come from the `_<label>.` \
            suffix of file names (as `tfrec images` writes them) or, with --label-from dir, \
            from class directories (labels.txt maps them). What a file is, is decided by its \
            bytes: JPEGs are stored as they are, CMYK JPEGs, PNG, GIF and BMP files become \
            JPEGs (--schema simple keeps PNG). --schema imagenet writes the records of \
            build_imagenet_data.py (labels from 1, shards train-00000-of-01024), with \
            --labels-file, --bboxes, --val-labels for a flat folder, or --splits for train \
            and validation in one run.

            Arrays (.npy or IDX, plain or .gz) give the same records as the CSV of the \
            same values: images of shape (N, H, W[, C]) or (N, D) with --labels, or one \
            2-D array with a label column. Several arrays are read one after the other. \
            A NumPy .npz (np.savez, np.savez_compressed) gives its x_train and y_train, \
            or its only images and labels; name others as data.npz:NAME.

            `-` reads a CSV from standard input, plain or gzip-compressed, in one pass \
            (not with --shuffle or --shards); every row must end with a newline.

            Examples:
              tfrec convert mnist_train_small.csv -o tfrecord/
              → tfrecord/file_00-3000.tfrec … file_06-2000.tfrec and manifest.json
              tfrec convert images/ -o tfrecord/ --label-from name
              tfrec convert train/ -o imagenet/ --schema imagenet --labels-file synsets.txt --shards 1024
              tfrec convert --splits train=train/,validation=val/ --val-labels val.txt --schema imagenet -o out/
              tfrec convert 'data/part-*.csv' -o tfrecord/ --shuffle --seed 7
              tfrec convert --images x.npy --labels y.npy -o tfrecord/ --shuffle --seed 7
              tfrec convert train-images-idx3-ubyte.gz --labels train-labels-idx1-ubyte.gz -o tfrecord/
              tfrec convert mnist.npz -o tfrecord/
              tfrec convert --images mnist.npz:x_test --labels mnist.npz:y_test -o test/
              zcat data.csv.gz | tfrec convert - -o tfrecord/
            """
    )

    @Argument(help: "The CSV files, read in this order (a quoted glob pattern expands sorted; - is standard input), a folder of images, or image arrays (.npy, IDX, .npz; several are read in order).")
    var inputs: [String] = []

    @OptionGroup(title: "Arrays")
    var arrays: ArrayInputArguments

    @OptionGroup(title: "Output")
    var output: ShardOutputArguments

    @OptionGroup(title: "Order")
    var order: ShuffleArguments

    @OptionGroup(title: "Image folders")
    var folders: ImageFolderArguments

    @OptionGroup(title: "Scale-out (tasks of a plan made with tfrec plan)")
    var task: TaskArguments

    @Option(help: "How the image feature stores pixels: int64-bytes (as the reference workflow), uint8, int64-list, jpeg or png.")
    var encoding: PixelEncoding?

    @Option(help: "For image folders: labels from the file name's _<label> suffix (name) or the parent directory (dir).")
    var labelFrom = LabelSource.name

    @Option(help: "JPEG quality, 1-100 (default 95; 90 for images shrunk by --max-side or --short-side).")
    var quality: Int?

    @Option(help: "The image shape HxWxC (default: a square gray image inferred from the pixel count, 784 → 28x28x1).")
    var shape: ImageShape?

    @Option(help: "The key of the image feature.")
    var imageKey = "image"

    @Option(help: "The key of the label feature.")
    var labelKey = "label"

    @Option(help: "The 0-based field index of the label, or 'none' for rows without a label.")
    var labelColumn = LabelColumnArgument.index(0)

    @Option(help: "Whether the first line is a header: auto (a first field that is not a number), yes or no.")
    var header = CSVHeaderMode.auto

    @Option(help: "What to do with a row that does not parse: fail (nothing is written) or skip (listed in rejected.txt).")
    var onBadRow = BadRowPolicy.fail

    @Option(help: "Parse and encode threads (default: the number of cores).")
    var threads: Int?

    @Option(help: "Compute engine: scalar (the reference), simd, opencl (pixel transform on an OpenCL device), or auto.")
    var engine = ConversionEngine.auto

    @Option(help: "The OpenCL device for --engine opencl|auto: auto, P:D (see tfrec devices) or part of its name.")
    var device = "auto"

    @Option(help: "Pixel transform for float encodings: none (the values), scale (x / 255) or standardize.")
    var normalize = NormalizeArgument.none

    @Option(help: "Per-channel means for --normalize standardize, in pixel units: M or M,M,M.")
    var mean: FloatListArgument?

    @Option(help: "Per-channel standard deviations for --normalize standardize: S or S,S,S.")
    var std: FloatListArgument?

    @Option(help: "Layout of float values: hwc (as in the CSV) or chw (channel first).")
    var layout = Layout.hwc

    @OptionGroup var progress: ProgressOption

    @Option(help: .hidden)
    var chunkSize = 1 << 17

    func validate() throws {
        if task.plan != nil {
            // A task's input and options come from its plan.
            if !inputs.isEmpty || !arrays.images.isEmpty || output.output != nil {
                throw ValidationError("--plan takes the inputs, --output and the conversion options from the plan; give only "
                                      + "--task-index/--task-count or --shard, --threads and --progress.")
            }
            return try task.validate()
        }
        if task.isGiven { throw ValidationError("--task-index, --task-count and --shard go with --plan.") }
        if output.output == nil { throw ValidationError("Missing expected argument '--output <output>'.") }
        if inputs.isEmpty && arrays.images.isEmpty && folders.splits == nil {
            throw ValidationError("Missing expected argument '<inputs> ...'.")
        }
        if folders.splits != nil && !inputs.isEmpty {
            throw ValidationError("--splits names the folders; give no other input.")
        }
        if let quality, !(1...100).contains(quality) { throw ValidationError("--quality must be between 1 and 100.") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
        if chunkSize < 1 { throw ValidationError("--chunk-size must be at least 1.") }
        if labelColumn != .none && imageKey == labelKey {
            throw ValidationError("--image-key and --label-key must differ.")
        }
        if !engine.csv.isAvailable { throw ValidationError("--engine \(engine): this CPU has no supported SIMD instructions.") }
        if normalize == .standardize && (mean == nil || std == nil) {
            throw ValidationError("--normalize standardize needs --mean and --std.")
        }
        if normalize != .standardize && (mean != nil || std != nil) {
            throw ValidationError("--mean and --std go with --normalize standardize.")
        }
        if let std, std.values.contains(where: { $0 == 0 || !$0.isFinite }) {
            throw ValidationError("--std values must be finite and non-zero.")
        }
    }

    func run() throws {
        if let plan = task.plan { return try runTask(ofPlan: plan) }
        try run(mode: .convert)
    }

    /// Converts, plans or runs a task of a plan, as `mode` says, with these options.
    func run(mode: ConversionMode) throws {
        try reportingErrors {
            let cancellation = CancellationFlag()
            let signals = Self.cancelOnSignals(cancellation)
            defer { signals.forEach { $0.cancel() } }
            // The library decides what each input is; this only words what does not fit.
            let kinds = inputs.map { ($0, InputKind.detect($0)) }
            if let (path, kind) = kinds.first(where: { !$0.1.isCSV && !$0.1.isArray && $0.1 != .imageFolder }) {
                throw TFRecordError(.usage, InputKindWording.notReadable(path, kind, expected: "a CSV"))
            }
            let folderInput = folders.splits != nil || (inputs.count == 1 && kinds[0].1 == .imageFolder)
            if folders.isGiven && !folderInput {
                throw TFRecordError(.usage, "--schema, --labels-file, --label-offset, --bboxes, --val-labels, --splits, --on-error, "
                                    + "--verify-images, --max-side and --short-side go with an image folder")
            }
            if let images = try arrays.imageArrays(positional: inputs) {
                if let (path, kind) = kinds.first(where: { !$0.1.isArray }),
                   let (arrayPath, arrayKind) = kinds.first(where: { $0.1.isArray })
                {
                    throw TFRecordError(.usage, "\(path) is \(InputKindWording.description(of: kind)) and \(arrayPath) "
                                        + "\(InputKindWording.description(of: arrayKind)); convert arrays and other "
                                        + "inputs in separate runs")
                }
                return try convertArrays(images, mode: mode, cancellation: cancellation)
            }
            if !arrays.labels.isEmpty { throw TFRecordError(.usage, "--labels goes with image arrays (.npy, IDX, .npz)") }
            if folderInput {
                return try convertImageFolder(mode: mode, cancellation: cancellation)
            }
            if inputs.isEmpty { throw TFRecordError(.usage, "name an input: CSV files, an image folder, or image arrays") }
            if inputs.contains(InputKind.standardInputName) {
                // Both need the whole input before the first shard; a stream is read once.
                if order.shuffle {
                    throw TFRecordError(.usage, "--shuffle reads the input twice and standard input (-) is read once; "
                                        + "save it to a file and convert that")
                }
                if output.shards != nil {
                    throw TFRecordError(.usage, "--shards counts the rows before writing and standard input (-) is read "
                                        + "once; use --records-per-shard or --shard-size")
                }
            }
            var options = CSVConversionOptions(inputs: inputs, outputDirectory: output.output ?? "")
            options.output = try output.options(commandLine: mode.commandLine, compressionThreads: threads)
            options.record = recordContent()
            options.encoding = encoding ?? .int64Bytes
            options.quality = quality ?? 95
            options.work = try work()
            options.labelColumn = labelColumn.column
            options.header = header
            options.onBadRow = onBadRow
            options.engine = engine.csv
            options.shuffleSeed = order.shuffleSeed

            try perform(CSVConversion(options: options).conversion, mode: mode, cancellation: cancellation)
        }
    }

    /// Runs a conversion with the progress line `--progress` asks for on stderr, then prints
    /// its notes and its summary.
    func reportingProgress(
        _ convert: (@escaping @Sendable (ConversionProgress) -> Void) throws -> ConversionSummary
    ) throws {
        let showProgress = progress.isShown
        let summary = try convert { state in
            if showProgress { writeStandardError("\r\u{1B}[K" + ProgressLine.format(state)) }
        }
        if showProgress { writeStandardError("\r\u{1B}[K") }
        for note in summary.notes { printError("note: \(note)") }
        printError(ProgressLine.summary(summary))
    }

    /// `--normalize`, `--mean`, `--std` as the library's value (`nil`: no transform asked).
    var normalization: Normalization? {
        switch normalize {
        case .none: nil
        case .scale: .scale
        case .standardize: .standardize(mean: mean?.values ?? [], std: std?.values ?? [])
        }
    }

    func deviceSelector() throws(TFRecordError) -> DeviceSelector {
        do throws(TransformError) { return try DeviceSelector(device) } catch {
            throw TFRecordError(.usage, error.message)
        }
    }

    static var cores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// SIGINT and SIGTERM set the flag instead of killing the process, so that temporary
    /// shards are removed before exiting.
    static func cancelOnSignals(_ flag: CancellationFlag) -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { flag.cancel() }
            source.resume()
            return source
        }
    }
}
