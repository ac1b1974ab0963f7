internal import COpenCL

/// The event of an enqueued command, released by `deinit` (`clReleaseEvent`).
final class CLEvent {
    let handle: cl_event
    let api: CLAPI

    init(_ handle: cl_event, api: CLAPI) {
        self.handle = handle
        self.api = api
    }

    /// Blocks until the command has completed (`clWaitForEvents`).
    func wait() throws(CLFailure) {
        var events: [cl_event?] = [handle]
        try clCheck(api.clWaitForEvents(1, &events), "clWaitForEvents")
    }

    /// How long the command ran on the device, from `CL_PROFILING_COMMAND_START` to `…_END`
    /// (the queue has profiling enabled); zero if the driver gives no profile.
    func duration() -> Duration {
        var start: cl_ulong = 0
        var end: cl_ulong = 0
        let size = MemoryLayout<cl_ulong>.size
        guard
            api.clGetEventProfilingInfo(handle, cl_profiling_info(CL_PROFILING_COMMAND_START), size, &start, nil)
                == CL_SUCCESS,
            api.clGetEventProfilingInfo(handle, cl_profiling_info(CL_PROFILING_COMMAND_END), size, &end, nil)
                == CL_SUCCESS, end >= start
        else { return .zero }
        return .nanoseconds(Int64(end - start))
    }

    deinit { _ = api.clReleaseEvent(handle) }
}

extension Array where Element == CLEvent {
    /// The handles, for an event wait list.
    var handles: [cl_event?] { map { $0.handle } }
}
