// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "swift-tfrecord",
    products: [
        .library(name: "TFRecord", targets: ["TFRecord"]),
        .library(name: "TFRecordPipeline", targets: ["TFRecordPipeline"]),
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
        // Record framing, CRC, the tf.train.Example model, reader and writer.
        .target(
            name: "TFRecord",
            dependencies: [
                "CTFRecordAccel",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        // Sources, encoders, sharding and the multithreaded conversion pipeline.
        .target(
            name: "TFRecordPipeline",
            dependencies: ["TFRecord", "CTFRecordAccel", "CLibCrypto"]
        ),
        // The command-line tool: argument parsing and printing only.
        .executableTarget(
            name: "tfrec",
            dependencies: [
                "TFRecordPipeline",
                "TFRecord",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CTFRecordAccelTests", dependencies: ["CTFRecordAccel"]),
        .testTarget(
            name: "TFRecordTests",
            dependencies: ["TFRecord", .product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        .testTarget(
            name: "TFRecordPipelineTests",
            dependencies: ["TFRecordPipeline", "TFRecord", .product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        .testTarget(name: "tfrecTests", dependencies: ["tfrec"]),
    ]
)
