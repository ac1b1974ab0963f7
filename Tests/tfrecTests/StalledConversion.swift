import Foundation

/// A `tfrec convert` mid-way: it reads a FIFO that delivers 600 rows and then stalls, so
/// that it holds complete shards under part names (and the sixth, full but not closed
/// until another row comes, under a temporary name) until it is signalled.
final class StalledConversion {
    let process = Process()
    /// The output directory.
    let output: String
    private let writer: Int32
    private let errors = Pipe()

    /// Starts the conversion into `directory/out` and waits (up to 20 s) until two shards
    /// are complete.
    init(in directory: String) throws {
        let fifo = directory + "/in.csv"
        guard mkfifo(fifo, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        // Opened for reading too, so that writes never fail with SIGPIPE once the
        // conversion is gone; the feeder then just blocks.
        writer = open(fifo, O_RDWR)
        guard writer >= 0 else { throw CocoaError(.fileReadUnknown) }
        output = directory + "/out"
        let row = Array(("3" + String(repeating: ",0", count: 783) + ",255\n").utf8)
        let rows = Array(repeating: row, count: 600).flatMap { $0 }
        let writer = writer
        Thread {
            rows.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(writer, raw.baseAddress! + offset, raw.count - offset)
                    if n <= 0 { return }
                    offset += n
                }
            }
        }.start()
        process.executableURL = TFRecCLITests.executable
        process.arguments = ["convert", fifo, "-o", output, "--records-per-shard", "100", "--chunk-size", "20000",
                             "--progress", "never"]
        process.standardError = errors
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline && parts.count < 2 { Thread.sleep(forTimeInterval: 0.02) }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        close(writer)
    }

    /// The temporary files in the output directory now, sorted.
    var temporaries: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
        return names.filter { $0.hasPrefix(".tfrec-tmp-") }.sorted()
    }

    /// The complete parts in the output directory now, sorted.
    var parts: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
        return names.filter { $0.hasPrefix(".tfrec-part-") }.sorted()
    }

    /// Waits (up to 20 s) until all 600 rows are in shards: five parts and one temporary of
    /// equal size, which then stay as they are until the conversion is signalled.
    func waitUntilStalled() {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let sizes = (parts + temporaries).map { name in
                (try? FileManager.default.attributesOfItem(atPath: output + "/" + name)[.size] as? Int) ?? 0
            }
            if parts.count == 5 && sizes.count == 6 && sizes[0] > 0 && Set(sizes).count == 1 { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// Sends `signal`, waits for the exit, and returns the exit status and stderr.
    func stop(_ signal: Int32) -> (status: Int32, stderr: String) {
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }
}
