import Foundation
import TFRecord

/// Which task of a plan this process is: its index from 0 and the number of tasks.
///
/// Schedulers that run arrays of tasks tell each task its index in the environment;
/// ``init(environment:count:)`` reads the conventions of Slurm, Kubernetes Indexed Jobs,
/// AWS Batch, Google Batch and GNU parallel, so that one command line serves every task.
public struct TaskAssignment: Sendable, Equatable {
    /// The task's index, `0 ..< count`.
    public var index: Int
    /// The number of tasks.
    public var count: Int

    /// A task given by index and count.
    ///
    /// - Throws: ``TFRecordError`` `.usage` unless `count >= 1` and `0 <= index < count`.
    public init(index: Int, count: Int) throws(TFRecordError) {
        guard count >= 1 else { throw TFRecordError(.usage, "the task count must be at least 1, not \(count)") }
        guard (0..<count).contains(index) else {
            throw TFRecordError(.usage, "task index \(index) is outside 0...\(count - 1) for \(count) task\(count == 1 ? "" : "s")")
        }
        self.index = index
        self.count = count
    }

    /// One scheduler's convention: the variable of the index, whether it counts from 1, and
    /// the variable of the count (`nil`: the count must be given).
    struct Convention: Sendable {
        var scheduler: String
        var index: String
        var firstIndex: String?
        var oneBased = false
        var count: String?
    }

    /// The conventions looked for, in this order.
    static let conventions: [Convention] = [
        Convention(scheduler: "Slurm job array", index: "SLURM_ARRAY_TASK_ID", firstIndex: "SLURM_ARRAY_TASK_MIN",
                   count: "SLURM_ARRAY_TASK_COUNT"),
        Convention(scheduler: "Kubernetes Indexed Job", index: "JOB_COMPLETION_INDEX"),
        Convention(scheduler: "AWS Batch array job", index: "AWS_BATCH_JOB_ARRAY_INDEX", count: "AWS_BATCH_JOB_ARRAY_SIZE"),
        Convention(scheduler: "Google Batch", index: "BATCH_TASK_INDEX", count: "BATCH_TASK_COUNT"),
        Convention(scheduler: "GNU parallel", index: "PARALLEL_SEQ", oneBased: true),
    ]

    /// The names of every variable looked for, for errors.
    public static var environmentVariables: [String] { conventions.map(\.index) }

    /// The task as the environment of a scheduler's array task describes it.
    ///
    /// - `SLURM_ARRAY_TASK_ID` minus `SLURM_ARRAY_TASK_MIN`, of `SLURM_ARRAY_TASK_COUNT`;
    /// - `JOB_COMPLETION_INDEX` (Kubernetes Indexed Job), of `count`;
    /// - `AWS_BATCH_JOB_ARRAY_INDEX` of `AWS_BATCH_JOB_ARRAY_SIZE`;
    /// - `BATCH_TASK_INDEX` of `BATCH_TASK_COUNT` (Google Batch);
    /// - `PARALLEL_SEQ` minus 1 (GNU parallel counts jobs from 1), of `count`.
    ///
    /// - Parameter count: the task count given by the user; required where the convention
    ///   has none, and checked against it where it has one.
    /// - Throws: ``TFRecordError`` `.usage`: none of the variables is set, a value is not a
    ///   number, the count is missing or disagrees, the index is outside the count.
    public init(environment: [String: String], count: Int?) throws(TFRecordError) {
        guard let convention = Self.conventions.first(where: { environment[$0.index] != nil }) else {
            throw TFRecordError(.usage, "no task index in the environment: none of "
                                + Self.environmentVariables.joined(separator: ", ") + " is set")
        }
        func number(_ name: String) throws(TFRecordError) -> Int {
            guard let text = environment[name], let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw TFRecordError(.usage, "\(name)=\(environment[name] ?? "") is not a number (\(convention.scheduler))")
            }
            return value
        }
        var index = try number(convention.index)
        if let first = convention.firstIndex, environment[first] != nil { index -= try number(first) }
        if convention.oneBased { index -= 1 }
        var total = count
        if let countName = convention.count, environment[countName] != nil {
            let given = try number(countName)
            if let count, count != given {
                throw TFRecordError(.usage, "the task count \(count) disagrees with \(countName)=\(given) (\(convention.scheduler))")
            }
            total = given
        }
        guard let total else {
            throw TFRecordError(.usage, "\(convention.index) gives the task index but not the task count (\(convention.scheduler)): "
                                + "give the count")
        }
        try self.init(index: index, count: total)
    }
}
