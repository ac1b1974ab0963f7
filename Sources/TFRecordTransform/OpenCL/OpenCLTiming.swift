/// Where the time of the OpenCL engine went, summed over ``TransformExecutor/apply(_:rows:into:)`` calls.
///
/// Device times come from profiling events (`CL_QUEUE_PROFILING_ENABLE`,
/// `CL_PROFILING_COMMAND_START`…`END`); host times from the host clock. With double
/// buffering the parts overlap, so they may add up to more than ``wall``.
public struct OpenCLTiming: Sendable, Hashable {
    /// Kernel launches (each covers up to the executor's images-per-launch).
    public var launches = 0
    /// Images transformed.
    public var images = 0
    /// Device time of the host→device commands: mapping the input buffers for writing and
    /// unmapping them (a DMA on a discrete GPU, next to nothing on a CPU device).
    public var upload: Duration = .zero
    /// Device time of the device→host commands: mapping the output buffers for reading and
    /// unmapping them.
    public var download: Duration = .zero
    /// Host time spent copying the caller's input into the mapped (pinned) buffers and the
    /// results out of them: on a device that shares host memory (PoCL, integrated GPUs) this
    /// is the real cost of the transfers.
    public var hostCopies: Duration = .zero
    /// Device time of the kernel launches.
    public var kernel: Duration = .zero
    /// Host time of the whole `apply` calls.
    public var wall: Duration = .zero

    /// Everything spent on moving data: `upload + download + hostCopies`.
    public var transfer: Duration { upload + download + hostCopies }

    public init() {}
}
