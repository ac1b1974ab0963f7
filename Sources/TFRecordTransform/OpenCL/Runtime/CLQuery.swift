internal import COpenCL

/// The `clGet…Info` and `clGet…IDs` queries, as Swift values, through the loaded entry points.
struct CLQuery {
    let api: CLAPI

    /// Every platform the ICD loader knows (`clGetPlatformIDs`); none when no driver is registered.
    func platforms() throws(CLFailure) -> [cl_platform_id] {
        var count: cl_uint = 0
        let status = api.clGetPlatformIDs(0, nil, &count)
        if status == clPlatformNotFound || (status == CL_SUCCESS && count == 0) { return [] }
        try clCheck(status, "clGetPlatformIDs")
        var ids = [cl_platform_id?](repeating: nil, count: Int(count))
        try clCheck(api.clGetPlatformIDs(count, &ids, nil), "clGetPlatformIDs")
        return ids.compactMap { $0 }
    }

    /// Every device of `platform` (`clGetDeviceIDs`, all types); none for `CL_DEVICE_NOT_FOUND`.
    func devices(of platform: cl_platform_id) throws(CLFailure) -> [cl_device_id] {
        var count: cl_uint = 0
        let all = cl_device_type(CL_DEVICE_TYPE_ALL)
        let status = api.clGetDeviceIDs(platform, all, 0, nil, &count)
        if status == CL_DEVICE_NOT_FOUND || (status == CL_SUCCESS && count == 0) { return [] }
        try clCheck(status, "clGetDeviceIDs")
        var ids = [cl_device_id?](repeating: nil, count: Int(count))
        try clCheck(api.clGetDeviceIDs(platform, all, count, &ids, nil), "clGetDeviceIDs")
        return ids.compactMap { $0 }
    }

    /// A string property of a platform (`clGetPlatformInfo`), "" if the query fails.
    func platformString(_ platform: cl_platform_id, _ parameter: Int32) -> String {
        var size = 0
        guard api.clGetPlatformInfo(platform, cl_platform_info(parameter), 0, nil, &size) == CL_SUCCESS, size > 0 else {
            return ""
        }
        var bytes = [CChar](repeating: 0, count: size + 1)
        guard api.clGetPlatformInfo(platform, cl_platform_info(parameter), size, &bytes, nil) == CL_SUCCESS else {
            return ""
        }
        return trimmed(bytes)
    }

    /// A string property of a device (`clGetDeviceInfo`), "" if the query fails.
    func deviceString(_ device: cl_device_id, _ parameter: Int32) -> String {
        var size = 0
        guard api.clGetDeviceInfo(device, cl_device_info(parameter), 0, nil, &size) == CL_SUCCESS, size > 0 else {
            return ""
        }
        var bytes = [CChar](repeating: 0, count: size + 1)
        guard api.clGetDeviceInfo(device, cl_device_info(parameter), size, &bytes, nil) == CL_SUCCESS else { return "" }
        return trimmed(bytes)
    }

    /// A fixed-size property of a device (`clGetDeviceInfo`): cl_uint, cl_ulong, cl_bool,
    /// cl_bitfield; 0 if the query fails.
    func value<T: FixedWidthInteger>(_ device: cl_device_id, _ parameter: Int32, as type: T.Type) -> T {
        var value: T = 0
        guard api.clGetDeviceInfo(device, cl_device_info(parameter), MemoryLayout<T>.size, &value, nil) == CL_SUCCESS
        else { return 0 }
        return value
    }

    private func trimmed(_ bytes: [CChar]) -> String {
        let end = bytes.firstIndex(of: 0) ?? bytes.count
        let text = String(decoding: bytes[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
