extension TFRecordError {
    /// The error for an input file that changed while being read, e.g.
    /// `data.csv: input changed while being read (size 1000 → 500 bytes)`: what was read may
    /// mix two versions of the file, so nothing of it is written. Code `.badInput`.
    ///
    /// - Parameters:
    ///   - change: what differs, as ``FileSnapshot/changes(to:bytesRead:)`` says it.
    ///   - path: the file.
    public static func inputChanged(_ change: String, path: String) -> TFRecordError {
        TFRecordError(.badInput, "input changed while being read (\(change))", at: SourceLocation(path: path))
    }
}

extension TFRecordError {
    /// The error for `file`, found shorter than expected by a positional read: what changed
    /// since `openedAs` (size, time, identity), or `fallback` when its state looks the same.
    public static func inputChanged(_ file: InputFile, openedAs: FileSnapshot, or fallback: String) -> TFRecordError {
        let change = (try? file.snapshot()).flatMap { openedAs.changes(to: $0) } ?? fallback
        return .inputChanged(change, path: file.path)
    }
}
