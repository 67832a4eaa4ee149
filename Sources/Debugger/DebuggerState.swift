import Autograd
import Canvas
import Layout
import Script

/// Where the user is in the backward pass: a step, and how many of its writes have happened.
public struct Cursor: Hashable, Sendable {
    public var step: Int
    /// Writes of `step` already made; all of them once the step has fully run.
    public var applied: Int

    public init(step: Int, applied: Int) {
        self.step = step
        self.applied = applied
    }
}

/// Everything the screen shows, as data: the graph, the trace under the chosen engine and
/// order, the cursor, and how the user is looking at it.
public struct DebuggerState: Sendable {
    public let script: LoadedScript
    public private(set) var engine: Engine
    public private(set) var order: ChildOrder
    public private(set) var zoom: Zoom
    public var glyphs: Glyphs
    public private(set) var trace: Trace
    public private(set) var cursor: Cursor
    /// Every node's grad at the cursor.
    public private(set) var grads: [Double]
    /// The whole graph laid out at the current zoom (laid out on first use, then kept).
    public var view: GraphView { views.view(zoom) }
    /// Who uses each value: the neighbourhood view draws the running node's consumers.
    let consumers: Consumers
    /// Whether the zoom is fitted to the screen at start and after every resize (not when the
    /// command line chose one; `z` changes it until the next resize).
    public internal(set) var autoZoom = false
    /// The columns the topological list's rows need.
    let topoRowWidth: Int
    /// The nodes the last find matched, best first, and which of them is shown.
    public internal(set) var findMatches: [NodeID] = []
    var findIndex = 0
    /// A node to draw highlighted until the next key: the one just found.
    public internal(set) var highlighted: NodeID?
    /// Whether the topological list is hidden, to give the graph the room.
    public internal(set) var topoHidden = false
    /// The graph viewport's top-left corner in layout cells; nil keeps the running node in view.
    public var scroll: Point?

    // MARK: What the user has open

    /// The screen size the state is drawn at (panning needs the viewport).
    public var screenWidth = 100
    public var screenHeight = 30
    /// Both engines' grads on every node, differences marked.
    public internal(set) var comparing = false
    /// Every node's correct gradient, with a ✓ or ✗.
    public internal(set) var showingTruth = false
    public internal(set) var showingHelp = false
    /// The help's page: 0 the keys, 1 what the marks mean.
    public internal(set) var helpPage = 0
    public internal(set) var prompt: Prompt?
    /// A short note for the status line, cleared by the next key.
    public internal(set) var message: String?
    public internal(set) var autoplay = false
    /// Seconds between autoplay steps.
    public internal(set) var autoplayInterval = 1.5
    /// The written grads are drawn in reverse video for one frame after a step overwrote one.
    public var flash = false
    public internal(set) var shouldQuit = false
    /// Predict mode, for a class: what each step writes is shown as `?` until revealed.
    public var predicting = false
    /// Whether the cursor's writes are shown; false only in predict mode, after a move forward.
    public var revealed = true
    /// Turns predict mode on with the cursor's own writes hidden, as a class sees a step it is to call out.
    public mutating func predictFromHere() {
        predicting = true
        revealed = false
    }

    /// The nodes whose grads are shown as `?`: what the cursor's step wrote, before it is revealed.
    public var hidden: Set<NodeID> {
        predicting && !revealed ? Set(appliedWrites.map(\.target)) : []
    }

    /// Whether node `id`'s grad is shown as `?` (`hidden`, asked per box without building a set).
    public func isHidden(_ id: NodeID) -> Bool {
        predicting && !revealed && appliedWrites.contains { $0.target == id }
    }
    /// Words instead of ✓/✗ and other marks (ASCII, or the mono theme).
    public var marksAsWords = false
    /// The other engine's grads at the cursor, while comparing.
    public internal(set) var otherGrads: [Double]?
    /// Whether the last move forward was a single write, so `back` undoes one write too.
    var steppingWrites = false
    /// For each node, the step at which its `_backward()` runs in `trace` (read per box, per frame).
    private var stepOf: [Int]
    private let traces: TraceStore
    let views: ViewStore

    public init(script: LoadedScript, engine: Engine = .buggy, order: ChildOrder = .label,
                zoom: Zoom = .normal, glyphs: Glyphs = .unicode, step: Int = 0) {
        self.script = script
        self.engine = engine
        self.zoom = zoom
        self.glyphs = glyphs
        traces = TraceStore(script)
        views = ViewStore(script.graph)
        trace = traces.trace(engine, order)
        // The trace's own: the learner's pass keeps its order whatever was asked.
        self.order = trace.order
        stepOf = traces.stepOf(trace)
        consumers = Consumers(script.graph)
        topoRowWidth = TopoPane.rowWidth(script.graph)
        grads = Array(repeating: 0, count: script.graph.count)
        cursor = Cursor(step: 0, applied: 0)
        move(to: Cursor(step: min(max(0, step), trace.steps.count - 1), applied: 0).completed(in: trace))
    }

