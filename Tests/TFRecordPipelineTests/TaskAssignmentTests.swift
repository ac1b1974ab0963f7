import Testing
import TFRecord
@testable import TFRecordConversion

/// The task conventions of schedulers, and how a plan's shards are shared among tasks.
@Suite struct TaskAssignmentTests {
    func assignment(_ environment: [String: String], count: Int? = nil) throws(TFRecordError) -> TaskAssignment {
        try TaskAssignment(environment: environment, count: count)
    }

    @Test func everySchedulersConventionGivesTheIndexAndCount() throws {
        #expect(try assignment(["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "64"])
            == TaskAssignment(index: 5, count: 64))
        // `--array=10-13`: IDs 10…13 are tasks 0…3.
        #expect(try assignment(["SLURM_ARRAY_TASK_ID": "12", "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_COUNT": "4"])
            == TaskAssignment(index: 2, count: 4))
        #expect(try assignment(["JOB_COMPLETION_INDEX": "3"], count: 8) == TaskAssignment(index: 3, count: 8))
        #expect(try assignment(["AWS_BATCH_JOB_ARRAY_INDEX": "0", "AWS_BATCH_JOB_ARRAY_SIZE": "2"])
            == TaskAssignment(index: 0, count: 2))
        #expect(try assignment(["BATCH_TASK_INDEX": "9", "BATCH_TASK_COUNT": "10"]) == TaskAssignment(index: 9, count: 10))
        // GNU parallel's sequence numbers start at 1.
        #expect(try assignment(["PARALLEL_SEQ": "1"], count: 4) == TaskAssignment(index: 0, count: 4))
        #expect(try assignment(["PARALLEL_SEQ": "4"], count: 4) == TaskAssignment(index: 3, count: 4))
        // A count given where the environment has one must agree with it.
        #expect(try assignment(["BATCH_TASK_INDEX": "1", "BATCH_TASK_COUNT": "3"], count: 3) == TaskAssignment(index: 1, count: 3))
    }

    @Test func missingDisagreeingOrBadValuesAreUsageErrors() {
        func usage(_ environment: [String: String], count: Int? = nil, mentions text: String) {
            do {
                _ = try assignment(environment, count: count)
                Issue.record("\(environment) was accepted")
            } catch {
                #expect(error.code == .usage)
                #expect(error.message.contains(text), "\(error.message)")
            }
        }
        usage([:], mentions: "SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX, BATCH_TASK_INDEX, PARALLEL_SEQ")
        usage(["JOB_COMPLETION_INDEX": "3"], mentions: "not the task count")
        usage(["PARALLEL_SEQ": "2"], mentions: "not the task count")
        usage(["AWS_BATCH_JOB_ARRAY_INDEX": "x", "AWS_BATCH_JOB_ARRAY_SIZE": "2"], mentions: "is not a number")
        usage(["BATCH_TASK_INDEX": "1", "BATCH_TASK_COUNT": "3"], count: 4, mentions: "disagrees")
        usage(["BATCH_TASK_INDEX": "3", "BATCH_TASK_COUNT": "3"], mentions: "outside 0...2")
        usage(["PARALLEL_SEQ": "0"], count: 2, mentions: "outside")
    }

    @Test func tasksShareTheShardsWithoutGapsOrOverlaps() throws {
        for shards in [0, 1, 5, 7, 64, 100] {
            let plan = ConversionPlan.testPlan(shards: shards)
            for count in [1, 2, 3, 5, 8, 100, 128] {
                var next = 0
                for task in 0..<count {
                    let range = plan.shards(ofTask: task, count: count)
                    #expect(range.lowerBound == next)
                    #expect(range.count <= shards / count + 1 && range.count >= shards / count)
                    for shard in range { #expect(plan.task(owning: shard, count: count) == task) }
                    next = range.upperBound
                }
                #expect(next == shards)
            }
        }
    }
}

extension ConversionPlan {
    /// A plan of `shards` one-record shards, for the task arithmetic.
    static func testPlan(shards: Int) -> ConversionPlan {
        ConversionPlan(
            tfrec: TFRecordVersion.current, command: [], workingDirectory: "/", fingerprint: "", inputs: [], inputCount: 0,
            inputsDigest: "", records: shards,
            shards: (0..<shards).map { PlannedShard(index: $0, name: "s\($0)", firstRecord: $0, records: 1) },
            manifest: .init(command: [], source: "", records: shards, features: [:], shards: []), sideFiles: [])
    }
}
