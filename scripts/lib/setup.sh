# Shared set-up for scripts/demo, scripts/test and scripts/bench. Source it; it defines:
#   ensure_system_packages PKG...  apt-get install the Debian packages not yet installed
#   ensure_python_env PKG...       a venv ($TFREC_VENV) holding the Python packages
#   build_release                  release build of tfrec; sets $TFREC
#   reference_dir                  prints the path of shared/reference (the oracle)
# Everything is idempotent and quick when already done.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TFREC_VENV=${TFREC_VENV:-$HOME/.cache/swift-tfrecord/venv}

log() { printf '==> %s\n' "$*" >&2; }

# System libraries the package links (see Package.swift's systemLibrary providers); OpenCL is
# headers only (tfrec opens the ICD loader libOpenCL.so.1 at run time).
BUILD_PACKAGES=(pkg-config zlib1g-dev libssl-dev libturbojpeg0-dev libpng-dev libgif-dev libstb-dev libzip-dev opencl-headers)
# Run-time packages the tests need: the OpenCL ICD loader, and PoCL for a CPU OpenCL device;
# GNU parallel runs the tasks of a plan in the scale-out interop tests.
TEST_PACKAGES=(ocl-icd-libopencl1 pocl-opencl-icd clinfo parallel)
# scripts/package: patchelf sets the relative RUNPATH of the relocatable build.
PACKAGE_PACKAGES=(patchelf python3-venv)
# scripts/package: the wheel's build backend, the PEP 517 front end, auditwheel, `wheel tags`.
PACKAGE_PYTHON_PACKAGES=(build=build hatchling=hatchling auditwheel=auditwheel wheel=wheel)
# Libraries a relocatable tfrec may take from the machine it runs on (glibc, the GCC run-time
# libraries, the kernel's vDSO): every Linux system has them. Everything else is bundled.
BASE_SYSTEM_LIBRARIES=(linux-vdso.so.1 ld-linux-x86-64.so.2 ld-linux-aarch64.so.1 libc.so.6 libm.so.6
    libpthread.so.0 libdl.so.2 librt.so.1 libutil.so.1 libstdc++.so.6 libgcc_s.so.1)

ensure_system_packages() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        echo "error: swift is not on PATH; install the Swift 6.1+ toolchain (https://swift.org/install)" >&2
        exit 3
    fi
}

# ensure_python_env MODULE=PIP_NAME ...: installs what does not import yet.
ensure_python_env() {
    if [ ! -x "$TFREC_VENV/bin/python" ]; then
        log "creating Python venv $TFREC_VENV"
        mkdir -p "$(dirname "$TFREC_VENV")"
        python3 -m venv "$TFREC_VENV" || { ensure_system_packages python3-venv && python3 -m venv "$TFREC_VENV"; }
    fi
    local missing=()
    for spec in "$@"; do
        "$TFREC_VENV/bin/python" -c "import ${spec%%=*}" >/dev/null 2>&1 || missing+=("${spec#*=}")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing Python packages: ${missing[*]}"
    "$TFREC_VENV/bin/pip" install -q --disable-pip-version-check "${missing[@]}"
}

PYTHON_TEST_PACKAGES=(tensorflow=tensorflow-cpu numpy=numpy pandas=pandas PIL=pillow pytest=pytest google_crc32c=google-crc32c tfrecord=tfrecord 'distributed=dask[distributed]' tensorflow_datasets=tensorflow-datasets)

build_release() {
    ensure_swift
    log "building tfrec (release)"
    # The Swift standard library and Foundation linked in: half the start-up time (no
    # relocations of libswiftCore/libFoundation), about 10 ms of a 150 ms seed job.
    (cd "$ROOT" && swift build -c release --product tfrec --static-swift-stdlib 2>&1 \
        | grep -E "error|warning: |Compiling|Build complete" | grep -v -e "^\[" -e "use of .mktemp. is dangerous" >&2 || true)
    TFREC="$ROOT/.build/release/tfrec"
    [ -x "$TFREC" ] || { echo "error: release build failed" >&2; exit 1; }
    export TFREC
}

reference_dir() {
    for dir in "$ROOT/../shared/reference" "$ROOT/shared/reference"; do
        [ -f "$dir/reference_pipeline.py" ] && { (cd "$dir" && pwd); return 0; }
    done
    echo "error: ../shared/reference/reference_pipeline.py not found beside the checkout" >&2
    return 1
}
