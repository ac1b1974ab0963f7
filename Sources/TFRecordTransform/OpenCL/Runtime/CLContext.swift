internal import COpenCL

/// An OpenCL context on one device (`clCreateContext`), released by `deinit` (`clReleaseContext`).
/// It holds the entry points (``CLAPI``) that everything made in it calls.
final class CLContext {
    let handle: cl_context
    let device: cl_device_id
    let api: CLAPI

    init(api: CLAPI, device: cl_device_id) throws(CLFailure) {
        var status: cl_int = CL_SUCCESS
        var devices: [cl_device_id?] = [device]
        let context = api.clCreateContext(nil, 1, &devices, nil, nil, &status)
        try clCheck(status, "clCreateContext")
        guard let context else { throw CLFailure(call: "clCreateContext", code: CL_OUT_OF_HOST_MEMORY) }
        self.handle = context
        self.device = device
        self.api = api
    }

    deinit { _ = api.clReleaseContext(handle) }
}
