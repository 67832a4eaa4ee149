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
        .target(name: "Autograd", dependencies: ["SafeText"]),
        // The one rule that makes untrusted text (labels, file names, script lines) safe to show.
        .target(name: "SafeText"),
        // The micrograd-syntax script language, parsed (never executed) into a Graph.
        .target(name: "Script", dependencies: ["Autograd", "SafeText"]),
        // The built-in demo scripts, compiled into the binary.
        .target(name: "Demos", path: "Demos", resources: [
            .embedInCode("two-paths.py"),
            .embedInCode("a-plus-a.py"),
            .embedInCode("neuron.py"),
            .embedInCode("neuron-exp.py"),
            .embedInCode("sanity-check.py"),
            .embedInCode("more-ops.py"),
            .embedInCode("layer.py"),
        ]),
        // The Python module that saves a learner's own graph and backward pass, compiled into the binary.
        .target(name: "Exporter", dependencies: ["Autograd"], path: "Exporter", resources: [.embedInCode("gradstep_export.py")]),
        // Text, JSON and DOT renderings of a graph and its trace.
        .target(name: "Export", dependencies: ["Autograd", "SafeText", "Canvas"]),
        // Left-to-right layered layout of a DAG in terminal cells; knows nothing of values.
        .target(name: "Layout"),
        // Cells, styles, glyph sets and display widths: what a screen is drawn into.
        .target(name: "Canvas", dependencies: ["SafeText"]),
        // The system's ncurses (wide-character build, from libncurses-dev).
        .systemLibrary(name: "CNcurses", providers: [.apt(["libncurses-dev"])]),
        // The signal-safe terminal restore, in C: what a crash or a signal runs on the way out.
        .target(name: "TerminalRestore"),
        // The one module that talks to the terminal: start, draw a Grid, read keys, restore.
        .target(name: "Terminal", dependencies: ["CNcurses", "TerminalRestore", "Canvas"]),
        // The debugger's screen: state, panels, and the frame composed into a Grid.
        .target(name: "Debugger", dependencies: ["Autograd", "Script", "Layout", "Canvas", "Export"]),
        .executableTarget(name: "gradstep", dependencies: [
            "Autograd", "Script", "Demos", "Exporter", "Export", "Layout", "Canvas", "Debugger", "Terminal", "TerminalRestore", "SafeText",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The benchmark family of graphs (the lecture's MLPs), written as scripts: for the benchmark and the tests.
        .target(name: "BenchmarkGraphs", dependencies: ["Autograd"]),
        .executableTarget(name: "gradstep-bench", dependencies: ["Autograd", "Script", "Export", "Layout", "Canvas", "Debugger", "BenchmarkGraphs"]),
        // The fuzz target: the whole pipeline on arbitrary bytes (libFuzzer with -D FUZZING, else a replayer).
        .executableTarget(name: "gradstep-fuzz", dependencies: ["Autograd", "Script", "Export", "Canvas", "Debugger", "Layout"]),
        .testTarget(name: "AutogradTests", dependencies: ["Autograd"]),
        .testTarget(name: "ScriptTests", dependencies: ["Script", "Autograd", "Demos"]),
        .testTarget(name: "SavedGraphTests", dependencies: ["Script", "Autograd", "Export", "Exporter", "Debugger", "Canvas"], exclude: ["Classes"]),
        .testTarget(name: "ExportTests", dependencies: ["Export", "Script", "Autograd", "SafeText"]),
        .testTarget(name: "LayoutTests", dependencies: ["Layout", "Autograd"]),
        .testTarget(name: "CanvasTests", dependencies: ["Canvas"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "Canvas", "CNcurses"]),
        .testTarget(name: "DebuggerTests", dependencies: ["Debugger", "Demos", "Script", "Autograd", "Canvas", "Layout", "BenchmarkGraphs"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "GradstepCLITests", dependencies: ["gradstep", "Demos", "Canvas", "Autograd"]),
    ],
    swiftLanguageModes: [.v6]
)
