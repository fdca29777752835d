// swift-tools-version: 6.0
import PackageDescription

// Coverage-guided fuzz targets for Trackless (docs/fuzzing.md). A package of its own so
// that the main package never builds with the fuzzer runtime; it uses only public API.
// Build with the sanitizers, as Fuzz/run.sh does:
//   swift build -c release --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
let fuzzTargets = ["clean-default", "clean-strict", "html", "css", "links", "mime-splice", "maildir-names", "milter"]

let package = Package(
    name: "TracklessFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Trackless", path: ".."),
    ],
    targets: [
        // Declares libFuzzer's LLVMFuzzerRunDriver: SwiftPM renames an executable's main, so
        // each target calls the driver from its own main instead of using libFuzzer's main.
        .target(name: "CFuzzDriver"),
        .target(
            name: "FuzzSupport",
            dependencies: ["CFuzzDriver", .product(name: "Trackless", package: "Trackless")]
        ),
    ] + fuzzTargets.map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: ["FuzzSupport", .product(name: "Trackless", package: "Trackless")]
                + (name == "milter" ? [.product(name: "Milter", package: "Trackless")] : []),
            path: "Targets/\(name)"
        )
    }
)
