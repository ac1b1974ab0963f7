import TFRecordTransform

/// Pixel-transform throughput (`--encoding float32 --normalize scale` on 28×28 images) of the
/// scalar and SIMD engines and of every usable OpenCL device (`tfrec bench`).
enum TransformThroughput {
    /// The result: measurements, and a line for each device that could not be measured.
    struct Outcome {
        var results: [StageBenchmark]
        var failures: [String]
    }

    /// Transforms `images` random images per run on each engine; every engine's output must be
    /// bit-identical to the scalar engine's.
    static func measure(images: Int, devices: [OpenCLDeviceInfo], timing: BestTime) -> Outcome {
        let transform: PixelTransform
        do { transform = try PixelTransform(shape: .mnist, normalization: .scale) } catch {
            return Outcome(results: [], failures: ["pixel transform: \(error.message)"])
        }
        let elements = transform.shape.valueCount
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        let input = (0..<(images * elements)).map { _ -> UInt8 in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state >> 24)
        }
        var candidates: [(engine: String, detail: String?, make: () throws(TransformError) -> TransformExecutor)] = [
            ("scalar", nil, { () throws(TransformError) in try TransformExecutor(transform: transform, engine: .scalar) }),
            (
                PixelTransform.simdVariant == "avx2" ? "avx2" : "simd", PixelTransform.simdVariant == "avx2" ? nil : "portable C",
                { () throws(TransformError) in try TransformExecutor(transform: transform, engine: .simd) }
            ),
        ]
        for device in devices where device.isUsable {
            let selector = DeviceSelector.index(platform: device.platformIndex, device: device.deviceIndex)
            candidates.append(
                (
                    "opencl \(device.index)", device.name,
                    { () throws(TransformError) in
                        try TransformExecutor(transform: transform, engine: .openCL, device: selector)
                    }
                ))
        }
        var reference: [Float]?
        var outcome = Outcome(results: [], failures: [])
        for candidate in candidates {
            var output = [Float](repeating: 0, count: images * elements)
            do throws(TransformError) {
                let executor = try candidate.make()
                let (seconds, runs) = try input.withUnsafeBufferPointer { input throws(TransformError) in
                    try output.withUnsafeMutableBufferPointer { output throws(TransformError) in
                        // One untimed call first: page faults, OpenCL program caches.
                        try executor.apply(input, rows: images, into: output)
                        return try timing.measure { () throws(TransformError) in
                            try executor.apply(input, rows: images, into: output)
                        }
                    }
                }
                if let reference, !zip(reference, output).allSatisfy({ $0.bitPattern == $1.bitPattern }) {
                    outcome.failures.append("pixel transform, \(candidate.engine): results differ from the scalar engine")
                    continue
                }
                reference = reference ?? output
                outcome.results.append(
                    StageBenchmark(
                        stage: .pixelTransform, engine: candidate.engine, detail: candidate.detail,
                        unit: .gigabytesPerSecond, bytes: images * elements, items: images, seconds: seconds,
                        runs: runs))
            } catch {
                outcome.failures.append("pixel transform, \(candidate.engine): \(error.message)")
            }
        }
        return outcome
    }
}
