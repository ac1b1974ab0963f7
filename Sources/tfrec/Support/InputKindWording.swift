import TFRecordSources

/// How the command line words an input that a command cannot read as it was given: what
/// the file is (``InputKind/detect(_:)`` decides, by its first bytes) and the option or
/// command that reads it.
enum InputKindWording {
    /// `"x.npz is a zip archive of NumPy arrays (.npz); convert reads it …"`.
    static func notReadable(_ path: String, _ kind: InputKind, expected: String) -> String {
        // Compressed text may well be the CSV expected: say what reads it, not that it is wrong.
        let not = kind == .gzipText ? "" : ", not \(expected)"
        return "\(path) is \(description(of: kind))\(not); \(reader(of: kind, path: path))"
    }

    /// What `kind` is, with an article: `a NumPy .npy array`.
    static func description(of kind: InputKind) -> String {
        switch kind {
        case .standardInput: "standard input"
        case .csv: "a CSV file"
        case .imageFolder: "a folder"
        case .npy(let compressed): compressed ? "a gzip-compressed NumPy .npy array" : "a NumPy .npy array"
        case .idx(let compressed): compressed ? "a gzip-compressed IDX array" : "an IDX array (MNIST format)"
        case .npz: "a zip archive of NumPy arrays (.npz)"
        case .gzipText: "gzip-compressed text"
        case .zip: "a zip archive without .npy arrays"
        case .jpeg: "a JPEG image"
        case .png: "a PNG image"
        case .tfrecord: "a TFRecord file"
        }
    }

    /// The way to read `kind`, in the words of the command line.
    static func reader(of kind: InputKind, path: String) -> String {
        switch kind {
        case .standardInput, .csv: "tfrec convert reads CSV: tfrec convert \(path) -o DIR"
        case .imageFolder: "tfrec convert reads a folder of images: tfrec convert \(path) -o DIR"
        case .npy, .idx: "tfrec convert reads it: pass it as the input of convert or with --images \(path)"
        case .npz:
            "tfrec convert reads it: pass it as the input of convert (x_train and y_train, or its only images and "
                + "labels) or pick its arrays with --images \(path):NAME --labels \(path):NAME"
        case .gzipText: "tfrec convert reads a compressed CSV from standard input: tfrec convert - -o DIR < \(path)"
        case .zip: "unzip it and convert the CSV files or the folder of images it holds"
        case .jpeg, .png: "tfrec convert reads images from a folder: tfrec convert FOLDER -o DIR"
        case .tfrecord: "it is converted already: read it with tfrec inspect, tfrec verify or tfrec dump"
        }
    }
}
