internal import COpenCL

/// An in-order command queue with profiling enabled (`clCreateCommandQueue`,
/// `CL_QUEUE_PROFILING_ENABLE`), released by `deinit` (`clReleaseCommandQueue`). It keeps
/// its context alive.
final class CLCommandQueue {
    let handle: cl_command_queue
    let context: CLContext

    init(context: CLContext) throws(CLFailure) {
        var status: cl_int = CL_SUCCESS
        let queue = context.api.clCreateCommandQueue(
            context.handle, context.device, cl_command_queue_properties(CL_QUEUE_PROFILING_ENABLE), &status)
        try clCheck(status, "clCreateCommandQueue")
        guard let queue else { throw CLFailure(call: "clCreateCommandQueue", code: CL_OUT_OF_HOST_MEMORY) }
        self.handle = queue
        self.context = context
    }

    /// Submits the queued commands to the device (`clFlush`).
    func flush() throws(CLFailure) { try clCheck(context.api.clFlush(handle), "clFlush") }

    /// Waits until every queued command has completed (`clFinish`).
    func finish() throws(CLFailure) { try clCheck(context.api.clFinish(handle), "clFinish") }

    deinit {
        _ = context.api.clFinish(handle)
        _ = context.api.clReleaseCommandQueue(handle)
    }
}
