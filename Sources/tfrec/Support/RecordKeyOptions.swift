import ArgumentParser

/// The options of commands that read the image and label features of shards.
struct RecordKeyOptions: ParsableArguments {
    @Option(help: "The key of the image feature.")
    var imageKey = "image"

    @Option(help: "The key of the label feature.")
    var labelKey = "label"
}
