import BenchmarkGraphs
import Autograd
import Canvas
import Debugger
import Export
import Foundation
import Layout
import Script

// gradstep-bench: times the core pipeline on generated MLP graphs and prints a table.
// Each size runs in a child process of its own, so the peak memory column is that size's alone.
//
//   swift run -c release gradstep-bench           all sizes
//   swift run -c release gradstep-bench core N    one size (N = 0, 1, 2), one table row
//   swift run -c release gradstep-bench mlp N     the script of size N, to open in gradstep
//   swift run -c release gradstep-bench file F    the first frame of the saved graph F

/// Seconds spent in `body`, best of `repeats` runs, and its last result.
func time<T>(repeats: Int = 3, _ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
    var best = Double.infinity
    var result: T?
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        result = try body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return (best, result!)
}

/// Peak resident memory of this process, in MB.
func peakMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // Linux reports kilobytes
}

/// Writes a line straight to standard output: parent and children share it, so nothing may wait in a buffer.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func ms(_ seconds: Double) -> String { String(format: "%8.1f", seconds * 1000) }

func coreRow(_ config: MLPScript) throws -> String {
    let text = config.text()
    let bytes = Array(text.utf8)
    let (parse, script) = try time { try ScriptLoader.load(bytes: bytes, name: "mlp") }
    let (topo, _) = time { script.graph.topologicalOrder(from: script.root, order: .label) }
    let (fixed, _) = time { Trace(graph: script.graph, root: script.root, engine: .fixed) }
    let (buggy, _) = time { Trace(graph: script.graph, root: script.root, engine: .buggy) }
    let (numeric, _) = time(repeats: 1) { script.graph.numericGradients(of: script.root) }
    let total = parse + buggy + numeric
    return String(format: "%7d %9d", script.graph.count, bytes.count)
        + "  \(ms(parse))  \(ms(topo))  \(ms(fixed))  \(ms(buggy))  \(ms(numeric))  \(ms(total))"
        + String(format: "  %7.1f", peakMegabytes())
}

/// Layout phases and frame composition on one graph.
func layoutRow(_ config: MLPScript) throws -> String {
    let script = try ScriptLoader.load(source: config.text(), name: "mlp")
    let (layout, view) = time(repeats: 1) { GraphView(graph: script.graph, zoom: .normal) }
    var state = DebuggerState(script: script, engine: .buggy, zoom: .normal, glyphs: .unicode)
    // Frames at 40 steps spread over the run (each follows its running node), then at 40
    // viewports scrolled to random places.
    let last = state.lastStep
    var worst = 0.0, total = 0.0
    var rng = SeededGenerator(seed: 7)
    for i in 0..<80 {
        if i < 40 {
            state.move(to: Cursor(step: last * i / 39, applied: 0))
        } else {
            state.scroll(to: Point(x: Int.random(in: 0..<max(1, view.layout.width), using: &rng),
                                   y: Int.random(in: 0..<max(1, view.layout.height), using: &rng)),
                         on: Screen.panes(state, width: 200, height: 60))
        }
        let (seconds, _) = time(repeats: 3) { Screen.render(state, width: 200, height: 60) }
        worst = max(worst, seconds)
        total += seconds
    }
    return String(format: "%7d %7d x %-7d", script.graph.count, view.layout.width, view.layout.height)
        + "  \(ms(layout))  \(ms(total / 80))  \(ms(worst))" + String(format: "  %7.1f", peakMegabytes())
}

