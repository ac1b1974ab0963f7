// swift-tools-version:6.1
// Benchmarks for swift-tfrecord (ordo-one/package-benchmark), a package of its own so that
// the library's users and CI do not build the benchmark tooling.
//
//   cd Benchmarks && swift package --disable-sandbox benchmark
//   swift package benchmark --filter "CRC32C.*"
import PackageDescription

let package = Package(
    name: "swift-tfrecord-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        // Named explicitly: a path dependency is otherwise known by its folder name.
        .package(name: "swift-tfrecord", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "CRC32CBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TFRecord", package: "swift-tfrecord"),
            ],
            path: "Benchmarks/CRC32C",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "CSVParsingBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TFRecordSources", package: "swift-tfrecord"),
                .product(name: "TFRecordSynth", package: "swift-tfrecord"),
            ],
            path: "Benchmarks/CSVParsing",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "TransformBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TFRecordTransform", package: "swift-tfrecord"),
            ],
            path: "Benchmarks/Transform",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ConversionBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TFRecord", package: "swift-tfrecord"),
                .product(name: "TFRecordConversion", package: "swift-tfrecord"),
                .product(name: "TFRecordSources", package: "swift-tfrecord"),
                .product(name: "TFRecordSynth", package: "swift-tfrecord"),
            ],
            path: "Benchmarks/Conversion",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
