import Autograd
import Canvas
import Layout
import Script

/// Everything the screen shows, as data, in four parts that each change on their own: the pass
/// (trace and cursor), the viewport, the overlays and the playback. `apply` is the one way in.
public struct DebuggerState: Sendable {
    public let script: LoadedScript
    var pass: PassState
    var viewport: Viewport
    var overlays: Overlays
    var playback: Playback
    /// `build_topo(root)`'s search while it is stepped through (`--topo`, `b`); nil in the pass.
    var search: SearchState?
    /// Whether the search was shown: then `p` at step 0 goes back into it.
    var searchSeen = false
    public private(set) var glyphs: Glyphs
    /// Words instead of ✓/✗ and other marks (ASCII, or the mono theme).
    public let marksAsWords: Bool
    /// The marks boxes carry: words in ASCII and where `marksAsWords`, else symbols.
    var marks: Marks { marksAsWords || !glyphs.isUnicode ? .words : .symbols }
    public internal(set) var shouldQuit = false
    /// Who uses each value: the neighbourhood view draws the running node's consumers.
    let consumers: Consumers
    /// The columns the topological list's rows need.
    let topoRowWidth: Int
    let views: ViewStore
    /// The graph folded by the learner's calls around the running value, when it is folded.
    let folds: FoldStore

    public init(script: LoadedScript, engine: Engine = .buggy, order: ChildOrder = .label,
                zoom: Zoom = .normal, glyphs: Glyphs = .unicode, marksAsWords: Bool = false, step: Int = 0) {
        self.script = script
        self.glyphs = glyphs
        self.marksAsWords = marksAsWords
        pass = PassState(TraceStore(script), count: script.graph.count, engine: engine, order: order, step: step)
        viewport = Viewport(zoom: zoom)
        overlays = Overlays()
        playback = Playback()
        views = ViewStore(script.graph)
        folds = FoldStore(script.graph, root: script.root)
        consumers = Consumers(script.graph)
        topoRowWidth = TopoPane.rowWidth(script.graph)
    }

    /// The same state drawn with other glyphs.
    public func drawn(with glyphs: Glyphs) -> DebuggerState {
        var copy = self
        copy.glyphs = glyphs
        return copy
    }

    public var graph: Graph { script.graph }
    /// Whether the graph pane shows the graph folded by the learner's calls (`F`, `--fold`).
    public var folded: Bool { viewport.folded && Folding.canFold(graph) }
    /// Whether a graph can be folded: it was saved with the calls its values were made in.
    public static func canFold(_ script: LoadedScript) -> Bool { Folding.canFold(script.graph) }
    /// Folds the graph by the learner's calls, or unfolds it.
    public mutating func setFolded(_ on: Bool) { viewport.setFolded(on) }
    /// The whole graph laid out at the current zoom (laid out on first use, then kept).
    public var view: GraphView { views.view(zoom) }
    var traces: TraceStore { pass.traces }

    /// Predict mode on with the cursor's own writes hidden, as a class sees a step it is to call out.
    public mutating func predictFromHere() { playback.predictFromHere() }

    /// Moves the cursor without following or flashing: the frame at `target`, as `frame` prints it.
    public mutating func move(to target: Cursor) { pass.move(to: target) }

    /// Sets the screen size on `panes`; with `autoZoom`, picks the most detailed zoom at which
    /// the whole graph fits the graph pane (normal when none does: the work is followed at that zoom).
    public mutating func resize(to panes: Screen.Panes) {
        let views = self.views, count = graph.count
        // The topological list narrows for a small graph that then shows whole: count its columns in.
        var pane = panes.graph
        pane.width += TopoPane.spareColumns(width: panes.topo.width, count: count)
        viewport.resize(width: panes.width, height: panes.height) { Self.fittingZoom(views, count: count, pane: pane) }
    }

    /// Turns on fitting the zoom to the screen, and fits it.
    public mutating func fitZoomToScreen(_ panes: Screen.Panes) {
        viewport.fitToScreen()
        resize(to: panes)
    }

