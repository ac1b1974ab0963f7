import ArgumentParser
import TFRecordSources

/// The options of `tfrec convert` for array inputs (`.npy`, IDX, `.npz` members).
struct ArrayInputArguments: ParsableArguments {
    @Option(help: "An image array (.npy or IDX, plain or .gz, or an .npz member as data.npz:NAME); repeat for several, read in order. A quoted glob ('part-*.npy') expands to the matching files, sorted.")
    var images: [String] = []

    @Option(help: "The label array (.npy, IDX or data.npz:NAME; integers, one per image) of each image array, in the same order.")
    var labels: [String] = []

    /// The image arrays to convert: `--images`, or the positional inputs when they are
    /// arrays; `nil` when the input is not arrays (a CSV or an image folder).
    ///
    /// - Throws: `ValidationError` for image arrays given both ways, or `--labels` without arrays.
    func imageArrays(positional inputs: [String]) throws -> [String]? {
        if !images.isEmpty {
            guard inputs.isEmpty else {
                throw ValidationError("Give the image arrays either as arguments or with --images, not both.")
            }
            return images
        }
        guard !inputs.isEmpty, inputs.contains(where: ArrayInputPaths.isArray) || !labels.isEmpty else { return nil }
        return inputs
    }
}
