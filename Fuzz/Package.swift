// swift-tools-version:6.1
// libFuzzer targets for swift-tfrecord, a package of its own so that the library's users and
// its regular builds never compile them. Built and run by scripts/fuzz, which adds the
// sanitizer flags (no unsafeFlags here); the C targets live in C/ and are built with clang.
//
//   scripts/fuzz record_reader 60
//   scripts/fuzz --all 30
import PackageDescription

let package = Package(
    name: "swift-tfrecord-fuzz",
    dependencies: [
        // Named explicitly: a path dependency is otherwise known by its folder name.
        .package(name: "swift-tfrecord", path: ".."),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // `record_reader`: bytes as a TFRecord file through RecordReader, every record through
        // swift-protobuf and the decoders behind `tfrec inspect` and `tfrec dump`.
        .executableTarget(
            name: "FuzzRecordReader",
            dependencies: [
                .product(name: "TFRecord", package: "swift-tfrecord"),
                .product(name: "TFRecordShards", package: "swift-tfrecord"),
                .product(name: "TFRecordTools", package: "swift-tfrecord"),
                .product(name: "TFRecordPixels", package: "swift-tfrecord"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        // `image_decoders`: bytes into the JPEG and PNG decoders.
        .executableTarget(
            name: "FuzzImageDecoders",
            dependencies: ["FuzzFeedback", .product(name: "TFRecordImages", package: "swift-tfrecord")]
        ),
        // libFuzzer extra counters: feedback from the uninstrumented system image libraries.
        .target(name: "FuzzFeedback"),
    ]
)
