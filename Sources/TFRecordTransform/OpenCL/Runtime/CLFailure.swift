internal import COpenCL

/// A failed OpenCL call: the function, its error code and, for builds, the compiler's log.
struct CLFailure: Error, CustomStringConvertible {
    let call: String
    let code: cl_int
    var detail: String? = nil

    var description: String {
        "\(call) failed: \(CLFailure.name(of: code))" + (detail.map { ": \($0)" } ?? "")
    }

    /// `CL_…` name of an error code (the common ones), else the number.
    static func name(of code: cl_int) -> String {
        let names: [cl_int: String] = [
            CL_DEVICE_NOT_FOUND: "CL_DEVICE_NOT_FOUND", CL_DEVICE_NOT_AVAILABLE: "CL_DEVICE_NOT_AVAILABLE",
            CL_COMPILER_NOT_AVAILABLE: "CL_COMPILER_NOT_AVAILABLE",
            CL_MEM_OBJECT_ALLOCATION_FAILURE: "CL_MEM_OBJECT_ALLOCATION_FAILURE",
            CL_OUT_OF_RESOURCES: "CL_OUT_OF_RESOURCES", CL_OUT_OF_HOST_MEMORY: "CL_OUT_OF_HOST_MEMORY",
            CL_PROFILING_INFO_NOT_AVAILABLE: "CL_PROFILING_INFO_NOT_AVAILABLE",
            CL_BUILD_PROGRAM_FAILURE: "CL_BUILD_PROGRAM_FAILURE", CL_MAP_FAILURE: "CL_MAP_FAILURE",
            CL_INVALID_VALUE: "CL_INVALID_VALUE", CL_INVALID_DEVICE: "CL_INVALID_DEVICE",
            CL_INVALID_CONTEXT: "CL_INVALID_CONTEXT", CL_INVALID_BUILD_OPTIONS: "CL_INVALID_BUILD_OPTIONS",
            CL_INVALID_KERNEL_NAME: "CL_INVALID_KERNEL_NAME", CL_INVALID_ARG_SIZE: "CL_INVALID_ARG_SIZE",
            CL_INVALID_WORK_GROUP_SIZE: "CL_INVALID_WORK_GROUP_SIZE",
            CL_INVALID_BUFFER_SIZE: "CL_INVALID_BUFFER_SIZE",
            CL_INVALID_EVENT_WAIT_LIST: "CL_INVALID_EVENT_WAIT_LIST",
            CL_INVALID_GLOBAL_WORK_SIZE: "CL_INVALID_GLOBAL_WORK_SIZE",
            CL_INVALID_OPERATION: "CL_INVALID_OPERATION",
            CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST: "CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST",
            clPlatformNotFound: "CL_PLATFORM_NOT_FOUND_KHR (no OpenCL driver registered with the ICD loader)",
        ]
        return names[code].map { "\($0) (\(code))" } ?? "OpenCL error \(code)"
    }
}

/// `CL_PLATFORM_NOT_FOUND_KHR` (cl_ext.h, which the shim does not include): what the ICD
/// loader returns from `clGetPlatformIDs` when no driver is registered.
let clPlatformNotFound: cl_int = -1001

/// Throws a ``CLFailure`` for an error code other than `CL_SUCCESS`.
@inline(__always)
func clCheck(_ code: cl_int, _ call: String) throws(CLFailure) {
    if code != CL_SUCCESS { throw CLFailure(call: call, code: code) }
}
