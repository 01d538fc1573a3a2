// swift-tools-version: 6.1
// GlyphLab: an evaluation harness for recognising characters in old books.
import PackageDescription

// MARK: - System libraries (C), each found with pkg-config and installed by apt.

let systemLibraries: [Target] = [
  .systemLibrary(
    name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
    providers: [.apt(["libopenblas-dev"])]),
  .systemLibrary(
    name: "CLAPACKE", path: "Sources/CLAPACKE", pkgConfig: "lapacke",
    providers: [.apt(["liblapacke-dev"])]),
  .systemLibrary(
    name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5",
    providers: [.apt(["libhdf5-dev"])]),
  .systemLibrary(
    name: "CFreeType", path: "Sources/CFreeType", pkgConfig: "freetype2",
    providers: [.apt(["libfreetype-dev"])]),
  .systemLibrary(
    name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
    providers: [.apt(["libpng-dev"])]),
  .systemLibrary(
    name: "CJPEG", path: "Sources/CJPEG", pkgConfig: "libturbojpeg",
    providers: [.apt(["libturbojpeg0-dev"])]),
  .systemLibrary(name: "CBZip2", path: "Sources/CBZip2", providers: [.apt(["libbz2-dev"])]),
  .systemLibrary(
    name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
    providers: [.apt(["zlib1g-dev"])]),
]

// MARK: - GlyphLab's own C: start-up BLAS core selection, and SIMD row scans.

let nativeTargets: [Target] = [
  .target(name: "CGlyphLabRuntime", path: "Sources/CGlyphLabRuntime"),
  .target(name: "CGlyphLabKernels", path: "Sources/CGlyphLabKernels"),
]

// MARK: - Libraries: all logic lives here.

let libraries: [Target] = [
  .target(
    name: "GlyphLabCore",
    dependencies: ["CBLAS", "CLAPACKE", "CGlyphLabRuntime", "CGlyphLabKernels"],
    swiftSettings: [.define("GLYPHLAB_CHECKS", .when(configuration: .debug))]),
  .target(name: "GlyphLabHDF5", dependencies: ["CHDF5"]),
  // The one rule for outputs: real paths, no input overwritten, --overwrite, atomic replacement.
  .target(name: "GlyphLabFiles", dependencies: ["GlyphLabHDF5"]),
  .target(name: "GlyphLabImaging", dependencies: ["CFreeType", "CPNG", "CJPEG", "GlyphLabCore"]),
  .target(name: "GlyphLabConfig", dependencies: [.product(name: "Yams", package: "Yams")]),
  .target(
    name: "GlyphLabDatasets",
    dependencies: [
      "GlyphLabCore", "GlyphLabHDF5", "GlyphLabFiles", "GlyphLabImaging", "GlyphLabConfig", "CBZip2", "CZlib",
      .product(name: "Yams", package: "Yams"),
    ]),
  .target(name: "GlyphLabStrategies", dependencies: ["GlyphLabCore"]),
  .target(
    name: "GlyphLabPipeline",
    dependencies: ["GlyphLabCore", "GlyphLabStrategies", "GlyphLabDatasets", "GlyphLabDetection"]),
  .target(name: "GlyphLabNetworks", dependencies: ["GlyphLabCore", "GlyphLabHDF5"]),
  .target(
    name: "GlyphLabBench",
    dependencies: ["GlyphLabCore", "GlyphLabHDF5", "GlyphLabFiles", "GlyphLabStrategies", "GlyphLabNetworks"]),
  // The run log, defined once: its layout, records, reader and writer (docs/run-log.md).
  .target(
    name: "GlyphLabRunLog",
    dependencies: [
      "GlyphLabCore", "GlyphLabHDF5", "GlyphLabFiles", .product(name: "Crypto", package: "swift-crypto"),
    ]),
  // Reports read only the log (GlyphLabRunLog), never the runner.
  .target(
    name: "GlyphLabReports",
    dependencies: [
      "GlyphLabCore", "GlyphLabHDF5", "GlyphLabFiles", "GlyphLabImaging", "GlyphLabRunLog",
      .product(name: "Yams", package: "Yams"),
    ]),
  .target(
    name: "GlyphLabRunner",
    dependencies: [
      "GlyphLabCore", "GlyphLabConfig", "GlyphLabHDF5", "GlyphLabFiles", "GlyphLabRunLog", "GlyphLabDatasets",
      "GlyphLabStrategies", "GlyphLabPipeline", "GlyphLabDetection", "GlyphLabTraining", "GlyphLabNetworks",
    ]),
  .target(
    name: "GlyphLabDetection",
    dependencies: ["GlyphLabCore", "GlyphLabImaging", "GlyphLabDatasets", "GlyphLabNetworks"]),
  .target(
    name: "GlyphLabTraining",
    dependencies: [
      "GlyphLabCore", "GlyphLabConfig", "GlyphLabDatasets", "GlyphLabFiles", "GlyphLabHDF5", "GlyphLabNetworks",
      "GlyphLabStrategies", "GlyphLabPipeline",
    ]),
  // A person in the loop: the annotation session, its web server and page, and calibration.
  .target(
    name: "GlyphLabAnnotation",
    dependencies: [
      "GlyphLabCore", "GlyphLabConfig", "GlyphLabHDF5", "GlyphLabFiles", "GlyphLabPipeline", "GlyphLabRunLog",
      "GlyphLabRunner", "GlyphLabDatasets", "GlyphLabDetection", "GlyphLabImaging", "CGlyphLabRuntime",
      .product(name: "Hummingbird", package: "hummingbird"),
      .product(name: "Yams", package: "Yams"),
    ],
    resources: [.copy("Page")]),
  .target(
    name: "GlyphLabCommands",
    dependencies: [
      "GlyphLabCore", "GlyphLabHDF5", "GlyphLabFiles", "GlyphLabImaging", "GlyphLabDatasets", "GlyphLabStrategies",
      "GlyphLabBench", "GlyphLabReports", "GlyphLabRunLog", "GlyphLabRunner", "GlyphLabDetection", "GlyphLabNetworks",
      "GlyphLabTraining", "GlyphLabAnnotation",
      .product(name: "ArgumentParser", package: "swift-argument-parser"),
    ]),
]