/// `dot -Tplain` against gradstep's layout on the same graph, if Graphviz is installed.
func graphvizComparison(_ config: MLPScript) throws {
    let script = try ScriptLoader.load(source: config.text(), name: "mlp")
    guard let dot = ["/usr/bin/dot", "/usr/local/bin/dot"].first(where: FileManager.default.isExecutableFile) else {
        say("graphviz: dot not found; install graphviz to compare")
        return
    }
    let trace = Trace(graph: script.graph, root: script.root, engine: .fixed)
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("gradstep-bench.dot")
    try GraphDOT.render(script.graph, grads: trace.finalGrads).write(to: file, atomically: true, encoding: .utf8)
    let (dotSeconds, _) = try time(repeats: 3) { () throws -> Int32 in
        let child = Process()
        child.executableURL = URL(fileURLWithPath: dot)
        child.arguments = ["-Tplain", "-o", "/dev/null", file.path]
        try child.run()
        child.waitUntilExit()
        return child.terminationStatus
    }
    let (ours, _) = time(repeats: 3) { GraphView(graph: script.graph, zoom: .normal) }
    say(String(format: "graphviz: %d values: dot -Tplain %.1f ms, gradstep layout %.1f ms: %.0fx faster",
               script.graph.count, dotSeconds * 1000, ours * 1000, dotSeconds / ours))
}

/// The interactive program without the terminal: startup to first frame, then key to frame.
func interactiveRow(_ config: MLPScript) throws -> String {
    let bytes = Array(config.text().utf8)
    let (startup, firstState) = try time(repeats: 1) { () throws -> DebuggerState in
        // What `gradstep SCRIPT` does before its first frame: load, fit the zoom to the screen, compose.
        let script = try ScriptLoader.load(bytes: bytes, name: "mlp")
        var state = DebuggerState(script: script, engine: .buggy, zoom: .normal, glyphs: .unicode)
        state.resize(to: Screen.panes(state, width: 200, height: 60))
        state.fitZoomToScreen(Screen.panes(state))
        _ = Screen.render(state, width: 200, height: 60)
        return state
    }
    let firstFramePeak = peakMegabytes()
    var state = firstState
    state.prepareAhead()
    // A lesson's worth of keys: steps, steps into, back, both engines, orders, compare, truth, jumps, zoom.
    let keys: [Key] = Array(repeating: .character("n"), count: 40) + Array(repeating: .character("s"), count: 20)
        + [.character("e"), .character("p"), .character("e"), .character("c"), .character("n"), .character("c"),
           .character("t"), .character("n"), .character("t"), .character("G"), .character("p"), .character("g"),
           .character("o"), .character("o"), .character("O"), .character("o"), .character("z"), .character("n"),
           .character("z"), .character("z"), .character("L"), .character("J"), .character("f")]
    var times: [Double] = []
    var slowest = (seconds: 0.0, key: Key.character(" "))
    for key in keys {
        let before = (state.engine, state.order)
        let (seconds, _) = time(repeats: 1) { () -> Grid in
            state.apply(KeyMap.action(for: key, in: state), on: Screen.panes(state))
            return Screen.render(state, width: 200, height: 60)
        }
        times.append(seconds)
        if seconds > slowest.seconds { slowest = (seconds, key) }
        // As the program does after each frame (there on the other core; here between keys).
        if before != (state.engine, state.order) { state.prepareAhead() }
    }
    times.sort()
    let median = times[times.count / 2], p95 = times[times.count * 95 / 100], worst = times.last!
    return String(format: "%7d", state.graph.count) + "  \(ms(startup))" + String(format: "  %9.1f", firstFramePeak)
        + "  \(ms(median))  \(ms(p95))  \(ms(worst))" + String(format: "  %7.1f", peakMegabytes()) + "  (slowest: \(slowest.key))"
}

/// Chains that share one value along their whole length, the shape of an unrolled RNN:
/// `a[i] = a[i-1] * k` (one `k` for every step) and `s[i] = s[i-1] + a` (`a + a + ... + a`).
enum Chain: String, CaseIterable {
    case sharedFactor = "a[i] = a[i-1] * k"
    case repeatedTerm = "s = a + a + ... + a"

    static let lengths = [10_000, 20_000, 40_000]

    func graph(_ n: Int) -> Graph {
        var g = Graph()
        switch self {
        case .sharedFactor:
            let k = g.leaf(1.00001, label: "k")
            var a = g.leaf(1, label: "a0")
            for _ in 2..<n { a = g.apply(.mul, a, k) }
        case .repeatedTerm:
            let a = g.leaf(1, label: "a")
            var sum = g.apply(.add, a, a)
            for _ in 3..<n { sum = g.apply(.add, sum, a) }
        }
        return g
    }
}

