// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "swift-tfrecord",
    products: [
        .library(name: "TFRecord", targets: ["TFRecord"]),
        .library(name: "TFRecordShards", targets: ["TFRecordShards"]),
        .library(name: "TFRecordSources", targets: ["TFRecordSources"]),
        .library(name: "TFRecordConversion", targets: ["TFRecordConversion"]),
        .library(name: "TFRecordTools", targets: ["TFRecordTools"]),
        .library(name: "TFRecordSynth", targets: ["TFRecordSynth"]),
        .library(name: "TFRecordTransform", targets: ["TFRecordTransform"]),
        .library(name: "TFRecordImages", targets: ["TFRecordImages"]),
        .library(name: "TFRecordPixels", targets: ["TFRecordPixels"]),
        .executable(name: "tfrec", targets: ["tfrec"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // C hot core: CRC32C and CSV row parsing, scalar reference + runtime-dispatched SIMD.
        .target(name: "CTFRecordAccel"),
        // OpenSSL's libcrypto, for the SHA-256 digests in manifest.json.
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // The OpenCL headers only: tfrec does not link the ICD loader but opens libOpenCL.so.1
        // at run time (TFRecordTransform's CLLibrary), so that it runs where there is none.
        // Devices come from ICDs such as PoCL.
        .systemLibrary(
            name: "COpenCL",
            providers: [.apt(["opencl-headers"])]
        ),
        // OpenCL C sources, embedded in the binary (no files to find at run time).
        .target(
            name: "Kernels",
            path: "Kernels",
            exclude: ["README.md"],
            resources: [.embedInCode("normalize.cl")]
        ),
        // The pixel model: an image's shape, the layout and normalization of its values, and
        // how a record stores them (PixelEncoding). Plain values without dependencies, so that
        // the codecs, the transform, sharded output and the tools share one definition.
        .target(name: "TFRecordPixels"),
        // Pixel transforms (normalize, reshape) with scalar, SIMD and OpenCL engines.
        .target(
            name: "TFRecordTransform",
            dependencies: ["TFRecordPixels", "COpenCL", "Kernels", "CTFRecordAccel"]
        ),
        // libjpeg-turbo's TurboJPEG API (JPEG encode/decode).
        .systemLibrary(
            name: "CTurboJPEG",
            pkgConfig: "libturbojpeg",
            providers: [.apt(["libturbojpeg0-dev"])]
        ),
        // zlib: GZIP/ZLIB-compressed records (as TFRecordOptions writes them) and .gz inputs.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // libzip: the members of zip archives (NumPy .npz), stored or deflated, zip64 included.
        .systemLibrary(
            name: "CZip",
            pkgConfig: "libzip",
            providers: [.apt(["libzip-dev"])]
        ),
        // libpng (PNG encode/decode).
        .systemLibrary(
            name: "CPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        // giflib (GIF decoding: the first frame), as TensorFlow's decode_gif uses.
        .systemLibrary(
            name: "CGIF",
            pkgConfig: "libgif",
            providers: [.apt(["libgif-dev"])]
        ),
        // stb_image from Debian's libstb (shared library + headers): BMP decoding only.
        .systemLibrary(
            name: "CStbImage",
            pkgConfig: "stb",
            providers: [.apt(["libstb-dev"])]
        ),
        // Image codecs (JPEG, PNG, GIF and BMP decoding), training-image preparation (content
        // detection, CMYK conversion, scaled decoding and area resizing), image folders, contact sheets.
        // CTFRecordAccel: the area (box) filter.
        .target(
            name: "TFRecordImages",
            dependencies: ["CTurboJPEG", "CPNG", "CGIF", "CStbImage", "CTFRecordAccel", "TFRecord", "TFRecordPixels"]
        ),
        // Record framing, CRC, the tf.train.Example model, reader and writer; the helpers every
        // module shares (CancellationFlag, WorkQueue, SeededGenerator).
        .target(
            name: "TFRecord",
            dependencies: [
                "CTFRecordAccel",
                "CZlib",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        // Sharded output: shard files and their names, the output directory (lock, resume
        // journal, atomic files), manifest.json with SHA-256 digests, index files.
        .target(
            name: "TFRecordShards",
            // TFRecordPixels: PixelEncoding's feature kind and manifest entry.
            dependencies: ["TFRecord", "TFRecordPixels", "CLibCrypto"]
        ),
        // Record sources: CSV (layout, chunking, row parser), arrays (.npy, IDX), image folder
        // listings, input paths and the shuffle's permutation and row index.
        .target(
            name: "TFRecordSources",
            // CZlib: gzip-compressed array inputs (IDX .gz); CZip: .npz archives.
            dependencies: ["TFRecord", "TFRecordShards", "CTFRecordAccel", "CZlib", "CZip"]
        ),
        // The conversion engine: record sources into shards on every thread (CSV, arrays,
        // image folders), row and image encoders, and the CSV image export.
        .target(
            name: "TFRecordConversion",
            dependencies: [
                "TFRecord", "TFRecordShards", "TFRecordSources", "TFRecordPixels", "TFRecordTransform", "TFRecordImages",
                "CTFRecordAccel",
            ]
        ),
        // Tools that read shards: verify, salvage, inspect, dump, index, image decoding and
        // sampling for preview and export.
        .target(
            name: "TFRecordTools",
            // TFRecordSources: NPYHeader, for dump --format npy.
            dependencies: ["TFRecord", "TFRecordShards", "TFRecordSources", "TFRecordPixels", "TFRecordImages"]
        ),
        // Synthetic MNIST-like digits and CSV files of them, for demos, tests and benchmarks.
        .target(
            name: "TFRecordSynth",
            dependencies: ["TFRecord"]
        ),
        // The command-line tool: argument parsing and printing only.
        .executableTarget(
            name: "tfrec",
            dependencies: [
                "TFRecordConversion",
                "TFRecordShards",
                "TFRecordSources",
                "TFRecordTools",
                "TFRecordSynth",
                "TFRecord",
                "TFRecordPixels",
                "TFRecordTransform",
                "TFRecordImages",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What the test targets share: the seeded SplitMix64 generator, .npy bytes and zip
        // archives written with libzip.
        .target(name: "TFRecordTestSupport", dependencies: ["CZip"], path: "Tests/TestSupport"),
        .testTarget(name: "CTFRecordAccelTests", dependencies: ["CTFRecordAccel", "TFRecordTestSupport"]),
        .testTarget(
            name: "TFRecordTests",
            // CZlib: zlib's own one-shot deflate and inflate, the reference for compressed files.
            dependencies: [
                "TFRecord", "CZlib", "TFRecordTestSupport", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        // The library modules' tests: sources, sharding, conversion, tools, synth.
        .testTarget(
            name: "TFRecordPipelineTests",
            dependencies: [
                "TFRecordConversion", "TFRecordShards", "TFRecordSources", "TFRecordTools", "TFRecordSynth", "TFRecord",
                "TFRecordImages", "TFRecordPixels", "TFRecordTestSupport", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        .testTarget(name: "TFRecordPixelsTests", dependencies: ["TFRecordPixels"]),
        .testTarget(name: "TFRecordTransformTests", dependencies: ["TFRecordTransform", "TFRecordPixels", "TFRecordTestSupport"]),
        // CTurboJPEG: test inputs the library never writes (progressive and YCCK JPEGs).
        .testTarget(name: "TFRecordImagesTests", dependencies: ["TFRecordImages", "TFRecordPixels", "TFRecord", "TFRecordTestSupport", "CTurboJPEG"]),
        // TFRecordConversion: ProgressLineTests build ConversionProgress and ConversionSummary values;
        // TFRecordImages: BenchCLITests decode the chart of `tfrec bench --plot`.
        // Golden/: the pinned shard digests, read by path (GoldenShardTests), not a bundle resource.
        .testTarget(
            name: "tfrecTests", dependencies: ["tfrec", "TFRecordConversion", "TFRecordImages", "TFRecordTestSupport"], exclude: ["Golden"]),
    ]
)