// MARK: - Executable: a thin @main over GlyphLabCommands.

let executables: [Target] = [
  .executableTarget(name: "glyphlab", dependencies: ["GlyphLabCommands"])
]

// MARK: - Tests (Swift Testing).

let tests: [Target] = [
  .target(
    name: "GlyphLabTestSupport", dependencies: ["GlyphLabCore"], path: "Tests/GlyphLabTestSupport"),
  .testTarget(name: "GlyphLabCoreTests", dependencies: ["GlyphLabCore", "GlyphLabTestSupport"]),
  .testTarget(name: "GlyphLabHDF5Tests", dependencies: ["GlyphLabHDF5", "GlyphLabTestSupport"]),
  .testTarget(
    name: "GlyphLabFilesTests", dependencies: ["GlyphLabFiles", "GlyphLabHDF5", "GlyphLabTestSupport"]),
  .testTarget(
    name: "GlyphLabImagingTests", dependencies: ["GlyphLabImaging", "GlyphLabTestSupport"]),
  .testTarget(name: "GlyphLabConfigTests", dependencies: ["GlyphLabConfig", "GlyphLabTestSupport"]),
  .testTarget(
    name: "GlyphLabDatasetsTests", dependencies: ["GlyphLabDatasets", "GlyphLabTestSupport"]),
  .testTarget(
    name: "GlyphLabStrategiesTests",
    dependencies: ["GlyphLabStrategies", "GlyphLabImaging", "GlyphLabTestSupport"]),
  .testTarget(
    name: "GlyphLabPipelineTests", dependencies: ["GlyphLabPipeline", "GlyphLabTestSupport"]),
  .testTarget(
    name: "GlyphLabDetectionTests", dependencies: ["GlyphLabDetection", "GlyphLabNetworks", "GlyphLabTestSupport"]),
  .testTarget(
    name: "GlyphLabNetworksTests",
    dependencies: ["GlyphLabNetworks", "GlyphLabImaging", "GlyphLabHDF5", "GlyphLabTestSupport"]),
  .testTarget(name: "GlyphLabBenchTests", dependencies: ["GlyphLabBench", "GlyphLabTestSupport"]),
  .testTarget(
    name: "GlyphLabRunLogTests",
    dependencies: ["GlyphLabRunLog", "GlyphLabCore", "GlyphLabHDF5", "GlyphLabTestSupport"]),
  .testTarget(
    name: "GlyphLabRunnerTests",
    dependencies: [
      "GlyphLabRunner", "GlyphLabRunLog", "GlyphLabFiles", "GlyphLabTraining", "GlyphLabStrategies",
      "GlyphLabTestSupport",
    ]),
  .testTarget(
    name: "GlyphLabReportsTests",
    dependencies: [
      "GlyphLabReports", "GlyphLabRunLog", "GlyphLabHDF5", "GlyphLabCore", "GlyphLabImaging", "GlyphLabTestSupport",
    ],
    exclude: ["Golden"]),
  .testTarget(
    name: "GlyphLabTrainingTests",
    dependencies: ["GlyphLabTraining", "GlyphLabDatasets", "GlyphLabImaging", "GlyphLabTestSupport"]),
  .testTarget(
    name: "GlyphLabAnnotationTests",
    dependencies: [
      "GlyphLabAnnotation", "GlyphLabPipeline", "GlyphLabRunner", "GlyphLabRunLog", "GlyphLabHDF5",
      "GlyphLabTestSupport",
      .product(name: "HummingbirdTesting", package: "hummingbird"),
    ]),
  .testTarget(
    name: "GlyphLabCommandsTests",
    dependencies: ["GlyphLabCommands", "GlyphLabFiles", "GlyphLabHDF5", "GlyphLabImaging", "GlyphLabTestSupport"]),
]

