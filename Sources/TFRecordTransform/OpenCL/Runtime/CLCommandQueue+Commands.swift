internal import COpenCL

extension CLCommandQueue {
    /// Maps `size` bytes of `buffer` into host memory once `events` have completed
    /// (`clEnqueueMapBuffer`).
    ///
    /// - Parameters:
    ///   - flags: `CL_MAP_READ`, `CL_MAP_WRITE` or `CL_MAP_WRITE_INVALIDATE_REGION`.
    ///   - blocking: whether the call returns only once the memory is mapped.
    /// - Returns: the host pointer, valid until ``unmap(_:_:waitingFor:)``, and the command's event.
    func map(_ buffer: CLBuffer, flags: Int32, size: Int, blocking: Bool, waitingFor events: [CLEvent])
        throws(CLFailure) -> (UnsafeMutableRawPointer, CLEvent)
    {
        var status: cl_int = CL_SUCCESS
        var event: cl_event? = nil
        let pointer = events.handles.withUnsafeBufferPointer { list in
            context.api.clEnqueueMapBuffer(
                handle, buffer.handle, cl_bool(blocking ? CL_TRUE : CL_FALSE), cl_map_flags(flags), 0, size,
                cl_uint(list.count), list.isEmpty ? nil : list.baseAddress, &event, &status)
        }
        try clCheck(status, "clEnqueueMapBuffer")
        guard let pointer, let event else { throw CLFailure(call: "clEnqueueMapBuffer", code: CL_MAP_FAILURE) }
        return (pointer, CLEvent(event, api: context.api))
    }

    /// Unmaps `pointer`, mapped from `buffer`, once `events` have completed
    /// (`clEnqueueUnmapMemObject`).
    ///
    /// - Returns: the command's event.
    func unmap(_ buffer: CLBuffer, _ pointer: UnsafeMutableRawPointer, waitingFor events: [CLEvent])
        throws(CLFailure) -> CLEvent
    {
        var event: cl_event? = nil
        let status = events.handles.withUnsafeBufferPointer { list in
            context.api.clEnqueueUnmapMemObject(handle, buffer.handle, pointer, cl_uint(list.count),
                                    list.isEmpty ? nil : list.baseAddress, &event)
        }
        try clCheck(status, "clEnqueueUnmapMemObject")
        guard let event else { throw CLFailure(call: "clEnqueueUnmapMemObject", code: CL_OUT_OF_HOST_MEMORY) }
        return CLEvent(event, api: context.api)
    }

    /// Runs `kernel` over the work items of `globalSize` (one to three dimensions) once
    /// `events` have completed, with the local size left to the driver (`clEnqueueNDRangeKernel`).
    ///
    /// - Returns: the command's event.
    func launch(_ kernel: CLKernel, globalSize: [Int], waitingFor events: [CLEvent]) throws(CLFailure) -> CLEvent {
        precondition((1...3).contains(globalSize.count))
        var event: cl_event? = nil
        let status = events.handles.withUnsafeBufferPointer { list in
            context.api.clEnqueueNDRangeKernel(
                handle, kernel.handle, cl_uint(globalSize.count), nil, globalSize, nil, cl_uint(list.count),
                list.isEmpty ? nil : list.baseAddress, &event)
        }
        try clCheck(status, "clEnqueueNDRangeKernel")
        guard let event else { throw CLFailure(call: "clEnqueueNDRangeKernel", code: CL_OUT_OF_HOST_MEMORY) }
        return CLEvent(event, api: context.api)
    }
}