    public var graph: Graph { script.graph }
    /// The last step index: one per node, after the root's seed.
    public var lastStep: Int { trace.steps.count - 1 }
    /// The node whose `_backward()` runs at the cursor (for step 0, the root being seeded).
    public var runningNode: NodeID { trace.steps[cursor.step].node }
    /// The writes of the cursor's step that have happened.
    public var appliedWrites: ArraySlice<Write> {
        let range = trace.steps[cursor.step].writeRange
        return trace.writes[range.lowerBound..<(range.lowerBound + cursor.applied)]
    }
    /// Whether the whole pass has run.
    public var isFinished: Bool {
        cursor.step == lastStep && cursor.applied == trace.steps[lastStep].writeRange.count
    }

    /// Whether node `id`'s own `_backward()` has already run at the cursor: its grad is final.
    public func hasRun(_ id: NodeID) -> Bool {
        stepOfNode(id) <= cursor.step
    }

    /// The step at which node `id`'s `_backward()` runs.
    public func stepOfNode(_ id: NodeID) -> Int {
        stepOf[id]
    }

    /// The fixed engine's writes in the current order: what `+=` makes of each write `=` makes,
    /// write for write (both passes make the same writes in the same order).
    public var fixedWrites: [Write] {
        engine == .fixed ? trace.writes : traces.trace(.fixed, order).writes
    }

    /// Which leaf grads this trace gets wrong (`Verdict`, the rule `trace` uses too).
    public var verdict: Verdict {
        traces.verdict(trace)
    }

    // MARK: - Changes

    /// Moves the cursor, applying or undoing writes from the recorded trace (never recomputing).
    public mutating func move(to target: Cursor) {
        let from = trace.steps[cursor.step].writeRange.lowerBound + cursor.applied
        let to = trace.steps[target.step].writeRange.lowerBound + target.applied
        if to > from {
            for w in trace.writes[from..<to] { grads[w.target] = w.after }
        } else if to < from {
            for w in trace.writes[to..<from].reversed() { grads[w.target] = w.before }
        }
        cursor = target
    }

    /// Switches to `engine` and `order`, keeping the same step, so the same moment shows under the other rule.
    public mutating func switchTrace(engine: Engine, order: ChildOrder) {
        let step = cursor.step, applied = cursor.applied
        move(to: Cursor(step: 0, applied: 0))
        self.engine = engine
        trace = traces.trace(engine, order)
        // The trace's own: the learner's pass keeps its order whatever was asked.
        self.order = trace.order
        stepOf = traces.stepOf(trace)
        // A pass written elsewhere can have fewer steps than the one left.
        let kept = min(step, trace.steps.count - 1)
        let partial = Cursor(step: kept, applied: min(applied, trace.steps[kept].writeRange.count))
        move(to: partial)
    }

    /// Recomputes the other engine's grads at the cursor, while comparing.
    mutating func refreshComparison() {
        guard comparing else {
            otherGrads = nil
            return
        }
        let other = traces.trace(comparedEngine, order)
        var grads = [Double](repeating: 0, count: graph.count)
        let end: Int
        if engine == .yours {
            // The recording has a write per operand, the engines one per slot: compare whole steps.
            let done = cursor.applied == trace.steps[cursor.step].writeRange.count ? cursor.step : cursor.step - 1
            end = done < 0 ? 0 : other.steps[min(done, other.steps.count - 1)].writeRange.upperBound
        } else {
            end = trace.steps[cursor.step].writeRange.lowerBound + cursor.applied
        }
        for w in other.writes[0..<end] { grads[w.target] = w.after }
        otherGrads = grads
    }

    /// The engine `e` switches to: buggy → fixed → yours (when the learner's pass was recorded) → buggy.
    public var nextEngine: Engine {
        let engines = script.engines
        return engines[((engines.firstIndex(of: engine) ?? 0) + 1) % engines.count]
    }

    /// The engine `c` sets beside this one: `+=` beside `=` or beside the learner's pass; `=` beside `+=`.
    public var comparedEngine: Engine { engine == .fixed ? .buggy : .fixed }

    /// Lays out the other zoom levels and records the other engine's trace ahead of time, so
    /// the first `z` or `e` on a large graph is as quick as the rest. Safe to call from another thread.
    public func prepareAhead() {
        _ = traces.trace(nextEngine, order)
        // What `o` and `O` switch to next, under both engines.
        let nextOrder = order.next(written: script.writtenOrders)
        let nextSeed: ChildOrder = if case .random(let s) = order { .random(seed: s &+ 1) } else { .random(seed: 1) }
        for order in [nextOrder, nextSeed] {
            for engine in Engine.rules { _ = traces.stepOf(traces.trace(engine, order)) }
        }
        _ = traces.stepOf(traces.trace(nextEngine, order))
        // The whole drawing, for panning and finding; every zoom of it only where that is cheap.
        let zooms = graph.count <= Scene.wholeLayoutLimit ? Zoom.allCases : [zoom]
        for zoom in zooms { _ = views.view(zoom) }
    }

