import TFRecordPixels

/// Runs a ``PixelTransform`` on batches of images with one engine. One per pipeline worker
/// thread: an executor is not thread-safe, and with the OpenCL engine it owns its own
/// context, queues, program and buffers (PoCL and GPU drivers cache compiled programs, so
/// the build cost is paid once per executor, mostly the first).
///
/// Every engine gives bit-identical results (see ``Normalization`` for the formulas).
///
/// ```swift
/// let transform = try PixelTransform(shape: .mnist, normalization: .scale, layout: .hwc)
/// let executor = try TransformExecutor(transform: transform, engine: .auto, device: .auto)
/// if let note = executor.note { print(note) }      // fell back to the CPU: say why
/// try executor.apply(pixels, rows: rows, into: floats)
/// ```
public final class TransformExecutor {
    /// Images per `apply` call from which `.auto` uses OpenCL (on a device it may use; below
    /// it, launch and transfer overheads dominate). See Kernels/README.md for the measurements.
    public static let autoMinimumRows = 4096

    /// The transform this executor runs.
    public let transform: PixelTransform
    /// The engine asked for.
    public let requestedEngine: TransformEngine
    /// The engine used for large batches: never `.auto`. For `.auto`, `.openCL` when a device
    /// was set up (smaller batches then run on `.simd`, see ``engine(forRows:)``), else `.simd`.
    public private(set) var resolvedEngine: TransformEngine
    /// Why the executor fell back to the CPU (no OpenCL driver, no matching device, kernel
    /// build failure, an OpenCL failure during a batch), as one line for stderr; `nil` when
    /// nothing went wrong.
    public private(set) var note: String?
    /// Why this engine: one line for verbose output.
    public private(set) var decision: String

    private var openCL: OpenCLTransform?

    /// The OpenCL device in use, if any.
    public var device: OpenCLDeviceInfo? { openCL?.device }

    /// Images per OpenCL kernel launch, if OpenCL is in use.
    public var imagesPerLaunch: Int? { openCL?.imagesPerLaunch }

    /// Time split of the OpenCL engine since creation or ``resetTiming()`` (zero without OpenCL).
    public var openCLTiming: OpenCLTiming { openCL?.timing ?? OpenCLTiming() }

    /// Zeroes ``openCLTiming``.
    public func resetTiming() { openCL?.timing = OpenCLTiming() }

