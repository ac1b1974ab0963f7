import TFRecordTransform

/// Measures the engines of a transform in process, for `tfrec bench --transform-batches`: images/s and
/// GB/s of each engine at several batch sizes, the OpenCL time split, and the batch size from
/// which OpenCL beats the CPU.
public enum TransformBenchmark {
    /// One engine at one batch size.
    public struct Measurement: Sendable {
        public let engine: TransformEngine
        /// Images per `apply` call.
        public let rows: Int
        /// The best time of one `apply` call, seconds.
        public let seconds: Double
        /// OpenCL only, in that best call: seconds spent moving data (``OpenCLTiming/transfer``)
        /// and running the kernel (``OpenCLTiming/kernel``), and the kernel launches.
        public let transferSeconds: Double?
        public let kernelSeconds: Double?
        public let launches: Int?

        public var imagesPerSecond: Double { Double(rows) / seconds }

        /// Input bytes (one per value) per second, 10^9.
        public func gigabytesPerSecond(elements: Int) -> Double { Double(rows * elements) / seconds / 1e9 }
    }

    /// The whole run.
    public struct Report: Sendable {
        public let transform: PixelTransform
        /// What the SIMD engine runs as here: "avx2" or "portable".
        public let simdVariant: String
        /// The OpenCL device measured, if any.
        public let device: OpenCLDeviceInfo?
        public let imagesPerLaunch: Int?
        /// Why there are no OpenCL measurements, if there are none.
        public let openCLProblem: String?
        public let measurements: [Measurement]
        /// Whether every engine gave the same bits as the scalar engine at every batch size.
        public let identical: Bool
        /// Measurements that could not be made, one line each (an engine that failed mid-run).
        public let failures: [String]

        public func measurement(_ engine: TransformEngine, rows: Int) -> Measurement? {
            measurements.first { $0.engine == engine && $0.rows == rows }
        }

        /// The smallest batch size from which OpenCL is faster than the fastest CPU engine at
        /// that and every larger measured size; `nil` if it never is.
        public var crossover: Int? {
            let sizes = Set(measurements.map(\.rows)).sorted()
            var answer: Int?
            for rows in sizes.reversed() {
                guard let gpu = measurement(.openCL, rows: rows) else { break }
                let cpu = [TransformEngine.scalar, .simd].compactMap { measurement($0, rows: rows)?.seconds }.min()
                guard let cpu, gpu.seconds < cpu else { break }
                answer = rows
            }
            return answer
        }
    }

    /// The batch sizes of the table.
    public static let defaultBatchSizes = [256, 1024, 4096, 16384, 65536]

    /// Measures scalar, SIMD and (if a device is there) OpenCL on random batches of each size.
    ///
    /// - Parameters:
    ///   - minimumTime: each engine and size is timed at least 3 times and for at least this long;
    ///     the best call counts.
    ///   - imagesPerLaunch: OpenCL images per launch (`nil`: the executor's default).
    /// - Complexity: about 3 × batchSizes.count × minimumTime, plus OpenCL set-up.
    public static func run(
        transform: PixelTransform, batchSizes: [Int] = defaultBatchSizes, device: DeviceSelector = .auto,
        minimumTime: Duration = .milliseconds(300), imagesPerLaunch: Int? = nil
    ) -> Report {
        var executors: [TransformExecutor] = []
        var openCLProblem: String?
        for engine in [TransformEngine.scalar, .simd, .openCL] {
            do {
                executors.append(
                    try TransformExecutor(
                        transform: transform, engine: engine, device: device, imagesPerLaunch: imagesPerLaunch))
            } catch {
                openCLProblem = error.message
            }
        }
        let openCL = executors.first { $0.resolvedEngine == .openCL }
        let elements = transform.shape.valueCount
        var measurements: [Measurement] = []
        var identical = true
        var failures: [String] = []
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for rows in batchSizes where rows > 0 {
            var input = [UInt8](repeating: 0, count: rows * elements)
            for i in input.indices {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                input[i] = UInt8(truncatingIfNeeded: state >> 24)
            }
            var reference = [Float](repeating: 0, count: rows * elements)
            var output = [Float](repeating: 0, count: rows * elements)
            for (n, executor) in executors.enumerated() {
                var best = Duration.seconds(1_000_000)
                var bestTiming = OpenCLTiming()
                var total = Duration.zero
                var runs = 0
                var failure: TransformError?
                func measure(_ destination: inout [Float]) {
                    input.withUnsafeBufferPointer { input in
                        destination.withUnsafeMutableBufferPointer { output in
                            do throws(TransformError) {
                                // One untimed call first (page faults, program caches).
                                try executor.apply(input, rows: rows, into: output)
                                while runs < 3 || (total < minimumTime && runs < 10_000) {
                                    executor.resetTiming()
                                    let start = ContinuousClock.now
                                    try executor.apply(input, rows: rows, into: output)
                                    let time = ContinuousClock.now - start
                                    total += time
                                    runs += 1
                                    if time < best {
                                        best = time
                                        bestTiming = executor.openCLTiming
                                    }
                                }
                            } catch {
                                failure = error
                            }
                        }
                    }
                }
                if n == 0 { measure(&reference) } else { measure(&output) }
                if let failure {
                    failures.append("\(executor.resolvedEngine), \(rows) images: \(failure.message)")
                    continue
                }
                if n > 0 && !zip(reference, output).allSatisfy({ $0.bitPattern == $1.bitPattern }) { identical = false }
                let isOpenCL = executor.resolvedEngine == .openCL
                measurements.append(
                    Measurement(
                        engine: executor.resolvedEngine, rows: rows, seconds: seconds(best),
                        transferSeconds: isOpenCL ? seconds(bestTiming.transfer) : nil,
                        kernelSeconds: isOpenCL ? seconds(bestTiming.kernel) : nil,
                        launches: isOpenCL ? bestTiming.launches : nil))
            }
        }
        return Report(
            transform: transform, simdVariant: PixelTransform.simdVariant, device: openCL?.device,
            imagesPerLaunch: openCL?.imagesPerLaunch, openCLProblem: openCL == nil ? openCLProblem : nil,
            measurements: measurements, identical: identical, failures: failures)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
