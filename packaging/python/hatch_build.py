"""Adds the relocatable tfrec build to the wheel and marks the wheel as platform-specific.

scripts/package stages the build in $TFREC_STAGE:
    bin/tfrec            the executable, RUNPATH $ORIGIN/../lib/tfrec
    lib/tfrec/*.so.*     the C libraries it links (libturbojpeg, libpng, libz, libcrypto)
The executable becomes a wheel script ({name}.data/scripts/tfrec: pip installs it into the
environment's bin/), the libraries wheel data ({name}.data/data/lib/tfrec/: pip installs them
into the environment's lib/tfrec/), so the RUNPATH finds them in every installation scheme
(venv, --user, --prefix). The platform tag comes from $TFREC_WHEEL_PLATFORM (scripts/package
takes it from `auditwheel show`).
"""

import os

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class TFRecBuildHook(BuildHookInterface):
    def initialize(self, version, build_data):
        stage = os.environ.get("TFREC_STAGE")
        platform = os.environ.get("TFREC_WHEEL_PLATFORM")
        if not stage or not platform:
            raise RuntimeError("build the tfrec wheel with scripts/package (TFREC_STAGE and TFREC_WHEEL_PLATFORM unset)")
        executable = os.path.join(stage, "bin", "tfrec")
        libraries = os.path.join(stage, "lib", "tfrec")
        if not os.access(executable, os.X_OK):
            raise RuntimeError(f"{executable}: no executable; run scripts/package")
        build_data["pure_python"] = False
        build_data["tag"] = f"py3-none-{platform}"
        build_data["shared_scripts"][executable] = "tfrec"
        for name in sorted(os.listdir(libraries)):
            build_data["shared_data"][os.path.join(libraries, name)] = f"lib/tfrec/{name}"
