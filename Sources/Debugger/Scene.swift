import Autograd
import Canvas
import Layout
import Export

/// What the graph pane shows at the cursor, and where: the whole graph centred when it fits; else
/// the whole drawing scrolled so the running node and its operands are in view; else, when they
/// sit too far apart for that (an MLP's weights), the running node's neighbourhood — its operands
/// and consumers — laid out afresh by the same pipeline.
struct Scene {
    enum Kind: String, Sendable {
        /// The whole graph, centred.
        case whole
        /// A window on the whole drawing: following the work, or where the user panned.
        case scrolled
        /// The running node, its operands and its consumers, laid out on their own.
        case neighbourhood
        /// The graph folded by the learner's calls around the running node (`Folding`).
        case folded
    }

    let kind: Kind
    let zoom: Zoom
    let layout: Layout
    /// Each drawn node's box contents, by local id.
    let boxes: [NodeBox]
    /// The graph node of each local id; nil when local ids are graph ids (the whole drawing).
    let ids: [NodeID]?
    /// For each local node's drawn operand edges, the operand slot each stands for.
    let slots: [[Int]]?
    /// Whether each local node has a line leaving its right side.
    let feedsOthers: [Bool]
    /// Operand slots and consumers of each local node that are not drawn (neighbourhood only).
    let hiddenInputs: [[Int]]
    let hiddenConsumers: [Int]
    /// For each local node, a consumer not drawn through which a contribution the step threw
    /// away had come: its `more` mark names it.
    let hiddenLost: [NodeID?]
    /// The layout cell at the pane's top-left corner (negative when the drawing is centred in a larger pane).
    let origin: Point
    /// The columns the scene needs, the marks of what is not drawn included.
    let width: Int
    /// In the folded view, what each local id stands for; a value's local id is the value's
    /// only when `ids` says so.
    var folding: Folding? = nil
    /// In the folded view, the folding's item each local id draws.
    var foldedItems: [Int] = []

    /// In the folded view, how many of the folding's items are drawn: fewer than all where only
    /// those nearest the running value fit.
    var foldedShown: (shown: Int, items: Int)? {
        guard kind == .folded, let folding else { return nil }
        return (foldedItems.count, folding.items.count)
    }

    /// The folded call or group drawn as local node `local`, if it is one (the folded view).
    func foldedItem(_ local: Int) -> Folding.Item? {
        guard let folding, local < foldedItems.count else { return nil }
        let item = folding.items[foldedItems[local]]
        if case .value = item { return nil }
        return item
    }

    /// The graph node drawn as local node `local`.
    func node(_ local: Int) -> NodeID { ids?[local] ?? local }

    /// The local id of graph node `id`, if it is drawn in this scene.
    func local(_ id: NodeID) -> Int? {
        guard let ids else { return id }
        return ids.firstIndex(of: id)
    }

    /// The operand slot that local node `v`'s `k`-th drawn edge stands for.
    func slot(_ v: Int, _ k: Int) -> Int { slots?[v][k] ?? k }

    /// The part of the layout the pane shows.
    func viewport(_ pane: Rect) -> Rect { Rect(x: origin.x, y: origin.y, width: pane.width, height: pane.height) }

    /// Graphs with more values than this are followed in the neighbourhood view without laying out
    /// the whole drawing first, so a big graph's first frame does not wait for it.
    static let wholeLayoutLimit = 2000
    /// Graphs with more values than this that do not fit whole are followed in the neighbourhood
    /// view: scrolled windows on big drawings (an MLP's) are walls of lines.
    static let followLimit = 100

    /// Columns kept free either side of a whole drawing, so no box touches the pane's edge.
    static let margin = 1

    /// Whether `layout` shows whole in `pane`, a margin either side.
    static func fitsWhole(_ layout: Layout, _ pane: Rect) -> Bool {
        layout.width + 2 * margin <= pane.width && layout.height <= pane.height
    }

    /// The scene for `state` in a pane of `pane`'s size.
    static func make(_ state: DebuggerState, pane: Rect) -> Scene {
        let count = state.graph.count
        if state.folded { return folded(state, pane: pane) }  // Scene+Folded.swift
        if let scroll = state.scroll {
            let view = state.views.view(state.zoom)
            return global(view, origin: clamp(scroll, view.layout, pane), kind: .scrolled)
        }
        if count <= wholeLayoutLimit {
            let view = state.views.view(state.zoom)
            let layout = view.layout
            if fitsWhole(layout, pane) {
                let spread = state.views.view(state.zoom, spacing: spacing(layout, pane, count: count))
                let drawn = spread.layout
                return global(spread, origin: Point(x: -(pane.width - drawn.width) / 2,
                                                    y: -(pane.height - drawn.height) / 2), kind: .whole)
            }
            if count <= followLimit, let origin = following(state, layout, pane) {
                return global(view, origin: origin, kind: .scrolled)
            }
        }
        return neighbourhood(state, pane: pane)
    }

