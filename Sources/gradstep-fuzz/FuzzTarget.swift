import Autograd
import Canvas
import Debugger
import Export
import Foundation
import Layout
import Script

// gradstep-fuzz: the whole pipeline on arbitrary bytes — load, trace under both engines, every
// export, layout and frames at several sizes — for libFuzzer. See CONTRIBUTING.md for the command.
// Built without -D FUZZING it is a plain program that runs the same checks over the files it is
// given, to replay what the fuzzer found.

/// Runs one input through everything a user can reach from a script. Any crash, trap or
/// sanitizer report is a finding; a script error is the expected answer to most inputs.
func runPipeline(_ bytes: [UInt8]) {
    // A saved graph (JSON from the exporter) or a script, as the command line tells them apart.
    let loaded = SavedGraph.looksSaved(bytes)
        ? try? SavedGraph.load(bytes: bytes, name: "fuzz.json")
        : try? ScriptLoader.load(bytes: bytes, name: "fuzz.py")
    guard let script = loaded else { return }
    // Large graphs are covered by the benchmark; here they would only slow the search down.
    guard script.graph.count <= 200 else { return }
    let graph = script.graph
    for engine in script.engines {
        let trace = Trace(graph: graph, root: script.root, engine: engine, order: script.defaultOrder,
                          pass: script.pass, recorded: script.recordedPass)
        let numeric = graph.numericGradients(of: script.root)
        _ = TraceText.render(graph, trace, name: "fuzz.py", numeric: numeric)
        _ = TraceJSON.render(graph, trace, numeric: numeric)
        _ = GraphDOT.render(graph, grads: trace.finalGrads)
    }
    var state = DebuggerState(script: script, engine: .buggy, order: script.defaultOrder, glyphs: .unicode)
    state.resize(to: Screen.panes(state, width: 80, height: 24))
    state.fitZoomToScreen(Screen.panes(state))
    state.move(to: Cursor(step: state.lastStep / 2, applied: 0))
    _ = ANSI.render(Screen.render(state, width: 80, height: 24), palette: .light)
    _ = FrameJSON.render(state, width: 120, height: 40)
    for action in [Action.toggleCompare, .pan(dx: 8, dy: 4), .find("a"), .toggleEngine, .toEnd, .toggleEngine,
                   .back, .cycleOrder, .toggleEngine, .stepInto] {
        state.apply(action, on: Screen.panes(state))
    }
    _ = Screen.render(state.drawn(with: .ascii), width: 100, height: 30)
    // Folded by the learner's calls, where the file has them: every step's frame and JSON.
    if DebuggerState.canFold(script) {
        state.setFolded(true)
        for step in stride(from: 0, through: state.lastStep, by: max(1, state.lastStep / 8)) {
            state.move(to: Cursor(step: step, applied: 0))
            _ = Screen.render(state, width: 80, height: 24)
            _ = FrameJSON.render(state, width: 120, height: 40)
        }
    }
    // The whole drawing as `layout --format json` writes it, trunks and all; every edge must be
    // its trunk's first points and then its own.
    let layout = GraphView(graph: graph, zoom: .normal).layout
    _ = LayoutJSON.bytes(layout)
    let (trunks, shared) = layout.sharedRoutes
    for (edge, whole) in zip(shared, layout.edges) {
        let along = edge.trunk.map { Array(trunks[$0].points.prefix(edge.along)) } ?? []
        precondition(Layout.joined(along, edge.points) == whole.points, "a shared route differs from its edge")
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    runPipeline(size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// libFuzzer's entry point when the program has a `main` of its own, as a SwiftPM executable does.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM names an executable's `main` after its target; libFuzzer's driver takes it from there.
@_cdecl("gradstep_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzOneInput)
}
#else
@main
struct Replay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("cannot read \(path)")
                continue
            }
            runPipeline([UInt8](data))
            print("ok \(path)")
        }
    }
}
#endif