    /// Scrolls the whole drawing to `point`, kept inside it.
    public mutating func scroll(to point: Point, on panes: Screen.Panes) {
        viewport.scroll(to: point, in: view.layout, pane: panes.graph)
    }

    /// The most detailed zoom at which the whole graph fits `pane`; normal when none does.
    private static func fittingZoom(_ views: ViewStore, count: Int, pane: Rect) -> Zoom {
        guard count <= Scene.wholeLayoutLimit else { return .normal }
        // A box takes at least 9 x 3 cells: a graph with more than that many values cannot fit.
        guard count * 27 <= pane.width * pane.height else { return .normal }
        for zoom in [Zoom.full, .normal, .record, .compact] {
            let layout = views.view(zoom).layout
            if Scene.fitsWhole(layout, pane) { return zoom }
        }
        return .normal
    }

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
}

/// The parts as the panes read them.
extension DebuggerState {
    public var engine: Engine { pass.engine }
    public var order: ChildOrder { pass.order }
    public var trace: Trace { pass.trace }
    public var cursor: Cursor { pass.cursor }
    /// Every node's grad at the cursor.
    public var grads: [Double] { pass.grads }
    public var lastStep: Int { pass.lastStep }
    /// The node the screen is at: the running `_backward()`'s, or in the search the value it is at.
    var runningNode: NodeID { search?.focus ?? pass.runningNode }
    var appliedWrites: ArraySlice<Write> { pass.appliedWrites }
    var isFinished: Bool { pass.isFinished }
    func stepOfNode(_ id: NodeID) -> Int { pass.stepOfNode(id) }
    /// Whether node `id`'s own `_backward()` has already run at the cursor: its grad is final.
    func hasRun(_ id: NodeID) -> Bool { pass.stepOfNode(id) <= cursor.step }

    public var zoom: Zoom { viewport.zoom }
    var autoZoom: Bool { viewport.autoZoom }
    public var scroll: Point? { viewport.scroll }
    var topoHidden: Bool { viewport.topoHidden }
    var screenWidth: Int { viewport.width }
    var screenHeight: Int { viewport.height }

    public var comparing: Bool { overlays.comparing }
    var showingTruth: Bool { overlays.showingTruth }
    var otherGrads: [Double]? { overlays.otherGrads }
    var showingHelp: Bool { overlays.showingHelp }
    var helpPage: Int { overlays.helpPage }
    public var prompt: Prompt? { overlays.prompt }
    public var message: String? { overlays.message }
    var findMatches: [NodeID] { overlays.findMatches }
    var highlighted: NodeID? { overlays.highlighted }

    public var autoplay: Bool { playback.autoplay }
    public var autoplayInterval: Double { playback.interval }
    public var flash: Bool { playback.flash }
    var predicting: Bool { playback.predicting }
    var revealed: Bool { playback.revealed }

    /// The nodes whose grads are shown as `?`: what the cursor's step wrote, before it is revealed.
    public var hidden: Set<NodeID> {
        predicting && !revealed ? Set(appliedWrites.map(\.target)) : []
    }

    /// Whether node `id`'s grad is shown as `?` (`hidden`, asked per box without building a set).
    func isHidden(_ id: NodeID) -> Bool {
        predicting && !revealed && appliedWrites.contains { $0.target == id }
    }

    /// The fixed engine's writes in the current order: what `+=` makes of each write `=` makes,
    /// write for write (both passes make the same writes in the same order).
    public var fixedWrites: [Write] {
        engine == .fixed ? trace.writes : traces.trace(.fixed, order).writes
    }

    /// Which leaf grads this trace gets wrong (`Verdict`, the rule `trace` uses too).
    public var verdict: Verdict { traces.verdict(trace) }

    /// The engine `e` switches to: buggy → fixed → yours (when the learner's pass was recorded) → buggy.
    var nextEngine: Engine {
        let engines = script.engines
        return engines[((engines.firstIndex(of: engine) ?? 0) + 1) % engines.count]
    }

    /// The engine `c` sets beside this one: `+=` beside `=` or beside the learner's pass; `=` beside `+=`.
    var comparedEngine: Engine { engine == .fixed ? .buggy : .fixed }
}