// MARK: - Fuzz targets (libFuzzer), only when GLYPHLAB_FUZZ is set: `make fuzz` builds them with
// `-sanitize=fuzzer,address` into .build-fuzz; `make build` and `make test` never see them.

let fuzzTargets: [Target] =
  Context.environment["GLYPHLAB_FUZZ"] == nil
  ? []
  : [
    .target(name: "CFuzzDriver", path: "Fuzz/CFuzzDriver"),
    .target(name: "FuzzSupport", dependencies: ["CFuzzDriver"], path: "Fuzz/FuzzSupport"),
    .executableTarget(
      name: "FuzzSpecReader", dependencies: ["GlyphLabRunner", "FuzzSupport"], path: "Fuzz/FuzzSpecReader"),
    .executableTarget(
      name: "FuzzDatasetReader", dependencies: ["GlyphLabDatasets", "FuzzSupport"], path: "Fuzz/FuzzDatasetReader"),
    .executableTarget(
      name: "FuzzIDXReader", dependencies: ["GlyphLabDatasets", "FuzzSupport"], path: "Fuzz/FuzzIDXReader"),
    .executableTarget(
      name: "FuzzNPYReader", dependencies: ["GlyphLabDatasets", "FuzzSupport"], path: "Fuzz/FuzzNPYReader"),
    .executableTarget(
      name: "FuzzPNGReader", dependencies: ["GlyphLabImaging", "FuzzSupport"], path: "Fuzz/FuzzPNGReader"),
    .executableTarget(
      name: "FuzzJPEGReader", dependencies: ["GlyphLabImaging", "FuzzSupport"], path: "Fuzz/FuzzJPEGReader"),
    .executableTarget(
      name: "FuzzRunLogReader", dependencies: ["GlyphLabRunLog", "FuzzSupport"], path: "Fuzz/FuzzRunLogReader"),
  ]

let package = Package(
  name: "GlyphLab",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "glyphlab", targets: ["glyphlab"]),
    .library(name: "GlyphLabCore", targets: ["GlyphLabCore"]),
    .library(name: "GlyphLabHDF5", targets: ["GlyphLabHDF5"]),
    .library(name: "GlyphLabImaging", targets: ["GlyphLabImaging"]),
    .library(name: "GlyphLabNetworks", targets: ["GlyphLabNetworks"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"4.0.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
  ],
  targets: systemLibraries + nativeTargets + libraries + executables + tests + fuzzTargets
)
