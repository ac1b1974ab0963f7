import TFRecord

extension Setting {
    /// The `tfrec` flag that sets it: how the CLI words the library's errors.
    var flag: String {
        switch self {
        case .outputDirectory: "--output"
        case .overwrite: "--overwrite"
        case .resume: "--resume"
        case .recordsPerShard: "--records-per-shard"
        case .shardCount: "--shards"
        case .shardSize: "--shard-size"
        case .shardName: "--name"
        case .shardSplit: "--split"
        case .compression: "--compression"
        case .compressionLevel: "--compression-level"
        case .writeIndex: "--index"
        case .encoding: "--encoding"
        case .normalization: "--normalize"
        case .mean: "--mean"
        case .standardDeviation: "--std"
        case .layout: "--layout"
        case .shape: "--shape"
        case .quality: "--quality"
        case .imageKey: "--image-key"
        case .labelKey: "--label-key"
        case .labelColumn: "--label-column"
        case .labelSource: "--label-from"
        case .outputFormat: "--format"
        case .schema: "--schema"
        case .labelsFile: "--labels-file"
        case .labelOffset: "--label-offset"
        case .boundingBoxes: "--bboxes"
        case .validationLabels: "--val-labels"
        case .splits: "--splits"
        case .onError: "--on-error"
        case .imageVerification: "--verify-images"
        case .maxSide: "--max-side"
        case .shortSide: "--short-side"
        case .images: "--images"
        case .labels: "--labels"
        case .shuffle: "--shuffle"
        case .onBadRow: "--on-bad-row"
        case .threads: "--threads"
        case .engine, .transformEngine: "--engine"
        case .chunkSize: "--chunk-size"
        }
    }

    /// A setting as the CLI words it in messages: its flag, then the value (`--encoding png`).
    static func asFlag(_ setting: Setting, value: String?) -> String {
        value.map { "\(setting.flag) \($0)" } ?? setting.flag
    }
}

extension TFRecordError {
    /// The error as the CLI prints it: location, then the message with settings worded as flags.
    var cliDescription: String { description(wording: Setting.asFlag) }

    /// The message as the CLI prints it, settings worded as flags.
    var cliMessage: String { message(wording: Setting.asFlag) }
}
