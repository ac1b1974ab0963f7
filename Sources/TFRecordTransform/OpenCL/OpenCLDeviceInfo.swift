/// One OpenCL device as the ICD loader reports it.
public struct OpenCLDeviceInfo: Sendable, Hashable, CustomStringConvertible {
    /// `CL_DEVICE_TYPE`.
    public enum Kind: String, Sendable, Hashable {
        case cpu, gpu, accelerator, other
    }

    /// Index of the platform in `clGetPlatformIDs` order.
    public let platformIndex: Int
    /// Index of the device in its platform's `clGetDeviceIDs` order.
    public let deviceIndex: Int
    /// `CL_PLATFORM_NAME`, e.g. "Portable Computing Language".
    public let platformName: String
    /// `CL_DEVICE_NAME`.
    public let name: String
    /// `CL_DEVICE_VENDOR`.
    public let vendor: String
    /// `CL_DEVICE_VERSION`, e.g. "OpenCL 3.0 PoCL …".
    public let version: String
    /// `CL_DEVICE_TYPE`.
    public let kind: Kind
    /// `CL_DEVICE_MAX_COMPUTE_UNITS`.
    public let computeUnits: Int
    /// `CL_DEVICE_GLOBAL_MEM_SIZE`, bytes.
    public let globalMemory: UInt64
    /// `CL_DEVICE_MAX_MEM_ALLOC_SIZE`, bytes: the largest buffer.
    public let maxAllocation: UInt64
    /// `CL_DEVICE_AVAILABLE` and `CL_DEVICE_COMPILER_AVAILABLE`: it can build and run kernels.
    public let isUsable: Bool

    /// `P:D`, the form `--device` accepts.
    public var index: String { "\(platformIndex):\(deviceIndex)" }

    public var description: String { "\(index) \(name) (\(kind.rawValue), \(platformName))" }
}