    /// The widest gaps a small graph's whole drawing gets on a big pane: room for a third of the
    /// spare columns, at most `maximumSpacing` more per gap.
    static func spacing(_ layout: Layout, _ pane: Rect, count: Int) -> Int {
        guard count <= spreadLimit, layout.columnCount > 1 else { return 0 }
        let spare = pane.width - 2 * margin - layout.width
        return max(0, min(maximumSpacing, spare / 3 / (layout.columnCount - 1)))
    }

    /// Graphs this small are drawn with wider gaps when the pane has room.
    static let spreadLimit = 100
    /// The most columns a gap widens by.
    static let maximumSpacing = 6

    private static func global(_ view: GraphView, origin: Point, kind: Kind) -> Scene {
        Scene(kind: kind, zoom: view.zoom, layout: view.layout, boxes: view.boxes, ids: nil, slots: nil,
              feedsOthers: view.feedsOthers, hiddenInputs: [], hiddenConsumers: [], hiddenLost: [], origin: origin, width: view.layout.width)
    }

    /// The work of a step: the running node and the operands its `_backward()` writes to.
    static func work(_ state: DebuggerState) -> [NodeID] {
        let r = state.runningNode
        var ids = [r]
        for o in state.graph[r].operands where !ids.contains(o) { ids.append(o) }
        return ids
    }

    /// The viewport corner that shows the whole work, or nil if it does not fit in the pane.
    /// Per axis: from the drawing's start if the work is in view from there, else centred on the work.
    private static func following(_ state: DebuggerState, _ layout: Layout, _ pane: Rect) -> Point? {
        // The boxes, and every corner of the lines from the operands into the running node; and
        // the values through which what the step threw away had come, with their lines from it.
        let work = work(state)
        let lost = lostThrough(state)
        var rects = (work + lost).map { layout.boxes[$0] }
        for edge in layout.edges(into: state.runningNode) + lost.flatMap({ layout.edges(into: $0) }) where work.contains(edge.from) {
            rects += edge.points.map { Rect(x: $0.x, y: $0.y, width: 1, height: 1) }
        }
        let minX = rects.map(\.x).min()!, maxX = rects.map(\.maxX).max()!
        let minY = rects.map(\.y).min()!, maxY = rects.map(\.maxY).max()!
        guard maxX - minX <= pane.width, maxY - minY <= pane.height else { return nil }
        func axis(_ low: Int, _ high: Int, _ size: Int, _ total: Int) -> Int {
            if high <= size { return 0 }
            let centred = (low + high) / 2 - size / 2
            return max(high - size, min(low, min(centred, total - size)))
        }
        return Point(x: axis(minX, maxX, pane.width, layout.width), y: axis(minY, maxY, pane.height, layout.height))
    }

    static func clamp(_ p: Point, _ layout: Layout, _ pane: Rect) -> Point {
        Point(x: max(0, min(p.x, layout.width - pane.width)), y: max(0, min(p.y, layout.height - pane.height)))
    }

    // MARK: - The neighbourhood

    /// The dots of a line to or from a value not drawn: `┄┄`, `..` in ASCII.

    /// The mark for consumers not drawn where the words find no room: `┄┄+3`.
    static func shortMoreMark(_ count: Int, _ glyphs: Glyphs = .unicode) -> String { glyphs.dots + "+\(count)" }

    /// The mark for consumers that are not drawn: `┄┄ 3 more`, or `┄┄ t750 and 2 more` naming one
    /// (as many columns in ASCII).
    static func moreMark(_ count: Int, naming name: String? = nil, _ glyphs: Glyphs = .unicode) -> String {
        guard let name else { return glyphs.dots + " \(count) more" }
        return glyphs.dots + " " + name + (count > 1 ? " and \(count - 1) more" : "")
    }

    /// At most this many consumers of any one value join the neighbourhood; the rest are counted.
    static let consumerLimit = 6
    /// The most values a neighbourhood grows to, however big the pane.
    static let neighbourhoodLimit = 40
    /// The most layouts tried in growing it, so that a frame stays quick.
    static let growthTrials = 30

    /// The values through which the contributions the cursor's writes threw away had come.
    static func lostThrough(_ state: DebuggerState) -> [NodeID] {
        Narrator(state.graph, state.trace).lostThrough(step: state.cursor.step, writes: state.appliedWrites)
    }

