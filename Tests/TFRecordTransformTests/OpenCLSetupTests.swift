import Kernels
import TFRecordTransform
import Testing
import TFRecordTestSupport

/// Device listing and selection, the `.auto` rule, fallbacks and errors, the embedded kernel.
@Suite("OpenCL set-up and fallback")
struct OpenCLSetupTests {
    @Test func kernelSourceIsEmbedded() {
        #expect(KernelSources.normalize.contains("__kernel void normalize_flat("))
        #expect(KernelSources.normalize.contains("__kernel void normalize_planes("))
        #expect(KernelSources.normalize.contains("#pragma OPENCL FP_CONTRACT OFF"))
    }

    @Test func deviceSpecsParse() throws {
        #expect(try DeviceSelector("auto") == .auto)
        #expect(try DeviceSelector("0:1") == .index(platform: 0, device: 1))
        #expect(try DeviceSelector("pthread") == .name("pthread"))
        #expect(try DeviceSelector("1:x") == .name("1:x"))
        let empty = #expect(throws: TransformError.self) { try DeviceSelector("") }
        #expect(empty?.isUsage == true)
    }

    @Test func discoveryDescribesEveryDevice() {
        guard openCLAvailable() else { return }
        let discovery = OpenCLDevices.discover()
        #expect(discovery.platformCount >= 1)
        #expect(discovery.problem == nil)
        for device in discovery.devices {
            #expect(!device.name.isEmpty)
            #expect(!device.platformName.isEmpty)
            #expect(device.version.hasPrefix("OpenCL "))
            #expect(device.computeUnits >= 1)
            #expect(device.globalMemory > 0)
        }
    }

    /// `.auto` with an impossible device: a note, and CPU results.
    @Test func autoFallsBackWithANote() throws {
        let transform = try PixelTransform(shape: .mnist, normalization: .scale)
        let executor = try TransformExecutor(transform: transform, engine: .auto, device: .name("no-such-device-xyz"))
        #expect(executor.resolvedEngine == .simd)
        let note = try #require(executor.note)
        #expect(note.contains("no-such-device-xyz") || note.contains("OpenCL unavailable"))
        #expect(!note.contains("\n"))
        var random = SplitMix64(seed: 3)
        let input = random.bytes(5000 * 784)
        expectBitIdentical(
            try run(executor, input, rows: 5000),
            try run(try TransformExecutor(transform: transform, engine: .scalar), input, rows: 5000), "auto fallback")
    }

    /// Explicit `.openCL` with an impossible device: a usage error (a CLI exits 2).
    @Test(arguments: [DeviceSelector.index(platform: 99, device: 0), .name("no-such-device-xyz")])
    func explicitOpenCLWithoutDeviceIsAUsageError(_ device: DeviceSelector) throws {
        let error = #expect(throws: TransformError.self) {
            try TransformExecutor(transform: try PixelTransform(shape: .mnist), engine: .openCL, device: device)
        }
        #expect(error?.isUsage == true)
        #expect(error?.code == .deviceUnavailable)
        #expect(error?.message.contains("OpenCL device") == true, "\(error?.message ?? "")")
    }

    /// The rule: `.auto` with `--device auto` does not use a CPU OpenCL device; with the device
    /// named it does, for batches of at least `autoMinimumRows` images.
    @Test func autoRule() throws {
        guard openCLAvailable() else { return }
        let transform = try PixelTransform(shape: .mnist, normalization: .scale)
        let devices = OpenCLDevices.discover().devices.filter(\.isUsable)
        let automatic = try TransformExecutor(transform: transform, engine: .auto, device: .auto)
        #expect(automatic.note == nil)
        if devices.allSatisfy({ $0.kind == .cpu }) {
            #expect(automatic.resolvedEngine == .simd)
            #expect(automatic.decision.contains("CPU device"))
        }
        let named = try TransformExecutor(
            transform: transform, engine: .auto,
            device: .index(platform: devices[0].platformIndex, device: devices[0].deviceIndex))
        #expect(named.note == nil)
        #expect(named.resolvedEngine == .openCL)
        #expect(named.engine(forRows: TransformExecutor.autoMinimumRows - 1) == .simd)
        #expect(named.engine(forRows: TransformExecutor.autoMinimumRows) == .openCL)
        let rows = TransformExecutor.autoMinimumRows + 5
        var random = SplitMix64(seed: 11)
        let input = random.bytes(rows * 784)
        expectBitIdentical(
            try run(named, input, rows: rows),
            try run(try TransformExecutor(transform: transform, engine: .scalar), input, rows: rows), "auto on OpenCL")
        #expect(named.openCLTiming.images == rows)
    }

    @Test func timingSplitsTransferAndKernel() throws {
        guard openCLAvailable() else { return }
        let executor = try TransformExecutor(
            transform: try PixelTransform(shape: .mnist, normalization: .scale), engine: .openCL, imagesPerLaunch: 100)
        #expect(executor.openCLTiming == OpenCLTiming())
        _ = try run(executor, [UInt8](repeating: 7, count: 1000 * 784), rows: 1000)
        let timing = executor.openCLTiming
        #expect(timing.launches == 10)
        #expect(timing.images == 1000)
        #expect(timing.kernel > .zero)
        #expect(timing.hostCopies > .zero)
        #expect(timing.wall > .zero)
        executor.resetTiming()
        #expect(executor.openCLTiming == OpenCLTiming())
    }
}
