import ArgumentParser
import Foundation
import TFRecord
import TFRecordConversion

/// What `convert`'s options are used for: a conversion on this machine, a plan
/// (`tfrec plan`), or one task of a plan (`convert --plan`).
enum ConversionMode {
    case convert
    case plan(arguments: [String])
    case task(ConversionPlan, shards: Range<Int>, task: TaskAssignment?)

    /// The command line the manifest records: for a plan, the one-machine command it
    /// stands for (`tfrec convert` with the plan's arguments).
    var commandLine: [String] {
        switch self {
        case .plan(let arguments): [CommandLine.arguments.first ?? "tfrec", "convert"] + arguments
        case .convert, .task: CommandLine.arguments
        }
    }
}

extension ConvertCommand {
    /// Runs `conversion` as `mode` says and prints what happened.
    func perform(_ conversion: Conversion, mode: ConversionMode, cancellation: CancellationFlag) throws {
        switch mode {
        case .convert:
            try reportingProgress { progress in try conversion.run(cancellation: cancellation, progress: progress) }
        case .plan(let arguments):
            let started = ContinuousClock.now
            let plan = try conversion.plan(command: arguments, workingDirectory: FileManager.default.currentDirectoryPath,
                                           cancellation: cancellation)
            let elapsed = started.duration(to: .now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let bytes = plan.inputBytes ?? plan.inputs.reduce(0) { $0 + $1.size }
            printError("planned \(counted(plan.records, "record")) in \(counted(plan.shards.count, "shard")) from "
                       + "\(counted(plan.inputCount, "input file")) (\(bytes) bytes) in \(String(format: "%.3f", seconds)) s "
                       + "(\(String(format: "%.2f", Double(bytes) / max(seconds, 1e-9) / 1e9)) GB/s); plan \(plan.id.prefix(12)) "
                       + "→ \(((output.output ?? "") as NSString).appendingPathComponent(ConversionPlan.fileName))")
        case .task(let plan, let shards, let task):
            try reportingProgress { progress in
                try conversion.runTask(plan, shards: shards, task: task, cancellation: cancellation, progress: progress)
            }
        }
    }

    /// `convert --plan`: rebuilds the options from the plan, as they were parsed where the
    /// plan was made, and writes this task's shards.
    func runTask(ofPlan path: String) throws {
        try reportingErrors {
            let planPath = absolutePath(path)
            let plan = try ConversionPlan.read(from: planPath)
            let (shards, assignment) = try task.selection(in: plan)
            // The plan's relative paths start where it was made (a directory shared by every task).
            guard FileManager.default.changeCurrentDirectoryPath(plan.workingDirectory) else {
                throw TFRecordError(.badInput, "the plan was made in \(plan.workingDirectory), which does not exist here; "
                                    + "tasks need the same paths as the machine that planned", at: SourceLocation(path: planPath))
            }
            var planned: ConvertCommand
            do { planned = try ConvertCommand.parse(plan.command) } catch {
                throw TFRecordError(.badInput, "the plan's command does not parse: \(ConvertCommand.message(for: error))",
                                    at: SourceLocation(path: planPath))
            }
            let outputDirectory = absolutePath(planned.output.output ?? "")
            guard realPath(outputDirectory) == realPath((planPath as NSString).deletingLastPathComponent) else {
                throw TFRecordError(.usage, "the plan writes into \(outputDirectory), not into the directory that holds it",
                                    at: SourceLocation(path: planPath))
            }
            planned.threads = threads ?? planned.threads
            planned.progress = progress
            try planned.run(mode: .task(plan, shards: shards, task: assignment))
        }
    }
}

/// `path` made absolute against the current directory.
func absolutePath(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
}

/// `path` with symbolic links and `.`/`..` resolved; `path` itself if it does not exist.
func realPath(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
}

