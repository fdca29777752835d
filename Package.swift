// swift-tools-version: 6.0
import PackageDescription

// Layers, lowest first. Dependencies point one way:
//   MailURL                                    (URL parts, and which URLs reach the network)
//   MailMIME, MailHTML, TrackerRules, Maildir  (import nothing of ours but MailURL)
//   Milter                                     (the milter protocol and daemon: imports MailMIME)
//   Trackless                                  (the pipeline: imports the four)
//   trackless                                  (CLI: imports Trackless, Milter and ArgumentParser)

// The modules below a program's imports are named as its dependencies too. SwiftPM compiles a
// target again when the module of a listed dependency changes; a struct of a module further
// down (Ruleset, inside Trackless's options) is laid out in the program's own code, so when a
// stored property changed there, an incremental release build linked the old layout and the
// program crashed (seen with `trackless preview`). Building from scratch was never affected.
let lowerModules: [Target.Dependency] = ["MailURL", "MailMIME", "MailHTML", "TrackerRules", "Maildir"]

// Generic types (an array of our own structs, a dictionary) get their runtime metadata from a
// direct accessor call instead of by demangling their name at first use. Demangling cost a
// filter process about an eighth of its instructions: ninety names, and a scan of every
// protocol conformance in the binary for each Hashable or Comparable requirement.
let directMetadata: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"])
]

let package = Package(
    name: "Trackless",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "trackless", targets: ["trackless"]),
        .library(name: "Trackless", targets: ["Trackless"]),
        .library(name: "Milter", targets: ["Milter"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C shims: the only places that touch C libraries.
        .target(
            name: "CICUShim",
            path: "Sources/CICUShim",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),
        .target(name: "CFailOpen", path: "Sources/CFailOpen"),
        .target(name: "CMaildirSync", path: "Sources/CMaildirSync"),
        .systemLibrary(
            name: "CLibXML2",
            path: "Sources/CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),

        .target(name: "MailURL", swiftSettings: directMetadata),
        .target(name: "MailMIME", dependencies: ["CICUShim"], swiftSettings: directMetadata),
        .target(name: "MailHTML", dependencies: ["MailURL"], swiftSettings: directMetadata),
        .target(name: "TrackerRules", dependencies: ["MailURL"], swiftSettings: directMetadata),
        .target(name: "Maildir", dependencies: ["CMaildirSync"], swiftSettings: directMetadata),
        .target(name: "Milter", dependencies: ["MailMIME"], swiftSettings: directMetadata),
        .target(
            name: "Trackless",
            dependencies: ["MailURL", "MailMIME", "MailHTML", "TrackerRules", "Maildir", "CLibXML2"],
            swiftSettings: directMetadata
        ),
        .executableTarget(
            name: "trackless",
            dependencies: [
                "Trackless",
                "Milter",
                "CFailOpen",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ] + lowerModules,
            swiftSettings: directMetadata
        ),
        .executableTarget(
            name: "trackless-bench",
            dependencies: ["Trackless"] + lowerModules,
            path: "Benchmarks/trackless-bench",
            swiftSettings: directMetadata
        ),

        // Writes Sources/TrackerRules/Data/BuiltinTrackersIndex.swift from the built-in rules text.
        .executableTarget(
            name: "rules-index",
            dependencies: ["TrackerRules"],
            path: "Tools/rules-index"
        ),

        .executableTarget(
            name: "rules-bench",
            dependencies: ["TrackerRules"],
            path: "Benchmarks/rules-bench"
        ),

        // Test-only: runs the batch engine with a marker-line transform and crash points
        // armed from TRACKLESS_FAULT_AT (the fault-injection test and Benchmarks/maildir-bench.sh).
        .executableTarget(
            name: "maildir-fault-driver",
            dependencies: ["Trackless"] + lowerModules,
            path: "Tests/maildir-fault-driver"
        ),

        // Fixture helpers shared by the test targets.
        .target(name: "FixtureSupport", path: "Tests/FixtureSupport"),
        .testTarget(name: "MailMIMETests", dependencies: ["MailMIME", "FixtureSupport"]),
        .testTarget(name: "MailHTMLTests", dependencies: ["MailHTML", "MailURL", "FixtureSupport"]),
        .testTarget(name: "TrackerRulesTests", dependencies: ["TrackerRules", "MailURL", "FixtureSupport"]),
        .testTarget(name: "MaildirTests", dependencies: ["Maildir"]),
        .testTarget(name: "MilterTests", dependencies: ["Milter", "MailMIME"]),
        .testTarget(name: "TracklessTests", dependencies: ["FixtureSupport", "Trackless", "maildir-fault-driver"] + lowerModules),
        .testTarget(name: "CLITests", dependencies: ["Trackless"] + lowerModules),
    ]
)
