internal import COpenCL
import Kernels
import TFRecordPixels

/// The OpenCL engine of one ``TransformExecutor``: its own context, three in-order queues,
/// the program built for one ``PixelTransform``, and two slots of pinned buffers.
///
/// Data path of a batch, cut into launches of up to `imagesPerLaunch` images, launch k in
/// slot k % 2 (double buffering):
///
///     upload queue:   map input[s] (write, invalidate) → host copy in → unmap   (host→device)
///     compute queue:  the kernel, waits for that unmap and for the unmap of output[s]
///                     by launch k − 2
///     download queue: map output[s] (read), waits for the kernel                  (device→host)
///     host:           waits for the map, copies out, unmaps
///
/// While the kernel of launch k runs, the host copies the results of launch k − 1 out and
/// the input of launch k + 1 in. Buffers are `CL_MEM_ALLOC_HOST_PTR` (pinned host memory the
/// driver can DMA from, or the device memory itself on CPU devices) and reached only by
/// mapping, the pattern vendors recommend for both kinds of device.
///
/// Not thread-safe: one per executor (per worker thread). Every handle is owned by a final
/// class whose `deinit` releases it.
final class OpenCLTransform {
    let transform: PixelTransform
    let device: OpenCLDeviceInfo
    let imagesPerLaunch: Int
    var timing = OpenCLTiming()

    private let uploadQueue: CLCommandQueue
    private let computeQueue: CLCommandQueue
    private let downloadQueue: CLCommandQueue
    private let kernel: CLKernel
    private let parameters: [CLBuffer]
    private let inputs: [CLBuffer]
    private let outputs: [CLBuffer]

    /// Input bytes per launch when the caller does not say: 4 MiB, 5349 MNIST images. On PoCL
    /// larger launches were faster (Kernels/README.md); a batch of 65536 MNIST images still
    /// makes 13 launches for double buffering to overlap, and 2 slots × (4 + 16) MiB of buffers
    /// fit any device. Not tuned on a GPU.
    static let defaultLaunchBytes = 4 << 20

    /// Whether the output keeps the input's order (HWC, or one channel): the `normalize_flat`
    /// kernel, 8 values per work item; else `normalize_planes`, 8 pixels per work item.
    static func isFlat(_ transform: PixelTransform) -> Bool {
        transform.layout == .hwc || transform.shape.channels == 1
    }

    /// Values per work item of `normalize_flat`, pixels per work item of `normalize_planes`.
    static let flatWidth = 8

    /// The build options: the kernel's variant, and correctly rounded division where the device
    /// offers it (`CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT`).
    static func buildOptions(for transform: PixelTransform, correctlyRoundedDivision: Bool) -> String {
        let mode =
            switch transform.normalization {
            case .none: 0
            case .scale: 1
            case .standardize: 2
            }
        return (correctlyRoundedDivision ? "-cl-fp32-correctly-rounded-divide-sqrt " : "")
            + "-DCHANNELS=\(transform.shape.channels) -DMODE=\(mode)"
    }

    /// Builds the kernel for `transform` on `device` and checks it against the reference on
    /// every (pixel value, channel) pair: the output depends on nothing else, so a device that
    /// passes gives bit-identical results for every input.
    ///
    /// - Parameter imagesPerLaunch: images per kernel launch; `nil` for about 4 MiB of input.
    /// - Throws: ``TransformError`` (`.openCLFailure`) if a call fails, the build fails, or the
    ///   results differ.
    init(transform: PixelTransform, device: OpenCLDevices.Handle, imagesPerLaunch: Int?) throws(TransformError) {
        self.transform = transform
        self.device = device.info
        let elements = transform.shape.valueCount
        let maxImages = Int(min(device.info.maxAllocation / UInt64(elements * 4), UInt64(Int32.max)))
        let wanted = imagesPerLaunch ?? max(1, Self.defaultLaunchBytes / elements)
        self.imagesPerLaunch = max(1, min(wanted, maxImages))
        let launch = self.imagesPerLaunch
        do throws(CLFailure) {
            let parts = try clSetupLock.locked { () throws(CLFailure) in
                try Self.setUp(transform: transform, device: device, imagesPerLaunch: launch)
            }
            (uploadQueue, computeQueue, downloadQueue) = (parts.queues[0], parts.queues[1], parts.queues[2])
            (kernel, parameters, inputs, outputs) = (parts.kernel, parts.parameters, parts.inputs, parts.outputs)
        } catch {
            throw TransformError(.openCLFailure, "OpenCL device \(device.info.index) (\(device.info.name)): \(error)")
        }
        try verify()
        timing = OpenCLTiming()
    }

    /// The OpenCL objects of an engine.
    private struct Parts {
        let queues: [CLCommandQueue]
        let kernel: CLKernel
        let parameters: [CLBuffer]
        let inputs: [CLBuffer]
        let outputs: [CLBuffer]
    }

