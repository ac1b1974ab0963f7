/// The implementation that transforms pixels. Every engine gives bit-identical Float32 results.
public enum TransformEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Plain Swift loops: the reference the other engines are tested against.
    case scalar
    /// Vectorized CPU code: C with AVX2 chosen at run time on x86-64 (`CTFRecordAccel_transform_u8_to_f32`),
    /// plain C loops elsewhere.
    case simd
    /// An OpenCL kernel (`Kernels/normalize.cl`), built at run time for the selected device.
    case openCL = "opencl"
    /// OpenCL where it pays (see ``TransformExecutor/autoMinimumRows``), else `.simd`.
    case auto

    public var description: String { rawValue }
}
