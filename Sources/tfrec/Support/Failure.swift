import ArgumentParser
import TFRecord

#if canImport(Glibc)
import Glibc
#endif

/// Runs a command body, turning a ``TFRecordError`` into a message on stderr and the
/// documented exit code.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as TFRecordError {
        printError("error: \(error.cliDescription)")
        throw ExitCode(error.code.exitCode)
    }
}

/// Writes a line to standard error, prefixed with `tfrec: `.
func printError(_ line: String) {
    writeStandardError("tfrec: " + line + "\n")
}

/// Writes text to standard error as is (progress lines).
func writeStandardError(_ text: String) {
    var text = text
    text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let n = write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
            if n <= 0 { return }
            offset += n
        }
    }
}
