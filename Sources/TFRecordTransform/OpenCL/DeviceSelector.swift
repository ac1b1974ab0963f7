/// Which OpenCL device to use: the `--device` option.
public enum DeviceSelector: Sendable, Hashable, CustomStringConvertible {
    /// The first usable GPU, else accelerator, else CPU device, else any other.
    case auto
    /// Device `device` of platform `platform` (`P:D`, as `tfrec devices` lists them).
    case index(platform: Int, device: Int)
    /// The first usable device whose name contains this text (case-insensitive).
    case name(String)

    /// Parses a `--device` spec: `auto`, `P:D` (e.g. `0:1`) or a part of a device name.
    ///
    /// - Throws: ``TransformError`` (`isUsage`) for an empty spec.
    public init(_ spec: String) throws(TransformError) {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false)
        if spec == "auto" {
            self = .auto
        } else if parts.count == 2, let p = Int(parts[0]), let d = Int(parts[1]), p >= 0, d >= 0 {
            self = .index(platform: p, device: d)
        } else if !spec.allSatisfy(\.isWhitespace) {
            self = .name(spec)
        } else {
            throw TransformError(
                .invalidArgument, "device spec is empty: use auto, P:D (see tfrec devices) or a part of a device name")
        }
    }

    public var description: String {
        switch self {
        case .auto: "auto"
        case .index(let p, let d): "\(p):\(d)"
        case .name(let text): text
        }
    }

    /// The position in `devices` of the device this selector picks.
    ///
    /// - Returns: the position, or a one-line reason why none matches.
    func select(from devices: [OpenCLDeviceInfo]) -> Result<Int, TransformError> {
        let listing = devices.isEmpty ? "none" : devices.map(\.description).joined(separator: "; ")
        switch self {
        case .auto:
            for kind in [OpenCLDeviceInfo.Kind.gpu, .accelerator, .cpu, .other] {
                if let i = devices.firstIndex(where: { $0.kind == kind && $0.isUsable }) { return .success(i) }
            }
            return .failure(TransformError(.deviceUnavailable, "no usable OpenCL device (devices: \(listing))"))
        case .index(let p, let d):
            guard let i = devices.firstIndex(where: { $0.platformIndex == p && $0.deviceIndex == d }) else {
                return .failure(TransformError(.deviceUnavailable, "no OpenCL device \(p):\(d) (devices: \(listing))"))
            }
            guard devices[i].isUsable else {
                return .failure(
                    TransformError(
                        .deviceUnavailable, "OpenCL device \(devices[i]) is not available or has no compiler"))
            }
            return .success(i)
        case .name(let text):
            guard let i = devices.firstIndex(where: { $0.isUsable && $0.name.lowercased().contains(text.lowercased()) })
            else {
                return .failure(
                    TransformError(
                        .deviceUnavailable, "no usable OpenCL device named like '\(text)' (devices: \(listing))"))
            }
            return .success(i)
        }
    }
}
