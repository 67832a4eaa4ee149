// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "gradstep",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gradstep", targets: ["gradstep"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The micrograd engine: values, ops, both gradient rules, topological orders, traces.
        .target(name: "Autograd"),
        // The micrograd-syntax script language, parsed (never executed) into a Graph.
        .target(name: "Script", dependencies: ["Autograd"]),
        // The built-in demo scripts, compiled into the binary.
        .target(name: "Demos", path: "Demos", resources: [
            .embedInCode("two-paths.py"),
            .embedInCode("a-plus-a.py"),
            .embedInCode("neuron.py"),
            .embedInCode("sanity-check.py"),
            .embedInCode("more-ops.py"),
            .embedInCode("layer.py"),
        ]),
        // Text, JSON and DOT renderings of a graph and its trace.
        .target(name: "Export", dependencies: ["Autograd"]),
        .executableTarget(name: "gradstep", dependencies: [
            "Autograd", "Script", "Demos", "Export",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "gradstep-bench", dependencies: ["Autograd", "Script", "Export"]),
        .testTarget(name: "AutogradTests", dependencies: ["Autograd"]),
        .testTarget(name: "ScriptTests", dependencies: ["Script", "Autograd", "Demos"]),
        .testTarget(name: "ExportTests", dependencies: ["Export", "Script", "Autograd"]),
        .testTarget(name: "GradstepCLITests", dependencies: ["gradstep", "Demos"]),
    ],
    swiftLanguageModes: [.v6]
)