    /// The running node's neighbourhood: the work, and the values through which what its writes
    /// threw away had come (so "came through t54" points at a box); then, as long as the pane has
    /// room, more by hops — the running node's consumers, its operands' other consumers, then
    /// theirs, and what feeds them. At the user's zoom if the work and the lost paths fit, else less.
    private static func neighbourhood(_ state: DebuggerState, pane: Rect) -> Scene {
        let work = Self.work(state)
        var required = work
        // Found once: every layout tried below names these where it has no room for them.
        let lost = lostThrough(state)
        for id in lost where !required.contains(id) { required.append(id) }
        let order: [Zoom] = [.full, .normal, .record, .compact]
        let zooms = Array(order.drop { $0 != state.zoom })
        func fits(_ scene: Scene) -> Bool { scene.width <= pane.width && scene.layout.height <= pane.height }
        var fallback: Scene?
        for base in required.count > work.count ? [required, work] : [work] {
            for zoom in zooms {
                var members = base
                var scene = laidOut(state, members: members, zoom: zoom, pane: pane, lost: lost)
                guard fits(scene) else {
                    fallback = fallback ?? scene
                    continue
                }
                // Grow by hops while the pane has room: a value that does not fit is left out, and
                // after `growthTrials` layouts the pane counts as used. A value joins only with a
                // line to one drawn, so that nothing floats: what linked it may have found no room.
                var trials = 0
                var drawn = Set(members)
                for candidate in candidates(state, around: members) where members.count < neighbourhoodLimit && trials < growthTrials {
                    let linked = state.graph[candidate].operands.contains(where: drawn.contains)
                        || state.consumers.of(candidate).contains(where: drawn.contains)
                    guard linked else { continue }
                    trials += 1
                    let trial = laidOut(state, members: members + [candidate], zoom: zoom, pane: pane, lost: lost)
                    if fits(trial) {
                        members.append(candidate)
                        drawn.insert(candidate)
                        scene = trial
                    }
                }
                return scene
            }
        }
        return fallback!
    }

    /// The values near `members` (the work first), nearest first. One hop: the running node's
    /// consumers and its operands' other consumers, the values whose writes reach the operands'
    /// grads. Then, hop by hop, the consumers of the last hop and the operands of the hop before
    /// (what feeds the operands, and what else the consumers take). At most `consumerLimit`
    /// consumers of any one value.
    static func candidates(_ state: DebuggerState, around members: [NodeID]) -> [NodeID] {
        let graph = state.graph
        var seen = Set(members), found: [NodeID] = []
        func add(_ ids: some Sequence<NodeID>) -> [NodeID] {
            var added: [NodeID] = []
            for id in ids where seen.insert(id).inserted {
                found.append(id)
                added.append(id)
            }
            return added
        }
        func consumers(_ ids: [NodeID]) -> [NodeID] { ids.flatMap { state.consumers.of($0).prefix(consumerLimit) } }
        let work = Self.work(state)
        var previous = Array(work.dropFirst()), hop = add(consumers(work))
        for _ in 0..<3 where !hop.isEmpty || !previous.isEmpty {
            let next = add(consumers(hop) + previous.flatMap { graph[$0].operands })
            (previous, hop) = (hop, next)
        }
        return found
    }

    /// `members` laid out afresh; `lost`: the values the step's lost contributions came through.
    private static func laidOut(_ state: DebuggerState, members: [NodeID], zoom: Zoom, pane: Rect, lost: [NodeID]) -> Scene {
        let graph = state.graph
        let ids = members.sorted()  // ascending ids: operands before their consumers
        var local: [NodeID: Int] = [:]
        for (i, id) in ids.enumerated() { local[id] = i }
        var boxes: [NodeBox] = [], shapes: [NodeShape] = [], slots: [[Int]] = [], hidden: [[Int]] = []
        var feeds = [Bool](repeating: false, count: ids.count)
        for id in ids {
            let box = NodeBox(graph: graph, id: id, zoom: zoom)
            var shape = box.shape
            var drawn: [Int] = [], missing: [Int] = []
            for (slot, operand) in graph[id].operands.enumerated() {
                if let u = local[operand] { drawn.append(slot); feeds[u] = true } else { missing.append(slot) }
            }
            shape.operands = drawn.map { local[graph[id].operands[$0]]! }
            shape.entryRows = drawn.map { box.shape.entryRows[$0] }
            boxes.append(box)
            shapes.append(shape)
            slots.append(drawn)
            hidden.append(missing)
        }
        let hiddenConsumers = ids.map { id in state.consumers.of(id).filter { local[$0] == nil }.count }
        for (i, n) in hiddenConsumers.enumerated() where n > 0 { feeds[i] = true }
        let notDrawn = lost.filter { local[$0] == nil }
        let hiddenLost = ids.map { id in notDrawn.first { graph[$0].operands.contains(id) } }
        func mark(_ i: Int) -> String {
            moreMark(hiddenConsumers[i], naming: hiddenLost[i].map { DisplayWidth.safe(graph.reference($0)) })
        }
        let layout = Layout(shapes)
        // Centred with the marks of what is not drawn: `┄┄▶` left of a box, `┄┄ 3 more` right of it.
        var low = 0, high = layout.width
        for (i, box) in layout.boxes.enumerated() {
            if !hidden[i].isEmpty { low = min(low, box.x - 3) }
            if hiddenConsumers[i] > 0 { high = max(high, box.maxX + DisplayWidth.of(mark(i))) }
        }
        let origin = Point(x: low - (pane.width - (high - low)) / 2, y: -(pane.height - layout.height) / 2)
        return Scene(kind: .neighbourhood, zoom: zoom, layout: layout, boxes: boxes, ids: ids, slots: slots,
                     feedsOthers: feeds, hiddenInputs: hidden, hiddenConsumers: hiddenConsumers, hiddenLost: hiddenLost, origin: origin,
                     width: high - low)
    }
}