    /// An executor.
    ///
    /// - Parameters:
    ///   - transform: what to compute.
    ///   - engine: `.scalar`, `.simd`, `.openCL` (fails without a device) or `.auto` (never fails
    ///     for want of OpenCL: it sets ``note`` and uses the CPU).
    ///   - device: which OpenCL device (`.openCL` and `.auto`).
    ///   - imagesPerLaunch: images per OpenCL kernel launch; `nil` for about 4 MiB of input.
    /// - Throws: ``TransformError``: for `.openCL`, `.deviceUnavailable` (`isUsage`) when no
    ///   usable device matches `device`, `.openCLFailure` when the device fails to build or run
    ///   the kernel or its results differ from the reference.
    public init(
        transform: PixelTransform, engine: TransformEngine = .auto, device: DeviceSelector = .auto,
        imagesPerLaunch: Int? = nil
    ) throws(TransformError) {
        self.transform = transform
        self.requestedEngine = engine
        switch engine {
        case .scalar, .simd:
            resolvedEngine = engine
            decision = "\(engine) engine, as asked"
        case .openCL:
            let found = OpenCLDevices.handles()
            guard !found.devices.isEmpty else {
                throw TransformError(.deviceUnavailable, found.problem ?? "no OpenCL device")
            }
            let chosen: Int
            switch device.select(from: found.devices.map(\.info)) {
            case .success(let i): chosen = i
            case .failure(let error): throw error
            }
            openCL = try OpenCLTransform(
                transform: transform, device: found.devices[chosen], imagesPerLaunch: imagesPerLaunch)
            resolvedEngine = .openCL
            decision = "opencl engine on \(found.devices[chosen].info), as asked"
        case .auto:
            resolvedEngine = .simd
            decision = "simd engine"
            let found = OpenCLDevices.handles()
            guard !found.devices.isEmpty else {
                note = "OpenCL unavailable (\(found.problem ?? "no device")); using the CPU (simd)"
                decision = "simd engine: no OpenCL device"
                return
            }
            let chosen: OpenCLDevices.Handle
            switch device.select(from: found.devices.map(\.info)) {
            case .success(let i): chosen = found.devices[i]
            case .failure(let error):
                note = "\(error.message); using the CPU (simd)"
                decision = "simd engine: no OpenCL device matches '\(device)'"
                return
            }
            // The rule (measured, Kernels/README.md): a CPU OpenCL device (PoCL) runs on the
            // very cores the CPU engines and the other pipeline workers use, and was slower than
            // `.simd` at every batch size; `.auto` uses one only when it is named explicitly.
            if chosen.info.kind == .cpu && device == .auto {
                decision = "simd engine: the OpenCL device \(chosen.info) is a CPU device, slower than simd"
                return
            }
            do {
                openCL = try OpenCLTransform(transform: transform, device: chosen, imagesPerLaunch: imagesPerLaunch)
                resolvedEngine = .openCL
                decision =
                    "opencl engine on \(chosen.info) for batches of \(Self.autoMinimumRows)+ images, simd below"
            } catch {
                note = "\(error.message); using the CPU (simd)"
                decision = "simd engine: OpenCL setup failed"
            }
        }
    }

    /// The engine that ``apply(_:rows:into:)`` uses for a batch of `rows` images.
    public func engine(forRows rows: Int) -> TransformEngine {
        if resolvedEngine == .openCL && requestedEngine == .auto && rows < Self.autoMinimumRows { return .simd }
        return resolvedEngine
    }

    /// Transforms `rows` images: `rows × shape.valueCount` bytes from `input` (HWC) into as many
    /// floats at the start of `output`.
    ///
    /// With `.auto`, an OpenCL failure during the batch sets ``note``, drops OpenCL for good
    /// and redoes the batch on the CPU.
    ///
    /// - Throws: ``TransformError``: `.bufferTooSmall` when either buffer is too small;
    ///   `.openCLFailure` for an OpenCL failure with the explicit `.openCL` engine.
    /// - Complexity: O(rows × shape.valueCount).
    public func apply(
        _ input: UnsafeBufferPointer<UInt8>, rows: Int, into output: UnsafeMutableBufferPointer<Float>
    )
        throws(TransformError)
    {
        let (count, overflow) = rows.multipliedReportingOverflow(by: transform.shape.valueCount)
        guard rows >= 0, !overflow, input.count >= count, output.count >= count else {
            throw TransformError(
                .bufferTooSmall,
                "transform of \(rows) images of \(transform.shape) needs \(count) bytes in and floats out, "
                    + "got \(input.count) and \(output.count)")
        }
        guard rows > 0, let source = input.baseAddress, let destination = output.baseAddress else { return }
        switch engine(forRows: rows) {
        case .scalar:
            transform.applyScalar(source, rows: rows, into: destination)
        case .simd, .auto:
            transform.applySIMD(source, rows: rows, into: destination)
        case .openCL:
            guard let openCL else { return transform.applySIMD(source, rows: rows, into: destination) }
            do {
                try openCL.apply(source, rows: rows, into: destination)
            } catch {
                let message = "OpenCL device \(openCL.device.index) (\(openCL.device.name)): \(error)"
                if requestedEngine == .openCL { throw TransformError(.openCLFailure, message) }
                note = "\(message); using the CPU (simd) from now on"
                decision = "simd engine: OpenCL failed during a batch"
                self.openCL = nil
                resolvedEngine = .simd
                transform.applySIMD(source, rows: rows, into: destination)
            }
        }
    }
}
