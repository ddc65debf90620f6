// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "tandem",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tandem", targets: ["tandem"]),
        // The admission webhook server; `tandem webhook` execs it so tandem itself never links NIO.
        .executable(name: "tandem-webhook", targets: ["tandem-webhook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .target(name: "TandemAPI", swiftSettings: strict),
        // Descriptor 0 as the process found it, recorded before `main` (`tandem run -` with stdin closed).
        .target(name: "CTandemStandardInput"),
        .target(name: "TandemManifest",
                dependencies: ["TandemAPI", "CTandemStandardInput", .product(name: "Yams", package: "Yams")],
                swiftSettings: strict),
        .target(name: "TandemValidation", dependencies: ["TandemAPI"], swiftSettings: strict),
        .target(name: "TandemLifecycle", dependencies: ["TandemAPI"], swiftSettings: strict),
        .target(name: "CTandemOS"),
        .target(name: "TandemOS", dependencies: ["CTandemOS"], swiftSettings: strict),
        .target(name: "TandemRuntime",
                dependencies: ["TandemAPI", "TandemLifecycle", "TandemOS", "TandemManifest", "TandemValidation"],
                swiftSettings: strict),
        // Run directories, their index, and reading them back: `tandem logs`, `tandem describe`.
        .target(name: "TandemRecords", dependencies: ["TandemAPI", "TandemOS", "CTandemOS"], swiftSettings: strict),
        .target(name: "TandemCLI",
                dependencies: ["TandemAPI", "TandemManifest", "TandemValidation", "TandemLifecycle",
                               "TandemRuntime", "TandemOS", "TandemAdoption", "TandemRecords",
                               "TandemSimulation", "TandemTimeline",
                               .product(name: "ArgumentParser", package: "swift-argument-parser"),
                               .product(name: "Yams", package: "Yams")],
                swiftSettings: strict),
        .target(name: "TandemAdoption",
                dependencies: ["TandemAPI", "TandemManifest", "TandemValidation", "TandemLifecycle", "TandemSimulation",
                               .product(name: "Yams", package: "Yams")],
                swiftSettings: strict),
        .target(name: "TandemSimulation", dependencies: ["TandemAPI", "TandemLifecycle"], swiftSettings: strict),
        // `tandem timeline` / `tandem simulate -o svg`: events file → picture model → SVG/HTML (pure).
        .target(name: "TandemTimeline", dependencies: ["TandemAPI"], swiftSettings: strict),
        .executableTarget(name: "tandem", dependencies: ["TandemCLI"], swiftSettings: strict),

        .testTarget(name: "TandemAPITests", dependencies: ["TandemAPI"], swiftSettings: strict),
        .testTarget(name: "TandemManifestTests", dependencies: ["TandemManifest"],
                    resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "TandemValidationTests", dependencies: ["TandemValidation", "TandemManifest"],
                    resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "TandemLifecycleTests", dependencies: ["TandemLifecycle"], swiftSettings: strict),
        .testTarget(name: "TandemAdoptionTests", dependencies: ["TandemAdoption", "TandemManifest"], swiftSettings: strict),
        .testTarget(name: "TandemOSTests", dependencies: ["TandemOS"], swiftSettings: strict),
        .testTarget(name: "TandemRuntimeTests", dependencies: ["TandemRuntime"], swiftSettings: strict),
        .testTarget(name: "TandemSimulationTests", dependencies: ["TandemSimulation", "TandemAPI"], swiftSettings: strict),
        .testTarget(name: "TandemRecordsTests", dependencies: ["TandemRecords", "TandemAPI"], swiftSettings: strict),
        .testTarget(name: "TandemTimelineTests", dependencies: ["TandemTimeline", "TandemAPI"],
                    resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "TandemCLITests", dependencies: ["TandemCLI", "TandemAdoption", "TandemManifest"], swiftSettings: strict),
    ]
)

// A stand-in tandem process for TandemOSTests' kill -9 orphan test.
package.targets.append(.executableTarget(name: "tandem-os-testhelper", dependencies: ["TandemOS"],
                                         path: "Sources/TandemOSTestHelper", swiftSettings: strict))

// bench/: the cost of one lifecycle decision (`swift run -c release tandem-bench-lifecycle`).
package.targets.append(.executableTarget(name: "tandem-bench-lifecycle", dependencies: ["TandemAPI", "TandemLifecycle"],
                                         path: "bench/LifecycleDecision", swiftSettings: strict,
                                         linkerSettings: [.linkedLibrary("m")]))

// tests/fuzz/: libFuzzer harness, only when tests/fuzz/run.sh builds it (TANDEM_FUZZ=1 with
// -sanitize=fuzzer); an ordinary build has no libFuzzer to link it against.
if Context.environment["TANDEM_FUZZ"] != nil {
    package.targets.append(.executableTarget(name: "tandem-fuzz",
                                             dependencies: ["TandemAPI", "TandemManifest", "TandemValidation", "TandemRuntime",
                                                            "TandemAdoption", "TandemWebhook"],
                                             path: "tests/fuzz/Harness", swiftSettings: strict))
    package.products.append(.executable(name: "tandem-fuzz", targets: ["tandem-fuzz"]))
}
// bench/: one simulated start-up + deletion (`swift run -c release tandem-bench-simulation`).
package.targets.append(.executableTarget(name: "tandem-bench-simulation", dependencies: ["TandemAPI", "TandemSimulation"],
                                         path: "bench/Simulation", swiftSettings: strict))
// `tandem webhook`: the mutating admission webhook over swift-nio + swift-nio-ssl, in its own module and executable so
// the HTTP stack stays out of the pure modules and out of tandem's start-up.
package.targets.append(contentsOf: [
    // mallopt, which Swift's Glibc module does not offer.
    .target(name: "CTandemWebhook"),
    .target(name: "TandemWebhook",
            dependencies: ["TandemAPI", "TandemAdoption", "CTandemWebhook",
                           .product(name: "NIOSSL", package: "swift-nio-ssl"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio"),
                           .product(name: "NIOExtras", package: "swift-nio-extras"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),
    .executableTarget(name: "tandem-webhook", dependencies: ["TandemWebhook"],
                      path: "Sources/TandemWebhookMain", swiftSettings: strict),
    .testTarget(name: "TandemWebhookTests",
                dependencies: ["TandemWebhook", "TandemAdoption", .product(name: "Logging", package: "swift-log"),
                               .product(name: "ArgumentParser", package: "swift-argument-parser"),
                               .product(name: "NIOCore", package: "swift-nio"),
                               .product(name: "NIOEmbedded", package: "swift-nio"),
                               .product(name: "NIOHTTP1", package: "swift-nio"),
                               .product(name: "NIOPosix", package: "swift-nio")],
                exclude: ["Fixtures"], swiftSettings: strict),
])
// bench/: the protocol half of one `POST /mutate` (`swift run -c release tandem-bench-admission`).
package.targets.append(.executableTarget(name: "tandem-bench-admission", dependencies: ["TandemWebhook"],
                                         path: "bench/Admission", swiftSettings: strict))
// bench/: `tandem timeline`'s parse + layout + SVG of a 10,000-event file (`swift run -c release tandem-bench-timeline`).
package.targets.append(.executableTarget(name: "tandem-bench-timeline", dependencies: ["TandemTimeline"],
                                         path: "bench/Timeline", swiftSettings: strict))
