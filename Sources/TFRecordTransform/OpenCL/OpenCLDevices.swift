internal import COpenCL

/// What the OpenCL ICD loader offers on this machine.
public struct OpenCLDiscovery: Sendable {
    /// Number of platforms (drivers) found.
    public let platformCount: Int
    /// Every device of every platform, in `P:D` order.
    public let devices: [OpenCLDeviceInfo]
    /// Why there is no device, when `devices` is empty: one line, e.g. "no OpenCL driver is
    /// registered with the ICD loader (…)"; `nil` otherwise.
    public let problem: String?
}

/// Listing OpenCL platforms and devices (`clGetPlatformIDs`, `clGetDeviceIDs`, `clGet…Info`).
public enum OpenCLDevices {
    /// Lists every platform and device. Never fails: a missing driver or a failing query
    /// gives an empty list and a ``OpenCLDiscovery/problem``.
    public static func discover() -> OpenCLDiscovery {
        let found = handles()
        return OpenCLDiscovery(
            platformCount: found.platformCount, devices: found.devices.map(\.info), problem: found.problem)
    }

    /// A device and its handle (root devices live as long as the process; nothing to release),
    /// with the entry points that found it.
    struct Handle {
        let info: OpenCLDeviceInfo
        let id: cl_device_id
        let api: CLAPI
    }

    /// The devices with their handles, for building contexts.
    static func handles() -> (platformCount: Int, devices: [Handle], problem: String?) {
        clSetupLock.locked { unlockedHandles() }
    }

    private static func unlockedHandles() -> (platformCount: Int, devices: [Handle], problem: String?) {
        let api: CLAPI
        switch CLLibrary.api {
        case .success(let loaded): api = loaded
        case .failure(let failure): return (0, [], failure.description)
        }
        let query = CLQuery(api: api)
        let platforms: [cl_platform_id]
        do {
            platforms = try query.platforms()
        } catch {
            return (0, [], "clGetPlatformIDs failed: \(CLFailure.name(of: error.code))")
        }
        if platforms.isEmpty {
            return (
                0, [],
                "no OpenCL driver is registered with the ICD loader; install one (e.g. pocl-opencl-icd, "
                    + "a CPU device) or a GPU vendor's ICD; drivers are listed in /etc/OpenCL/vendors"
            )
        }
        var devices: [Handle] = []
        var failures: [String] = []
        for (p, platform) in platforms.enumerated() {
            let platformName = query.platformString(platform, CL_PLATFORM_NAME)
            let ids: [cl_device_id]
            do {
                ids = try query.devices(of: platform)
            } catch {
                failures.append("platform \(p) (\(platformName)): \(error)")
                continue
            }
            for (d, id) in ids.enumerated() {
                let type = query.value(id, CL_DEVICE_TYPE, as: cl_device_type.self)
                let kind: OpenCLDeviceInfo.Kind =
                    if type & cl_device_type(CL_DEVICE_TYPE_GPU) != 0 {
                        .gpu
                    } else if type & cl_device_type(CL_DEVICE_TYPE_ACCELERATOR) != 0 {
                        .accelerator
                    } else if type & cl_device_type(CL_DEVICE_TYPE_CPU) != 0 {
                        .cpu
                    } else {
                        .other
                    }
                let info = OpenCLDeviceInfo(
                    platformIndex: p, deviceIndex: d, platformName: platformName,
                    name: query.deviceString(id, CL_DEVICE_NAME), vendor: query.deviceString(id, CL_DEVICE_VENDOR),
                    version: query.deviceString(id, CL_DEVICE_VERSION), kind: kind,
                    computeUnits: Int(query.value(id, CL_DEVICE_MAX_COMPUTE_UNITS, as: cl_uint.self)),
                    globalMemory: query.value(id, CL_DEVICE_GLOBAL_MEM_SIZE, as: cl_ulong.self),
                    maxAllocation: query.value(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE, as: cl_ulong.self),
                    isUsable: query.value(id, CL_DEVICE_AVAILABLE, as: cl_bool.self) != 0
                        && query.value(id, CL_DEVICE_COMPILER_AVAILABLE, as: cl_bool.self) != 0)
                devices.append(Handle(info: info, id: id, api: api))
            }
        }
        if devices.isEmpty {
            let why = failures.isEmpty ? "" : ": " + failures.joined(separator: "; ")
            return (platforms.count, [], "\(platforms.count) OpenCL platform(s) but no device\(why)")
        }
        return (platforms.count, devices, nil)
    }
}