    public mutating func setZoom(_ zoom: Zoom) {
        self.zoom = zoom
        scroll = nil
    }

    /// Sets the screen size; with `autoZoom`, picks the most detailed zoom at which the whole
    /// graph fits its pane (normal when none does: the work is followed at that zoom).
    public mutating func resize(width: Int, height: Int) {
        let changed = (width, height) != (screenWidth, screenHeight)
        screenWidth = width
        screenHeight = height
        guard autoZoom, changed || !fitted else { return }
        fitted = true
        zoom = fittingZoom()
        scroll = nil
    }

    /// Whether the zoom was fitted to a screen size yet.
    private var fitted = false

    /// Turns on fitting the zoom to the screen, and fits it.
    public mutating func fitZoomToScreen() {
        autoZoom = true
        fitted = false
        resize(width: screenWidth, height: screenHeight)
    }

    /// The most detailed zoom at which the whole graph fits the graph pane; normal when none does.
    private func fittingZoom() -> Zoom {
        guard graph.count <= Scene.wholeLayoutLimit else { return .normal }
        let pane = Screen.panes(self, width: screenWidth, height: screenHeight).graph
        // A box takes at least 9 x 3 cells: a graph with more than that many values cannot fit.
        guard graph.count * 27 <= pane.width * pane.height else { return .normal }
        for zoom in [Zoom.full, .normal, .compact] {
            let layout = views.view(zoom).layout
            if layout.width <= pane.width && layout.height <= pane.height { return zoom }
        }
        return .normal
    }
}

extension Cursor {
    /// The cursor with every write of its step made.
    func completed(in trace: Trace) -> Cursor {
        Cursor(step: step, applied: trace.steps[step].writeRange.count)
    }
}

/// Traces by engine and order, each recorded once. A class so copies of a state share it.
/// It keeps the few used most recently: a class pressing `O` for new seeds all hour must not
/// fill memory, and what was just prepared ahead must not be the first to go.
final class TraceStore: @unchecked Sendable {
    private static let capacity = 12
    private let script: LoadedScript
    private var traces: [Key: Trace] = [:]
    private var steps: [Key: [Int]] = [:]
    /// Keys from the least to the most recently used.
    private var recorded: [Key] = []
    private let lock = Lock()

    init(_ script: LoadedScript) {
        self.script = script
    }

    func trace(_ engine: Engine, _ order: ChildOrder) -> Trace {
        let key = Key(engine: engine, order: engine == .yours ? .recorded : order)
        return lock.withLock {
            if let cached = traces[key] {
                recorded.removeAll { $0 == key }
                recorded.append(key)
                return cached
            }
            let trace = Trace(graph: script.graph, root: script.root, engine: engine, order: order, pass: script.pass,
                              recorded: script.recordedPass)
            traces[key] = trace
            recorded.append(key)
            while recorded.count > Self.capacity {
                let oldest = recorded.removeFirst()
                traces[oldest] = nil
                steps[oldest] = nil
                verdicts[oldest] = nil
            }
            return trace
        }
    }

    /// For each node, the step at which its `_backward()` runs in `trace`.
    func stepOf(_ trace: Trace) -> [Int] {
        let key = Key(engine: trace.engine, order: trace.order)
        return lock.withLock {
            if let cached = steps[key] { return cached }
            var stepOf = [Int](repeating: Int.max, count: script.graph.count)
            for (k, step) in trace.steps.enumerated() where k > 0 { stepOf[step.node] = k }
            steps[key] = stepOf
            return stepOf
        }
    }

    /// The verdict on `trace`, computed once per trace.
    func verdict(_ trace: Trace) -> Verdict {
        let key = Key(engine: trace.engine, order: trace.order)
        return lock.withLock {
            if let cached = verdicts[key] { return cached }
            let verdict = Verdict(script.graph, trace)
            verdicts[key] = verdict
            return verdict
        }
    }

    private var verdicts: [Key: Verdict] = [:]

    private struct Key: Hashable {
        var engine: Engine
        var order: ChildOrder
    }
}

/// Layouts by zoom level, each computed once.
final class ViewStore: @unchecked Sendable {
    private let graph: Graph
    private var views: [Zoom: GraphView] = [:]
    private let lock = Lock()

    init(_ graph: Graph) {
        self.graph = graph
    }

    /// The layout at `zoom` if it is done already; never lays out.
    func cachedView(_ zoom: Zoom) -> GraphView? {
        lock.withLock { views[zoom] }
    }

    func view(_ zoom: Zoom) -> GraphView {
        lock.withLock {
            if let cached = views[zoom] { return cached }
            let view = GraphView(graph: graph, zoom: zoom)
            views[zoom] = view
            return view
        }
    }
}
