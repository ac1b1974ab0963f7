/// The OpenCL C sources of swift-tfrecord's kernels, embedded in the binary at build time
/// (SwiftPM `.embedInCode`), so there is no file to find at run time.
public enum KernelSources {
    /// `normalize.cl`: the normalize + layout kernels `normalize_flat` and `normalize_planes`
    /// (see the macros it must be built with at the top of the source).
    public static let normalize: String = String(decoding: PackageResources.normalize_cl, as: UTF8.self)
}
