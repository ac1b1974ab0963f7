#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The OpenCL ICD loader, opened with `dlopen` on first use rather than linked, so that tfrec
/// starts and runs on the CPU engines on machines without it (a relocatable build, a container
/// with no OpenCL driver).
///
/// The library is `libOpenCL.so.1` (Debian's `ocl-icd-libopencl1`, or a GPU vendor's loader),
/// found the way the dynamic linker finds libraries (`LD_LIBRARY_PATH`, the `ldconfig`
/// cache); the environment variable `TFREC_OPENCL_LIBRARY` names another file or name
/// instead (a loader outside the search path, or a missing one to try the CPU-only path).
enum CLLibrary {
    /// The library name tried when `TFREC_OPENCL_LIBRARY` is not set.
    static let defaultName = "libOpenCL.so.1"

    /// The entry points, or why there are none; loaded once per process (thread-safe:
    /// Swift initializes a static `let` once).
    static let api: Result<CLAPI, CLLoadFailure> = load(name: requestedName)

    /// `TFREC_OPENCL_LIBRARY`, or ``defaultName``.
    static var requestedName: String {
        if let name = getenv("TFREC_OPENCL_LIBRARY"), name.pointee != 0 { return String(cString: name) }
        return defaultName
    }

    /// Opens `name` and looks up every entry point of ``CLAPI``. The handle is never closed:
    /// the function pointers live as long as the process.
    static func load(name: String) -> Result<CLAPI, CLLoadFailure> {
        guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else {
            return .failure(CLLoadFailure(library: name, reason: lastError() ?? "not found"))
        }
        do {
            return .success(try CLAPI { symbol in dlsym(handle, symbol) })
        } catch {
            dlclose(handle)
            return .failure(CLLoadFailure(library: name, reason: "it has no \(error.name)"))
        }
    }

    /// `dlerror()`'s message, if there is one.
    private static func lastError() -> String? {
        guard let text = dlerror() else { return nil }
        return String(cString: text)
    }
}

/// The OpenCL library could not be opened or lacks an entry point.
struct CLLoadFailure: Error, CustomStringConvertible {
    /// The name or path given to `dlopen`.
    let library: String
    /// `dlerror()`'s message, or the missing entry point.
    let reason: String

    var description: String {
        "the OpenCL ICD loader \(library) cannot be loaded (\(reason)); install it (Debian: "
            + "ocl-icd-libopencl1) and a driver (e.g. pocl-opencl-icd, a CPU device) to use OpenCL; "
            + "the CPU engines work without it"
    }
}
