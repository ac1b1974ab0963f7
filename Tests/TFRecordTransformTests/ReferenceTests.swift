import TFRecordTransform
import Testing
import TFRecordPixels

/// The scalar reference against values computed by hand, and argument checks.
@Suite("Reference values and arguments")
struct ReferenceTests {
    /// x / 255, correctly rounded: the shortest decimals that name these Float32 values.
    @Test func scaleDividesBy255() throws {
        let transform = try PixelTransform(shape: try ImageShape(height: 1, width: 5), normalization: .scale)
        let output = try run(
            try TransformExecutor(transform: transform, engine: .scalar), [0, 1, 128, 254, 255], rows: 1)
        #expect(output == [0, 0.003921569, 0.5019608, 0.99607843, 1])
        // Division, not multiplication by 1/255: the two differ (for 126 of the 256 values).
        #expect(output[1] == Float(1) / 255)
        #expect(Float(3) / 255 != Float(3) * (1 / 255 as Float))
    }

    @Test func noneKeepsTheValues() throws {
        let transform = try PixelTransform(shape: try ImageShape(height: 1, width: 4), normalization: .none)
        let output = try run(try TransformExecutor(transform: transform, engine: .scalar), [0, 1, 254, 255], rows: 1)
        #expect(output == [0, 1, 254, 255])
    }

    /// A 2×2×3 image, values 1...12 in HWC order; CHW gathers each channel's plane.
    @Test(arguments: TransformEngine.allCases)
    func chwTransposesEachImage(_ engine: TransformEngine) throws {
        let shape = try ImageShape(height: 2, width: 2, channels: 3)
        let input: [UInt8] = Array(1...12) + Array(101...112)
        if engine == .openCL && !openCLAvailable() { return }
        let chw = try TransformExecutor(
            transform: try PixelTransform(shape: shape, normalization: .none, layout: .chw), engine: engine)
        #expect(
            try run(chw, input, rows: 2)
                == [1, 4, 7, 10, 2, 5, 8, 11, 3, 6, 9, 12, 101, 104, 107, 110, 102, 105, 108, 111, 103, 106, 109, 112])
        let hwc = try TransformExecutor(
            transform: try PixelTransform(shape: shape, normalization: .none, layout: .hwc), engine: engine)
        #expect(try run(hwc, input, rows: 2) == input.map(Float.init))
    }

    @Test func standardizeUsesPerChannelMeanAndReciprocal() throws {
        let transform = try PixelTransform(
            shape: try ImageShape(height: 1, width: 2, channels: 3),
            normalization: .standardize(mean: [10, 20, 127.5], std: [2, 4, 0.5]))
        let output = try run(
            try TransformExecutor(transform: transform, engine: .scalar), [0, 0, 128, 12, 28, 127], rows: 1)
        #expect(output == [-5, -5, 1, 1, 2, -1])
    }

    @Test func invalidArgumentsAreUsageErrors() throws {
        // Valid shapes whose value count the engines' 32-bit indices cannot reach.
        let tooLarge = try #require(throws: TransformError.self) {
            try PixelTransform(shape: try ImageShape(height: 65_536, width: 32_768, channels: 1))
        }
        #expect(tooLarge.isUsage && tooLarge.message == "image shape 65536x32768x1 is too large")
        #expect(throws: Never.self) { try PixelTransform(shape: try ImageShape(height: 1, width: Int(Int32.max))) }
        let mismatched = #expect(throws: TransformError.self) {
            try PixelTransform(shape: .mnist, normalization: .standardize(mean: [1, 2, 3], std: [1, 1, 1]))
        }
        #expect(mismatched?.isUsage == true)
        let zeroStd = #expect(throws: TransformError.self) {
            try PixelTransform(shape: .mnist, normalization: .standardize(mean: [1], std: [0]))
        }
        #expect(zeroStd?.isUsage == true)
    }

    @Test(arguments: [TransformEngine.scalar, .simd, .auto])
    func smallBuffersThrowInsteadOfTrapping(_ engine: TransformEngine) throws {
        let executor = try TransformExecutor(
            transform: try PixelTransform(shape: .mnist), engine: engine, device: .name("no such device"))
        var output = [Float](repeating: 0, count: 784)
        let error = #expect(throws: TransformError.self) {
            try [UInt8](repeating: 1, count: 784 * 2).withUnsafeBufferPointer { input in
                try output.withUnsafeMutableBufferPointer { try executor.apply(input, rows: 2, into: $0) }
            }
        }
        #expect(error?.code == .bufferTooSmall)
        #expect(error?.isUsage == false)
        #expect(try run(executor, [], rows: 0) == [])
    }
}
