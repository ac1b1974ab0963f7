# tfrec on a slim Debian, for Kubernetes jobs and other nodes without Swift or -dev packages.
# It takes the relocatable build of scripts/package (the Swift run time linked in, its C
# libraries beside it), so build that first:
#   scripts/package
#   docker build -t tfrec .                     # CPU engines only
#   docker build -t tfrec --build-arg OPENCL=1 .  # + the OpenCL ICD loader and PoCL (a CPU device)
#   docker run --rm -v "$PWD:/data" -w /data tfrec convert sample.csv -o tfrecord/
# A GPU needs its vendor's OpenCL ICD in the image (or mounted by the device plugin) instead of PoCL.
FROM debian:bookworm-slim

ARG OPENCL=0
RUN if [ "$OPENCL" = 1 ]; then \
        apt-get update \
        && apt-get install -y --no-install-recommends ocl-icd-libopencl1 pocl-opencl-icd \
        && rm -rf /var/lib/apt/lists/*; \
    fi

# dist/tfrec-<version>-linux-<arch>/: bin/tfrec and lib/tfrec/ (see scripts/package).
COPY dist/tfrec-*-linux-*/ /opt/tfrec/
RUN ln -s /opt/tfrec/bin/tfrec /usr/local/bin/tfrec && tfrec --version && tfrec devices

ENTRYPOINT ["tfrec"]
CMD ["--help"]
