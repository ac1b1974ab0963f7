internal import COpenCL

/// A program built from OpenCL C source for one device (`clCreateProgramWithSource`,
/// `clBuildProgram`), released by `deinit` (`clReleaseProgram`).
final class CLProgram {
    let handle: cl_program
    let context: CLContext

    /// Builds `source` with `options`.
    ///
    /// - Throws: ``CLFailure``; for `CL_BUILD_PROGRAM_FAILURE` the detail is the start of the
    ///   build log.
    init(context: CLContext, source: String, options: String) throws(CLFailure) {
        var status: cl_int = CL_SUCCESS
        var length = source.utf8.count
        let program: cl_program? = source.withCString { text in
            var strings: [UnsafePointer<CChar>?] = [text]
            return context.api.clCreateProgramWithSource(context.handle, 1, &strings, &length, &status)
        }
        try clCheck(status, "clCreateProgramWithSource")
        guard let program else { throw CLFailure(call: "clCreateProgramWithSource", code: CL_OUT_OF_HOST_MEMORY) }
        self.handle = program
        self.context = context
        var devices: [cl_device_id?] = [context.device]
        let built = context.api.clBuildProgram(program, 1, &devices, options, nil, nil)
        if built != CL_SUCCESS {
            var failure = CLFailure(call: "clBuildProgram", code: built)
            let log = buildLog()
            if !log.isEmpty { failure.detail = String(log.split(separator: "\n").prefix(3).joined(separator: " | ")) }
            throw failure
        }
    }

    /// The compiler's messages (`CL_PROGRAM_BUILD_LOG`).
    func buildLog() -> String {
        var size = 0
        let parameter = cl_program_build_info(CL_PROGRAM_BUILD_LOG)
        guard context.api.clGetProgramBuildInfo(handle, context.device, parameter, 0, nil, &size) == CL_SUCCESS, size > 1 else {
            return ""
        }
        var bytes = [CChar](repeating: 0, count: size + 1)
        guard context.api.clGetProgramBuildInfo(handle, context.device, parameter, size, &bytes, nil) == CL_SUCCESS else {
            return ""
        }
        let end = bytes.firstIndex(of: 0) ?? bytes.count
        return String(decoding: bytes[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit { _ = context.api.clReleaseProgram(handle) }
}