    /// Creates the context, the queues, the program and kernel, and the buffers (under
    /// ``clSetupLock``).
    private static func setUp(
        transform: PixelTransform, device: OpenCLDevices.Handle, imagesPerLaunch: Int
    ) throws(CLFailure)
        -> Parts
    {
        let elements = transform.shape.valueCount
        let context = try CLContext(api: device.api, device: device.id)
        let queues = [
            try CLCommandQueue(context: context), try CLCommandQueue(context: context),
            try CLCommandQueue(context: context),
        ]
        let fpConfig = CLQuery(api: device.api).value(device.id, CL_DEVICE_SINGLE_FP_CONFIG, as: cl_device_fp_config.self)
        let program = try CLProgram(
            context: context, source: KernelSources.normalize,
            options: buildOptions(
                for: transform,
                correctlyRoundedDivision: fpConfig & cl_device_fp_config(CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0))
        let flat = isFlat(transform)
        let kernel = try CLKernel(program: program, name: flat ? "normalize_flat" : "normalize_planes")
        // normalize_flat: `channels` lane patterns of 8 (lane k of pattern j: channel (8 j + k) % channels).
        let channels = transform.shape.channels
        func lanes(_ values: [Float]) -> [Float] {
            flat ? (0..<channels * flatWidth).map { values[$0 % channels] } : values
        }
        let mean = try CLBuffer.constant(context: context, lanes(transform.mean))
        let inverseStd = try CLBuffer.constant(context: context, lanes(transform.inverseStd))
        try kernel.setArgument(2, mean)
        try kernel.setArgument(3, inverseStd)
        try kernel.setArgument(4, UInt32(transform.shape.pixels))
        var inputs: [CLBuffer] = []
        var outputs: [CLBuffer] = []
        for _ in 0..<2 {
            inputs.append(
                try CLBuffer(
                    context: context, flags: CL_MEM_READ_ONLY | CL_MEM_ALLOC_HOST_PTR, size: imagesPerLaunch * elements)
            )
            outputs.append(
                try CLBuffer(
                    context: context, flags: CL_MEM_WRITE_ONLY | CL_MEM_ALLOC_HOST_PTR,
                    size: imagesPerLaunch * elements * 4))
        }
        return Parts(queues: queues, kernel: kernel, parameters: [mean, inverseStd], inputs: inputs, outputs: outputs)
    }

    /// Runs the kernel on every pixel value of every channel and compares with the reference.
    private func verify() throws(TransformError) {
        let shape = transform.shape
        let images = (256 + shape.pixels - 1) / shape.pixels
        var input = [UInt8](repeating: 0, count: images * shape.valueCount)
        for i in 0..<images {
            for p in 0..<shape.pixels {
                for c in 0..<shape.channels {
                    input[(i * shape.pixels + p) * shape.channels + c] = UInt8(
                        truncatingIfNeeded: i * shape.pixels + p + 37 * c)
                }
            }
        }
        var expected = [Float](repeating: 0, count: input.count)
        var actual = [Float](repeating: .nan, count: input.count)
        input.withUnsafeBufferPointer { input in
            expected.withUnsafeMutableBufferPointer {
                transform.applyScalar(input.baseAddress!, rows: images, into: $0.baseAddress!)
            }
        }
        do throws(CLFailure) {
            try input.withUnsafeBufferPointer { (input) throws(CLFailure) in
                try actual.withUnsafeMutableBufferPointer { (actual) throws(CLFailure) in
                    try apply(input.baseAddress!, rows: images, into: actual.baseAddress!)
                }
            }
        } catch {
            throw TransformError(.openCLFailure, "OpenCL device \(device.index) (\(device.name)): \(error)")
        }
        if let i = expected.indices.first(where: { expected[$0].bitPattern != actual[$0].bitPattern }) {
            throw TransformError(
                .openCLFailure,
                "OpenCL device \(device.index) (\(device.name)) computes \(transform.normalization) differently from "
                    + "the reference (output \(i): \(actual[i]) instead of \(expected[i]))")
        }
    }

    /// One launch in flight: its slot, rows, and the mapped result it will copy out.
    private struct Launch {
        let slot: Int
        let first: Int
        let count: Int
        let result: UnsafeMutableRawPointer
        let mapped: CLEvent
    }

    /// Transforms `rows` images from `input` into `output` (see the type's data path).
    ///
    /// - Throws: ``CLFailure`` when an OpenCL call fails; the queues are drained and every
    ///   mapped buffer unmapped first, so the engine stays usable or can be released.
    func apply(_ input: UnsafePointer<UInt8>, rows: Int, into output: UnsafeMutablePointer<Float>) throws(CLFailure) {
        let start = ContinuousClock.now
        let elements = transform.shape.valueCount
        var pending: [Launch] = []
        var lastOutputUnmap: [CLEvent?] = [nil, nil]
        var uploads: [CLEvent] = []
        var downloads: [CLEvent] = []
        var kernels: [CLEvent] = []
        var copies: Duration = .zero

        func finish(_ launch: Launch) throws(CLFailure) {
            try launch.mapped.wait()
            let copyStart = ContinuousClock.now
            (output + launch.first * elements).withMemoryRebound(to: UInt8.self, capacity: launch.count * elements * 4)
            {
                $0.update(from: launch.result.assumingMemoryBound(to: UInt8.self), count: launch.count * elements * 4)
            }
            copies += ContinuousClock.now - copyStart
            let unmapped = try unmap(downloadQueue, outputs[launch.slot], launch.result, waitingFor: [])
            try downloadQueue.flush()
            lastOutputUnmap[launch.slot] = unmapped
            downloads.append(launch.mapped)
            downloads.append(unmapped)
        }

        do throws(CLFailure) {
            var first = 0
            var k = 0
            while first < rows {
                let count = min(imagesPerLaunch, rows - first)
                let slot = k & 1
                if pending.count == 2 {
                    try finish(pending[0])
                    pending.removeFirst()
                }

                // Host → device: the input buffer of this slot was last read by launch k − 2,
                // whose results were mapped (so its kernel has completed) in finish() above.
                let bytes = count * elements
                let (staging, mappedIn) = try map(
                    uploadQueue, inputs[slot], flags: CL_MAP_WRITE_INVALIDATE_REGION, size: bytes, blocking: true,
                    waitingFor: [])
                let copyStart = ContinuousClock.now
                staging.copyMemory(from: input + first * elements, byteCount: bytes)
                copies += ContinuousClock.now - copyStart
                let uploaded = try unmap(uploadQueue, inputs[slot], staging, waitingFor: [])
                try uploadQueue.flush()
                uploads.append(mappedIn)
                uploads.append(uploaded)

                // The kernel; the output buffer must have been unmapped by launch k − 2.
                try kernel.setArgument(0, inputs[slot])
                try kernel.setArgument(1, outputs[slot])
                try kernel.setArgument(5, UInt64(bytes))
                let ran = try launchKernel(
                    images: count, waitingFor: [uploaded] + (lastOutputUnmap[slot].map { [$0] } ?? []))
                try computeQueue.flush()
                kernels.append(ran)

                // Device → host, completed by finish().
                let (result, mappedOut) = try map(
                    downloadQueue, outputs[slot], flags: CL_MAP_READ, size: bytes * 4, blocking: false,
                    waitingFor: [ran])
                try downloadQueue.flush()
                pending.append(Launch(slot: slot, first: first, count: count, result: result, mapped: mappedOut))
                first += count
                k += 1
            }
            while let launch = pending.first {
                try finish(launch)
                pending.removeFirst()
            }
            try downloadQueue.finish()
            timing.launches += k
        } catch {
            // Leave nothing mapped or running.
            for launch in pending {
                if (try? launch.mapped.wait()) != nil {
                    _ = try? unmap(downloadQueue, outputs[launch.slot], launch.result, waitingFor: [])
                }
            }
            _ = try? uploadQueue.finish()
            _ = try? computeQueue.finish()
            _ = try? downloadQueue.finish()
            throw error
        }
        timing.images += rows
        timing.hostCopies += copies
        timing.upload += uploads.reduce(.zero) { $0 + $1.duration() }
        timing.download += downloads.reduce(.zero) { $0 + $1.duration() }
        timing.kernel += kernels.reduce(.zero) { $0 + $1.duration() }
        timing.wall += ContinuousClock.now - start
    }

    // MARK: - Commands

    private func map(
        _ queue: CLCommandQueue, _ buffer: CLBuffer, flags: Int32, size: Int, blocking: Bool,
        waitingFor events: [CLEvent]
    ) throws(CLFailure) -> (UnsafeMutableRawPointer, CLEvent) {
        try queue.map(buffer, flags: flags, size: size, blocking: blocking, waitingFor: events)
    }

    private func unmap(
        _ queue: CLCommandQueue, _ buffer: CLBuffer, _ pointer: UnsafeMutableRawPointer, waitingFor events: [CLEvent]
    ) throws(CLFailure) -> CLEvent {
        try queue.unmap(buffer, pointer, waitingFor: events)
    }

    private func launchKernel(images: Int, waitingFor events: [CLEvent]) throws(CLFailure) -> CLEvent {
        // Flat: one work item per 8 values; planes: per 8 pixels of an image (the last may have fewer).
        let width = Self.flatWidth
        let global =
            Self.isFlat(transform)
            ? [(images * transform.shape.valueCount + width - 1) / width]
            : [(transform.shape.pixels + width - 1) / width, images]
        return try computeQueue.launch(kernel, globalSize: global, waitingFor: events)
    }
}