/// Scripts that once made every command quadratic: one name rebound on every line (its titles
/// grew a prime a line) and a fresh constant on every line (the numeric check re-ran the rest of
/// the chain for each).
enum ScriptChain: String, CaseIterable {
    case rebinding = "x = x * 1.0001"
    case freshConstant = "aN = aN-1 * 1.00001"

    func text(_ n: Int) -> String {
        var lines: [String]
        switch self {
        case .rebinding:
            lines = ["x = Value(0.5, label='x')"] + Array(repeating: "x = x * 1.0001", count: n - 1) + ["x.backward()"]
        case .freshConstant:
            lines = ["a0 = Value(1.0, label='a0')"] + (1..<n).map { "a\($0) = a\($0 - 1) * 1.00001" } + ["a\(n - 1).backward()"]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Everything `trace`, `dot` and `frame` do with such a script, as one figure.
func scriptChainRow(_ chain: ScriptChain, _ n: Int) throws -> String {
    let bytes = Array(chain.text(n).utf8)
    let (seconds, _) = try time(repeats: 1) { () throws -> Int in
        let script = try ScriptLoader.load(bytes: bytes, name: "chain.py")
        let numeric = script.graph.numericGradients(of: script.root)
        var size = 0
        for engine in Engine.rules {
            let trace = Trace(graph: script.graph, root: script.root, engine: engine)
            size += TraceText.render(script.graph, trace, name: "chain.py", numeric: numeric).utf8.count
            size += TraceJSON.render(script.graph, trace, numeric: numeric).utf8.count
            size += GraphDOT.render(script.graph, grads: trace.finalGrads).utf8.count
        }
        var state = DebuggerState(script: script, engine: .buggy, zoom: .normal, glyphs: .unicode)
        state.resize(to: Screen.panes(state, width: 200, height: 60))
        state.fitZoomToScreen(Screen.panes(state))
        _ = Screen.render(state, width: 200, height: 60)
        return size
    }
    return chain.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%7d", n)
        + "  \(ms(seconds))" + String(format: "  %7.1f", peakMegabytes())
}

/// The whole graph laid out once, and one frame composed far along the chain.
func chainRow(_ chain: Chain, _ n: Int) throws -> String {
    let graph = chain.graph(n)
    let script = LoadedScript(name: "chain", graph: graph, root: graph.count - 1)
    let (layout, view) = time(repeats: 1) { GraphView(graph: graph, zoom: .normal) }
    var state = DebuggerState(script: script, engine: .buggy, zoom: .normal, glyphs: .unicode)
    state.move(to: Cursor(step: state.lastStep / 2, applied: 0))
    let (frame, _) = time(repeats: 3) { Screen.render(state, width: 200, height: 60) }
    return chain.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%7d", graph.count)
        + String(format: " %9d x %-4d", view.layout.width, view.layout.height)
        + "  \(ms(layout))  \(ms(frame))" + String(format: "  %7.1f", peakMegabytes())
}

/// The shapes whose layout once grew as the square of their size, at 20k to 250k values.
enum Doubling: String, CaseIterable {
    case mlpLoss = "sum of tanh neurons"
    case sharedFactor = "a[i] = a[i-1] * k"
    case repeatedTerm = "s = a + a + ... + a"

    static let sizes = [20_000, 40_000, 80_000, 160_000, 250_000]

    /// About `n` values: for the loss, neurons `tanh(w0*x0 + w1*x1 + w2*x2 + b)` over three shared
    /// inputs, summed one after another, as `sum(...)` builds an MLP's loss.
    func graph(_ n: Int) -> Graph {
        guard self == .mlpLoss else {
            return (self == .sharedFactor ? Chain.sharedFactor : Chain.repeatedTerm).graph(n)
        }
        var g = Graph()
        let xs = (0..<3).map { g.leaf(Double($0) * 0.1 + 0.1, label: "x\($0)") }
        var sum: NodeID? = nil
        var neuron = 0
        while g.count < n {
            var pre = g.leaf(0.1)
            for x in xs { pre = g.apply(.add, pre, g.apply(.mul, g.leaf(Double(neuron % 11) / 10 - 0.5), x)) }
            let h = g.apply(.tanh, pre)
            sum = sum.map { g.apply(.add, $0, h) } ?? h
            neuron += 1
        }
        return g
    }
}

/// One doubling row: the whole layout, its JSON, the JSON's size, the peak memory.
func doublingRow(_ shape: Doubling, _ n: Int) -> String {
    let graph = shape.graph(n)
    let (layout, view) = time(repeats: 1) { GraphView(graph: graph, zoom: .normal) }
    let (json, bytes) = time(repeats: 1) { LayoutJSON.bytes(view.layout) }
    return shape.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%7d", graph.count)
        + "  \(ms(layout))  \(ms(json))" + String(format: "  %8.1f  %7.1f", Double(bytes.count) / 1e6, peakMegabytes())
}

/// A saved graph of the MLP's size: read, the learner's pass replayed, the first frame under it.
func savedRow(_ config: MLPScript) throws -> String {
    let text = SavedGraphText.make(try ScriptLoader.load(source: config.text(), name: "mlp"))
    let bytes = Array(text.utf8)
    let (load, script) = try time { try SavedGraph.load(bytes: bytes, name: "mlp.json") }
    let (yours, _) = time { Trace(graph: script.graph, root: script.root, engine: .yours, recorded: script.recordedPass) }
    let (first, _) = time(repeats: 1) { () -> Grid in
        var state = DebuggerState(script: script, engine: .yours, order: .yours, zoom: .normal, glyphs: .unicode)
        state.resize(to: Screen.panes(state, width: 200, height: 60))
        state.fitZoomToScreen(Screen.panes(state))
        return Screen.render(state, width: 200, height: 60)
    }
    return String(format: "%7d %9d", script.graph.count, bytes.count)
        + "  \(ms(load))  \(ms(yours))  \(ms(first))" + String(format: "  %7.1f", peakMegabytes())
}

let arguments = CommandLine.arguments
if arguments.count == 3, arguments[1] == "core", let index = Int(arguments[2]), MLPScript.sizes.indices.contains(index) {
    say(try coreRow(MLPScript.sizes[index]))
} else if arguments.count == 3, arguments[1] == "interactive", let index = Int(arguments[2]), MLPScript.sizes.indices.contains(index) {
    say(try interactiveRow(MLPScript.sizes[index]))
} else if arguments.count == 3, arguments[1] == "mlp", let index = Int(arguments[2]), MLPScript.sizes.indices.contains(index) {
    // The benchmark's MLP as a script, to open in gradstep.
    FileHandle.standardOutput.write(Data(MLPScript.sizes[index].text().utf8))
} else if arguments.count == 4, arguments[1] == "script-chain", let c = Int(arguments[2]), let n = Int(arguments[3]) {
    say(try scriptChainRow(ScriptChain.allCases[c], n))
} else if arguments.count == 4, arguments[1] == "chain", let c = Int(arguments[2]), let n = Int(arguments[3]) {
    say(try chainRow(Chain.allCases[c], n))
} else if arguments.count == 4, arguments[1] == "doubling", let c = Int(arguments[2]), let n = Int(arguments[3]) {
    say(doublingRow(Doubling.allCases[c], n))
} else if arguments.count == 3, arguments[1] == "saved", let index = Int(arguments[2]), MLPScript.sizes.indices.contains(index) {
    say(try savedRow(MLPScript.sizes[index]))
} else if arguments.count == 3, arguments[1] == "file" {
    // Any saved graph, say one of your own: its first frame and the peak memory to there.
    let seconds = try firstFrame(of: URL(fileURLWithPath: arguments[2]))
    say(String(format: "%@: first 200x60 frame %.0f ms, peak %.1f MB", arguments[2], seconds * 1000, peakMegabytes()))
    let file = URL(fileURLWithPath: arguments[2])
    if let script = try? SavedGraph.load(bytes: [UInt8](try Data(contentsOf: file)), name: ""), DebuggerState.canFold(script) {
        let steps = script.graph.count
        let ms = try foldedStepMilliseconds(of: file, from: [1, steps / 10, steps / 3, steps * 9 / 10])
        say(String(format: "  folded at 200x60: %.1f ms a step (20 steps from each of 4 places: the slowest place's mean)", ms))
    }
} else if arguments.count == 3, arguments[1] == "microgpt", let index = Int(arguments[2]), microgptSizes.indices.contains(index) {
    say(try microgptRow(microgptSizes[index]))
} else if arguments.count == 3, arguments[1] == "layout", let index = Int(arguments[2]), MLPScript.sizes.indices.contains(index) {
    say(try layoutRow(MLPScript.sizes[index]))
} else {
    say("core: parse, topological sort and trace recording (ms, best of 3; numeric gradients once)")
    say(" values     bytes     parse      topo  trace +=   trace =   numeric     total  peak MB")
    func runChildren(_ mode: String) throws {
        for index in MLPScript.sizes.indices {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: arguments[0])
            child.arguments = [mode, String(index)]
            try child.run()
            child.waitUntilExit()
        }
    }
    try runChildren("core")
    say("")
    say("layout: the whole graph laid out once (normal zoom); one 200x60 frame composed at 40 steps and 40 random viewports (ms)")
    say(" values  layout (cells)      layout  frame avg  frame max  peak MB")
    try runChildren("layout")
    say("")
    say("interactive: startup (load, fit, first 200x60 frame) and its peak memory; key to finished frame over \(83) keys (ms; other zooms and engine prepared ahead)")
    say(" values   startup  first MB  key median   key p95   key max  peak MB")
    try runChildren("interactive")
    say("")
    say("saved graphs (the exporter's JSON, with the fixed pass as the learner's own): load, the yours trace, the first 200x60 frame under yours (ms)")
    say(" values     bytes      load     yours  first frame  peak MB")
    try runChildren("saved")
    say("")
    say("microgpt: one training step of the tests' microgpt-shaped model (Scripts/bench_microgpt.py), python3's times, then gradstep's first frame of the saved file (ms; x: of the plain forward for recording, of forward + backward for save and first frame)")
    say("n_embd docs   values file MB  forward fwd+bwd  recorded forward      save           first frame  peak MB")
    for index in microgptSizes.indices {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: arguments[0])
        child.arguments = ["microgpt", String(index)]
        try child.run()
        child.waitUntilExit()
    }
    say("")
    say("shared-value chains: the whole graph laid out once (normal zoom), one 200x60 frame halfway (ms)")
    say("shape                  values  layout (cells)         layout     frame  peak MB")
    func runChains(_ mode: String, _ count: Int) throws {
        for c in 0..<count {
            for n in Chain.lengths {
                let child = Process()
                child.executableURL = URL(fileURLWithPath: arguments[0])
                child.arguments = [mode, String(c), String(n)]
                try child.run()
                child.waitUntilExit()
            }
        }
    }
    try runChains("chain", Chain.allCases.count)
    say("")
    say("doubling: the whole layout (normal zoom) and `layout --format json` of the shapes that were quadratic (ms, MB)")
    say("shape                  values    layout      json   json MB  peak MB")
    for c in Doubling.allCases.indices {
        for n in Doubling.sizes {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: arguments[0])
            child.arguments = ["doubling", String(c), String(n)]
            try child.run()
            child.waitUntilExit()
        }
    }
    say("")
    say("script chains: load, trace text and JSON and dot under both engines, numeric check, first frame (ms)")
    say("shape                  lines     total  peak MB")
    try runChains("script-chain", ScriptChain.allCases.count)
    say("")
    try graphvizComparison(MLPScript.sizes[0])
}
