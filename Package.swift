// swift-tools-version:6.0
import PackageDescription

// OpenCV's headers and the four libraries COpenCV calls (dnn, imgcodecs, imgproc, core) come through the system library
// target COpenCVLibraries and pkg-config, with no unsafe flag, so that packages depending on YoloCore can build it
// (SwiftPM refuses unsafe flags in a versioned dependency). By default the .pc file in Sources/COpenCVLibraries: the
// headers of Debian's libopencv-dev (4.6) and four of its libraries; its own opencv4.pc links 55. With
// YOLO_OPENCV_PREFIX set (`make build OPENCV=source`), the opencv4.pc that scripts/build-opencv.sh installed under that
// prefix, which names those four alone; the binaries then find them at run time through an rpath, the one unsafe flag,
// set only for this opt-in build of the package itself. COpenCV's C++ body is optimised as SwiftPM builds C++: -O2 in
// release, -O0 in debug.
let openCVPrefix = Context.environment["YOLO_OPENCV_PREFIX"].flatMap { $0.isEmpty ? nil : $0 }
let openCVPkgConfig = openCVPrefix.map { "\($0)/lib/pkgconfig/opencv4.pc" }
    ?? "\(Context.packageDirectory)/Sources/COpenCVLibraries/opencv-modules.pc"
let openCVRuntimePath: [LinkerSetting] = openCVPrefix.map {
    [.unsafeFlags(["-Xlinker", "-rpath", "-Xlinker", "\($0)/lib"])]
} ?? []

