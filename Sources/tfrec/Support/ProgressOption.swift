import ArgumentParser
import TFRecord

#if canImport(Glibc)
import Glibc
#endif

/// `--progress auto|always|never` of the commands that run long; draws the line on stderr.
struct ProgressOption: ParsableArguments {
    @Option(help: "Show a progress bar on stderr: auto (when stderr is a terminal), always or never.")
    var progress = ProgressMode.auto

    /// Whether to draw the line.
    var isShown: Bool { progress == .always || (progress == .auto && isatty(STDERR_FILENO) != 0) }

    /// The callback that redraws the line counting `unit`s, or `nil` when it is not shown.
    func reporter(unit: String) -> (@Sendable (WorkProgress) -> Void)? {
        guard isShown else { return nil }
        return { state in writeStandardError("\r\u{1B}[K" + ProgressLine.format(state, unit: unit)) }
    }

    /// Runs `body` with the line's callback, and clears the line after it, failed or not.
    func showing<T>(unit: String, _ body: ((@Sendable (WorkProgress) -> Void)?) throws -> T) rethrows -> T {
        defer { if isShown { writeStandardError("\r\u{1B}[K") } }
        return try body(reporter(unit: unit))
    }
}
