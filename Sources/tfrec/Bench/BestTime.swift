/// Times a piece of work the way every `tfrec bench` stage does: at least `minimumRuns` runs
/// and until `minimumTime` has passed, the best run counting (the one least disturbed by other
/// processes on the machine).
struct BestTime {
    /// Runs at least this many times.
    var minimumRuns: Int
    /// Keeps running until this much time has passed in all.
    var minimumTime: Duration
    /// Never more runs than this, however fast one is.
    var maximumRuns = 10_000

    /// The best run's seconds and the number of runs.
    ///
    /// - Complexity: about max(`minimumRuns` runs, `minimumTime`).
    func measure<E: Error>(_ body: () throws(E) -> Void) throws(E) -> (seconds: Double, runs: Int) {
        var best = Duration.seconds(1_000_000)
        var total = Duration.zero
        var runs = 0
        while runs < max(1, minimumRuns) || (total < minimumTime && runs < maximumRuns) {
            let start = ContinuousClock.now
            try body()
            let time = ContinuousClock.now - start
            best = min(best, time)
            total += time
            runs += 1
        }
        return (Self.seconds(best), runs)
    }

    /// A duration in seconds.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
