#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TFRecord

/// What an input path holds, decided by its first bytes (and by its name only when they do
/// not say): the one place that tells a conversion which reader an input needs, and tells
/// the user what a file is when it is given where it cannot be read (a JPEG given as CSV).
public enum InputKind: Sendable, Equatable {
    /// `-`: standard input, read once as CSV (plain or gzip-compressed).
    case standardInput
    /// Text: a CSV file (or a path that does not exist yet, which the CSV reader reports).
    case csv
    /// A directory: a folder of images.
    case imageFolder
    /// A NumPy `.npy` array, plain or gzip-compressed.
    case npy(compressed: Bool)
    /// An IDX array (the original MNIST files), plain or gzip-compressed.
    case idx(compressed: Bool)
    /// A zip archive of `.npy` arrays (`np.savez`, `np.savez_compressed`).
    case npz
    /// Gzip-compressed data that is no array: a compressed CSV, readable as standard input.
    case gzipText
    /// A zip archive without `.npy` members.
    case zip
    /// A JPEG image.
    case jpeg
    /// A PNG image.
    case png
    /// A TFRecord file: its first record's length checks against its masked CRC32C.
    case tfrecord

    /// The name that means standard input.
    public static let standardInputName = "-"

    /// Whether a conversion reads it as arrays (`.npy`, IDX, `.npz`).
    public var isArray: Bool {
        switch self {
        case .npy, .idx, .npz: true
        default: false
        }
    }

    /// Whether the CSV reader reads it.
    public var isCSV: Bool { self == .csv || self == .standardInput }

    /// The kind of `path`.
    ///
    /// By content first: `\x93NUMPY` (`.npy`), `PK\3\4` (zip: `.npz` when it holds a `.npy`
    /// member), `1f 8b` (gzip: of a `.npy` or IDX array by the first bytes it inflates to,
    /// else ``gzipText``), `ff d8 ff` (JPEG), `\x89PNG` (PNG), a TFRecord length with its
    /// CRC, two zero bytes (IDX). When the bytes say none of these (a damaged, empty or
    /// unreadable file), a name ending in `.npy`, `.npz` or `.gz` or holding `idx` or
    /// `-ubyte` decides, so that a damaged array gets an array error; everything else is CSV.
    ///
    /// - Complexity: reads at most the first 16 bytes (a few hundred of a gzip or zip file).
    public static func detect(_ path: String) -> InputKind {
        if path == standardInputName { return .standardInput }
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { return .imageFolder }
        if NPZMemberPath.parse(path) != nil { return .npz }
        let start = (try? RandomAccessFile(path: path).read(at: 0, count: 16)) ?? []
        if let kind = kind(start: start, path: path) { return kind }
        let name = path.lowercased()
        if name.hasSuffix(".npz") { return .npz }
        if name.hasSuffix(".npy") { return .npy(compressed: false) }
        let isIDX = name.contains("idx") || name.hasSuffix("-ubyte") || name.hasSuffix("-ubyte.gz")
        if name.hasSuffix(".gz") { return isIDX ? .idx(compressed: true) : .npy(compressed: true) }
        if isIDX { return .idx(compressed: false) }
        return .csv
    }

    /// The kind that the first bytes `start` of `path` show, or `nil`.
    private static func kind(start: [UInt8], path: String) -> InputKind? {
        if start.starts(with: NPYHeader.magic) { return .npy(compressed: false) }
        if ZipArchive.isZip(start: start) {
            // A damaged archive: the name decides.
            guard let archive = try? ZipArchive(path: path) else { return nil }
            return archive.members.contains { $0.name.hasSuffix(".npy") } ? .npz : .zip
        }
        if start.starts(with: [0x1F, 0x8B]) {
            guard let inflated = try? GzipFile(path: path).read(count: 8), inflated.count >= 2 else {
                return nil  // damaged: the name decides
            }
            if inflated.starts(with: NPYHeader.magic) { return .npy(compressed: true) }
            if inflated.starts(with: [0, 0]) { return .idx(compressed: true) }
            return .gzipText
        }
        if start.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if start.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if isTFRecord(start: start) { return .tfrecord }
        if start.starts(with: [0, 0]) && start.count >= 4 { return .idx(compressed: false) }
        return nil
    }

    /// Whether `start` begins with a TFRecord frame header: a little-endian 64-bit length
    /// followed by its masked CRC32C (a false match has odds of 1 in 2³²).
    static func isTFRecord(start: [UInt8]) -> Bool {
        guard start.count >= 12 else { return false }
        let stored = start[8..<12].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let computed = Array(start[0..<8]).withUnsafeBytes { CRC32C.maskedChecksum($0) }
        return stored == computed
    }

    /// Whether `path` starts like a zip archive.
    static func startsAsZip(_ path: String) -> Bool {
        guard let start = try? RandomAccessFile(path: path).read(at: 0, count: 4) else { return false }
        return ZipArchive.isZip(start: start)
    }
}
