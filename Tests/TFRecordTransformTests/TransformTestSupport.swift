import Foundation
import TFRecordTransform
import Testing

/// Runs `executor` on `rows` images of `input`; the output starts as NaNs so that an
/// unwritten element cannot pass for a written one.
func run(_ executor: TransformExecutor, _ input: [UInt8], rows: Int) throws -> [Float] {
    var output = [Float](repeating: .nan, count: executor.transform.outputCount(rows: rows))
    try input.withUnsafeBufferPointer { input in
        try output.withUnsafeMutableBufferPointer { output in
            try executor.apply(input, rows: rows, into: output)
        }
    }
    return output
}

/// Records an issue naming the first element whose bits differ; true when all are identical.
@discardableResult
func expectBitIdentical(
    _ actual: [Float], _ expected: [Float], _ what: String, sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
    guard actual.count == expected.count else {
        Issue.record("\(what): \(actual.count) floats instead of \(expected.count)", sourceLocation: sourceLocation)
        return false
    }
    // memcmp first: comparing element by element in a debug build costs seconds per 10 000 images.
    let same = actual.withUnsafeBytes { a in
        expected.withUnsafeBytes { e in a.isEmpty || memcmp(a.baseAddress!, e.baseAddress!, a.count) == 0 }
    }
    if same { return true }
    let i = expected.indices.first { actual[$0].bitPattern != expected[$0].bitPattern }!
    let got = "\(actual[i]) (0x\(String(actual[i].bitPattern, radix: 16)))"
    let want = "\(expected[i]) (0x\(String(expected[i].bitPattern, radix: 16)))"
    Issue.record("\(what): element \(i) is \(got), expected \(want)", sourceLocation: sourceLocation)
    return false
}

/// Whether the OpenCL tests can run here. Without a usable device this records a failure,
/// unless TFREC_ALLOW_NO_OPENCL=1, in which case it records a known issue with the reason: the
/// OpenCL tests are never skipped silently.
func openCLAvailable(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
    let discovery = OpenCLDevices.discover()
    if discovery.devices.contains(where: \.isUsable) { return true }
    let reason = discovery.problem ?? "no usable OpenCL device (\(discovery.devices.map(\.description)))"
    if ProcessInfo.processInfo.environment["TFREC_ALLOW_NO_OPENCL"] == "1" {
        withKnownIssue("OpenCL part not run: \(reason) (TFREC_ALLOW_NO_OPENCL=1)") {
            Issue.record("no OpenCL device: \(reason)", sourceLocation: sourceLocation)
        }
    } else {
        let message =
            "no OpenCL device: \(reason). Install pocl-opencl-icd (a CPU device), or set "
            + "TFREC_ALLOW_NO_OPENCL=1 to run without the OpenCL checks"
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
    return false
}
