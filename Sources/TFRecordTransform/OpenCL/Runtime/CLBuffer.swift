internal import COpenCL

/// A buffer object (`clCreateBuffer`), released by `deinit` (`clReleaseMemObject`).
final class CLBuffer {
    let handle: cl_mem
    let size: Int
    let context: CLContext

    /// A buffer of `size` bytes; `host`, if given, is copied in (`CL_MEM_COPY_HOST_PTR`).
    init(context: CLContext, flags: Int32, size: Int, copying host: UnsafeRawPointer? = nil) throws(CLFailure) {
        var status: cl_int = CL_SUCCESS
        var flags = cl_mem_flags(flags)
        if host != nil { flags |= cl_mem_flags(CL_MEM_COPY_HOST_PTR) }
        let memory = context.api.clCreateBuffer(
            context.handle, flags, max(size, 1), UnsafeMutableRawPointer(mutating: host), &status)
        try clCheck(status, "clCreateBuffer(\(size) bytes)")
        guard let memory else { throw CLFailure(call: "clCreateBuffer", code: CL_OUT_OF_HOST_MEMORY) }
        self.handle = memory
        self.size = size
        self.context = context
    }

    /// A read-only buffer holding `values`.
    static func constant(context: CLContext, _ values: [Float]) throws(CLFailure) -> CLBuffer {
        let made = values.withUnsafeBytes { raw in
            Result { () throws(CLFailure) in
                try CLBuffer(context: context, flags: CL_MEM_READ_ONLY, size: raw.count, copying: raw.baseAddress)
            }
        }
        return try made.get()
    }

    deinit { _ = context.api.clReleaseMemObject(handle) }
}
