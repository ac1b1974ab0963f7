internal import COpenCL

/// A kernel of a built program (`clCreateKernel`), released by `deinit` (`clReleaseKernel`).
/// Not thread-safe (`clSetKernelArg`): one per executor.
final class CLKernel {
    let handle: cl_kernel
    let program: CLProgram

    init(program: CLProgram, name: String) throws(CLFailure) {
        var status: cl_int = CL_SUCCESS
        let kernel = program.context.api.clCreateKernel(program.handle, name, &status)
        try clCheck(status, "clCreateKernel(\(name))")
        guard let kernel else { throw CLFailure(call: "clCreateKernel", code: CL_OUT_OF_HOST_MEMORY) }
        self.handle = kernel
        self.program = program
    }

    /// Sets argument `index` to a buffer (`clSetKernelArg`).
    func setArgument(_ index: Int, _ buffer: CLBuffer) throws(CLFailure) {
        var memory: cl_mem? = buffer.handle
        try clCheck(program.context.api.clSetKernelArg(handle, cl_uint(index), MemoryLayout<cl_mem?>.size, &memory), "clSetKernelArg")
    }

    /// Sets argument `index` to a `uint` (`clSetKernelArg`).
    func setArgument(_ index: Int, _ value: UInt32) throws(CLFailure) {
        var value = cl_uint(value)
        try clCheck(program.context.api.clSetKernelArg(handle, cl_uint(index), MemoryLayout<cl_uint>.size, &value), "clSetKernelArg")
    }

    /// Sets argument `index` to a `ulong` (`clSetKernelArg`).
    func setArgument(_ index: Int, _ value: UInt64) throws(CLFailure) {
        var value = cl_ulong(value)
        try clCheck(program.context.api.clSetKernelArg(handle, cl_uint(index), MemoryLayout<cl_ulong>.size, &value), "clSetKernelArg")
    }

    deinit { _ = program.context.api.clReleaseKernel(handle) }
}
