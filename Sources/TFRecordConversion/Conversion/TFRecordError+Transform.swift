import TFRecord
import TFRecordTransform

extension TFRecordError {
    /// A pixel transform's error as a conversion reports it: no OpenCL device for the OpenCL
    /// engine is a usage error of that setting; other invalid arguments are usage errors,
    /// OpenCL failures I/O errors.
    init(transform error: TransformError) {
        if error.code == .deviceUnavailable {
            self.init(.usage, "\(setting: .transformEngine, "opencl"): \(error.message)")
        } else {
            self.init(error.isUsage ? .usage : .io, error.message)
        }
    }
}
