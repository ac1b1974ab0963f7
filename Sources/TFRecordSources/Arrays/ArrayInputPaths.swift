import TFRecord

/// Finding array inputs: which paths are arrays, and which arrays a whole `.npz` archive
/// stands for (``resolve(images:labels:)``, after expanding patterns with ``InputPaths``).
public enum ArrayInputPaths {
    /// Whether `path` is an array file (`.npy`, IDX, either gzip-compressed, or a NumPy
    /// `.npz` archive or one of its members), as ``InputKind/detect(_:)`` decides: by its
    /// first bytes or, when they do not say, by its name, so that a damaged array gets an
    /// array error. A path that cannot be read is not an array unless its name says so (the
    /// CSV path then reports it).
    public static func isArray(_ path: String) -> Bool {
        InputKind.detect(path).isArray
    }
}
