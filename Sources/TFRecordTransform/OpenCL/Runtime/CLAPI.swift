internal import COpenCL

/// The OpenCL entry points tfrec calls, looked up in the ICD loader at run time by
/// ``CLLibrary``: one typed function pointer per call (types from `CL/cl_icd.h`), named as the
/// C function, so that a call reads `api.clFinish(queue)`.
///
/// Every OpenCL object (``CLContext`` and what hangs off it) keeps the table it was made with.
struct CLAPI: @unchecked Sendable {
    // @unchecked: immutable C function pointers into a library that is never closed.
    let clGetPlatformIDs: cl_api_clGetPlatformIDs
    let clGetPlatformInfo: cl_api_clGetPlatformInfo
    let clGetDeviceIDs: cl_api_clGetDeviceIDs
    let clGetDeviceInfo: cl_api_clGetDeviceInfo
    let clCreateContext: cl_api_clCreateContext
    let clReleaseContext: cl_api_clReleaseContext
    let clCreateCommandQueue: cl_api_clCreateCommandQueue
    let clReleaseCommandQueue: cl_api_clReleaseCommandQueue
    let clCreateBuffer: cl_api_clCreateBuffer
    let clReleaseMemObject: cl_api_clReleaseMemObject
    let clCreateProgramWithSource: cl_api_clCreateProgramWithSource
    let clBuildProgram: cl_api_clBuildProgram
    let clGetProgramBuildInfo: cl_api_clGetProgramBuildInfo
    let clReleaseProgram: cl_api_clReleaseProgram
    let clCreateKernel: cl_api_clCreateKernel
    let clSetKernelArg: cl_api_clSetKernelArg
    let clReleaseKernel: cl_api_clReleaseKernel
    let clEnqueueMapBuffer: cl_api_clEnqueueMapBuffer
    let clEnqueueUnmapMemObject: cl_api_clEnqueueUnmapMemObject
    let clEnqueueNDRangeKernel: cl_api_clEnqueueNDRangeKernel
    let clFlush: cl_api_clFlush
    let clFinish: cl_api_clFinish
    let clWaitForEvents: cl_api_clWaitForEvents
    let clGetEventProfilingInfo: cl_api_clGetEventProfilingInfo
    let clReleaseEvent: cl_api_clReleaseEvent

    /// Looks every entry point up with `symbol` (a `dlsym` on the opened library).
    ///
    /// - Throws: the name of the first entry point that `symbol` does not find.
    init(symbol: (String) -> UnsafeMutableRawPointer?) throws(CLAPIMissingSymbol) {
        func find<F>(_ name: String, as type: F.Type) throws(CLAPIMissingSymbol) -> F {
            guard let address = symbol(name) else { throw CLAPIMissingSymbol(name: name) }
            return unsafeBitCast(address, to: type)
        }
        clGetPlatformIDs = try find("clGetPlatformIDs", as: cl_api_clGetPlatformIDs.self)
        clGetPlatformInfo = try find("clGetPlatformInfo", as: cl_api_clGetPlatformInfo.self)
        clGetDeviceIDs = try find("clGetDeviceIDs", as: cl_api_clGetDeviceIDs.self)
        clGetDeviceInfo = try find("clGetDeviceInfo", as: cl_api_clGetDeviceInfo.self)
        clCreateContext = try find("clCreateContext", as: cl_api_clCreateContext.self)
        clReleaseContext = try find("clReleaseContext", as: cl_api_clReleaseContext.self)
        clCreateCommandQueue = try find("clCreateCommandQueue", as: cl_api_clCreateCommandQueue.self)
        clReleaseCommandQueue = try find("clReleaseCommandQueue", as: cl_api_clReleaseCommandQueue.self)
        clCreateBuffer = try find("clCreateBuffer", as: cl_api_clCreateBuffer.self)
        clReleaseMemObject = try find("clReleaseMemObject", as: cl_api_clReleaseMemObject.self)
        clCreateProgramWithSource = try find("clCreateProgramWithSource", as: cl_api_clCreateProgramWithSource.self)
        clBuildProgram = try find("clBuildProgram", as: cl_api_clBuildProgram.self)
        clGetProgramBuildInfo = try find("clGetProgramBuildInfo", as: cl_api_clGetProgramBuildInfo.self)
        clReleaseProgram = try find("clReleaseProgram", as: cl_api_clReleaseProgram.self)
        clCreateKernel = try find("clCreateKernel", as: cl_api_clCreateKernel.self)
        clSetKernelArg = try find("clSetKernelArg", as: cl_api_clSetKernelArg.self)
        clReleaseKernel = try find("clReleaseKernel", as: cl_api_clReleaseKernel.self)
        clEnqueueMapBuffer = try find("clEnqueueMapBuffer", as: cl_api_clEnqueueMapBuffer.self)
        clEnqueueUnmapMemObject = try find("clEnqueueUnmapMemObject", as: cl_api_clEnqueueUnmapMemObject.self)
        clEnqueueNDRangeKernel = try find("clEnqueueNDRangeKernel", as: cl_api_clEnqueueNDRangeKernel.self)
        clFlush = try find("clFlush", as: cl_api_clFlush.self)
        clFinish = try find("clFinish", as: cl_api_clFinish.self)
        clWaitForEvents = try find("clWaitForEvents", as: cl_api_clWaitForEvents.self)
        clGetEventProfilingInfo = try find("clGetEventProfilingInfo", as: cl_api_clGetEventProfilingInfo.self)
        clReleaseEvent = try find("clReleaseEvent", as: cl_api_clReleaseEvent.self)
    }
}

/// An OpenCL entry point the opened library does not export.
struct CLAPIMissingSymbol: Error {
    let name: String
}