// Supported: Linux (Debian bookworm, Swift 6), the only platform this package is built and tested on; hence no
// `platforms` entry (COpenCV's header and library paths above are Debian's).
let package = Package(
    name: "yolo-offload",
    products: [
        .library(name: "YoloCore", targets: ["YoloCore", "YoloPostProcessing"]),
        .library(name: "AWSKitLite", targets: ["AWSKitLite", "HTTPTransport", "DynamoDBAttributeValue"]),
        .executable(name: "detect-server", targets: ["DetectServer"]),
        .executable(name: "detect-client", targets: ["DetectClient"]),
        .executable(name: "infractl", targets: ["InfraCtl"]),
        .executable(name: "local-lambda", targets: ["LocalLambdaCommand"]),
        .executable(name: "sigv4-bench", targets: ["SigV4Bench"]),
        .executable(name: "detect-ceiling", targets: ["DetectCeiling"]),
        .executable(name: "json-bench", targets: ["JSONBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // MARK: The contract between server, function, client and infractl
        .target(name: "DetectionContract", dependencies: ["DynamoDBAttributeValue"]),

        // MARK: Detection
        .systemLibrary(name: "COpenCVLibraries", pkgConfig: openCVPkgConfig, providers: [.apt(["libopencv-dev"])]),
        .target(
            name: "COpenCV",
            dependencies: ["COpenCVLibraries"],
            linkerSettings: openCVRuntimePath + [
                // libjpeg (libjpeg62-turbo, which OpenCV's imgcodecs decodes with) for the warnings it reports.
                .linkedLibrary("jpeg"),
            ]
        ),
        // The pure-Swift post-processing (decoding, NMS, labels, boxes): no C module, tested on its own.
        .target(name: "YoloPostProcessing"),
        // The detector over OpenCV, and the model files' SHA-256 check over OpenSSL's libcrypto.
        .target(name: "YoloCore", dependencies: ["YoloPostProcessing", "COpenCV", "COpenSSL"]),
        .target(name: "ImageInput"),
        .target(
            name: "CommandLineSupport",
            dependencies: ["ImageInput", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // MARK: AWS
        // Headers and libraries in the compiler's and linker's default paths (their module maps name the library):
        // their .pc files would put -L/usr/lib/<triple> ahead of the OpenCV prefix's on every link line.
        .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // HTTP/1.1 over libcurl's multi interface: AWSKitLite's transport, and the client's for the REST API.
        .target(name: "HTTPTransport", dependencies: ["CCurl"]),
        .target(name: "DynamoDBAttributeValue"),
        .target(
            name: "AWSKitLite",
            dependencies: [
                "HTTPTransport", "DynamoDBAttributeValue", "COpenSSL", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "SigV4Bench",
            dependencies: ["AWSKitLite", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "JSONBench",
            dependencies: [
                "DetectServerKit", "YoloCore", "ImageInput", "CommandLineSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "DetectCeiling",
            dependencies: [
                "COpenCV", "YoloCore", "ImageInput", "CommandLineSupport", "SettingRange",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Server
        .target(name: "LogEscaping"),
        // The range error every configuration type throws, named by the option that sets the value.
        .target(name: "SettingRange"),
        .target(
            name: "DetectServerKit",
            dependencies: [
                "YoloCore",
                "DetectionContract",
                "LogEscaping",
                "SettingRange",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "DetectLambda",
            dependencies: [
                "YoloCore", "DetectionContract", "AWSKitLite", "HTTPTransport", "LogEscaping",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "DetectServer",
            dependencies: [
                "DetectServerKit",
                "DetectLambda",
                "YoloCore",
                "ImageInput",
                "CommandLineSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: Lambda on this machine
        .target(
            name: "LocalLambda",
            dependencies: [
                "AWSKitLite",
                "SettingRange",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "LocalLambdaCommand",
            dependencies: [
                "LocalLambda",
                "AWSKitLite",
                "CommandLineSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: Infrastructure
        .target(name: "InfraKit", dependencies: ["DetectionContract", "AWSKitLite"]),
        .executableTarget(
            name: "InfraCtl",
            dependencies: ["InfraKit", "CommandLineSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // MARK: Client
        .target(
            name: "DetectClientKit",
            dependencies: ["DetectionContract", "HTTPTransport", "AWSKitLite", "ImageInput", "SettingRange"]
        ),
        .executableTarget(
            name: "DetectClient",
            dependencies: [
                "DetectClientKit",
                "DetectionContract",
                "AWSKitLite",
                "CommandLineSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Tests
        .target(
            name: "TestSupport",
            dependencies: [
                "YoloCore",
                "ImageInput",
                "AWSKitLite",
                "DetectServerKit",
                "InfraKit",
                "LocalLambda",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "DetectionContractTests", dependencies: ["DetectionContract", "DynamoDBAttributeValue"]),
        .testTarget(name: "YoloPostProcessingTests", dependencies: ["YoloPostProcessing"]),
        .testTarget(name: "YoloCoreTests", dependencies: ["YoloCore", "TestSupport"]),
        .testTarget(name: "ImageInputTests", dependencies: ["ImageInput"]),
        .testTarget(name: "DetectCeilingTests", dependencies: ["DetectCeiling"]),
        .testTarget(
            name: "DetectServerKitTests",
            dependencies: [
                "DetectServerKit",
                "LogEscaping",
                "YoloCore",
                "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "AWSKitLiteTests",
            dependencies: ["AWSKitLite", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "LocalLambdaTests", dependencies: ["LocalLambda", "AWSKitLite", "InfraKit", "TestSupport"]),
        .testTarget(name: "BehaviourProxyTests", dependencies: ["AWSKitLite", "TestSupport"]),
        .testTarget(
            name: "PipelineBehaviourTests",
            dependencies: ["AWSKitLite", "InfraKit", "LocalLambda", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "InfraKitTests", dependencies: ["InfraKit", "AWSKitLite", "TestSupport"]),
        .testTarget(
            name: "DetectClientKitTests",
            dependencies: [
                "DetectClientKit",
                "DetectionContract",
                "AWSKitLite",
                "InfraKit",
                "LocalLambda",
                "DetectLambda",
                "DetectServerKit",
                "YoloCore",
                "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "DetectLambdaTests",
            dependencies: [
                "DetectLambda",
                "DetectionContract",
                "AWSKitLite",
                "InfraKit",
                "LocalLambda",
                "YoloCore",
                "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ]
)
