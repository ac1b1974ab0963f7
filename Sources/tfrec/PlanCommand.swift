import ArgumentParser
import Foundation

/// `tfrec plan`: cuts a conversion into shards that tasks on many machines write.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan a conversion for many tasks: write OUT/plan.json, the table of shards, without converting.",
        discussion: """
            Takes exactly the arguments of tfrec convert (inputs, -o OUT and every option that \
            shapes the output) and writes OUT/plan.json: the inputs' paths, sizes and \
            modification times, the options, and for each shard its final name, its records \
            and, for CSV, where its first row starts. CSV input is scanned once (a newline \
            scan); arrays and image folders are only listed.

            Then run the tasks, each on any machine that sees OUT at the same path:
              tfrec convert --plan OUT/plan.json --task-index I --task-count N
            (or --task-index auto under Slurm, Kubernetes, AWS Batch, Google Batch or GNU \
            parallel), and when all are done:
              tfrec finalize OUT
            The shards equal, byte for byte, those of tfrec convert on one machine with the \
            same arguments. Plans need shards cut by record count (--records-per-shard or \
            --shards) and inputs that can be read at any record (files, not pipes or gzip \
            streams).

            Example:
              tfrec plan 'data/part-*.csv' -o /shared/out --shards 64 --shuffle --seed 7
            """
    )

    @Argument(parsing: .captureForPassthrough, help: "The arguments of tfrec convert.")
    var arguments: [String] = []

    func run() throws {
        let convert: ConvertCommand
        do { convert = try ConvertCommand.parse(arguments) } catch {
            throw ValidationError(ConvertCommand.message(for: error))
        }
        if convert.task.plan != nil { throw ValidationError("tfrec plan takes the arguments of a conversion, not --plan.") }
        try convert.run(mode: .plan(arguments: arguments))
    }
}
