import Foundation
import Testing

@testable import TFRecordTransform

/// The OpenCL ICD loader opened at run time: found, missing, or a library without the API.
@Suite("OpenCL library loading")
struct CLLibraryTests {
    /// scripts/test installs ocl-icd-libopencl1 (with PoCL): the default name opens and every
    /// entry point resolves.
    @Test func theSystemLoaderOpens() throws {
        let api = try CLLibrary.load(name: CLLibrary.defaultName).get()
        var count: UInt32 = 0
        // Any status but a crash is fine here; PoCL registers one platform.
        let status = api.clGetPlatformIDs(0, nil, &count)
        #expect(status == 0 || status == clPlatformNotFound)
    }

    @Test func aMissingLoaderIsAReasonNotACrash() {
        let result = CLLibrary.load(name: "/nonexistent/libOpenCL.so.1")
        guard case .failure(let failure) = result else {
            Issue.record("a missing library loaded")
            return
        }
        #expect(failure.library == "/nonexistent/libOpenCL.so.1")
        #expect(failure.reason.contains("No such file or directory"))
        #expect(failure.description.contains("the CPU engines work without it"))
    }

    /// zlib is a real library without the OpenCL API: the first missing entry point is named.
    @Test func aLibraryWithoutTheAPINamesTheMissingEntryPoint() {
        guard case .failure(let failure) = CLLibrary.load(name: "libz.so.1") else {
            Issue.record("libz.so.1 passed for an OpenCL loader")
            return
        }
        #expect(failure.reason == "it has no clGetPlatformIDs")
    }
}
