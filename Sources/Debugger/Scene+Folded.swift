import Autograd
import Canvas
import Layout

/// The scene of the graph folded by the learner's calls (`Folding`).
extension Scene {
    /// The graph folded around the running node, at the user's zoom or the least below it
    /// (compact last) at which it fits: whole; else with its repeats merged (`gpt ×7`, one run
    /// per token); else with its parameters merged by name too; else the items nearest the
    /// running value, fewer until they fit. The running value and its operands are always drawn as themselves.
    static func folded(_ state: DebuggerState, pane: Rect) -> Scene {
        // Each merge made only where the less merged one does not fit.
        let foldings = (0...2).lazy.map { state.folds.drawnFolding(around: state.runningNode, level: $0) }
        func fits(_ scene: Scene) -> Bool { scene.width <= pane.width && scene.layout.height <= pane.height }
        let zooms = [Zoom.full, .normal, .record, .compact].drop(while: { $0 != state.zoom })
        // Compact cuts titles to seven columns: fewer items at a roomier zoom come first.
        let roomy = zooms.count > 1 ? Array(zooms.dropLast()) : Array(zooms)
        for zoom in roomy {
            for folding in foldings where folding.items.count <= foldedLimit {
                let scene = foldedScene(state, folding, members: Array(folding.items.indices), zoom: zoom, pane: pane)
                if fits(scene) { return scene }
            }
        }
        let folding = foldings.last!
        let nearest = nearestItems(folding, from: folding.item(of: state.runningNode), limit: neighbourhoodLimit)
        if roomy.count < zooms.count {
            // A level of a few items reads whole even at compact; a bigger one reads better near the running value.
            let wholeAtCompact = { () -> Scene? in
                let scene = foldedScene(state, folding, members: Array(folding.items.indices), zoom: .compact, pane: pane)
                return fits(scene) ? scene : nil
            }
            if folding.items.count <= Self.fewItems, let scene = wholeAtCompact() { return scene }
            for zoom in roomy {
                if let scene = nearestScene(state, folding, nearest, zoom: zoom, pane: pane, fewest: min(8, nearest.count), fits: fits) { return scene }
            }
            if folding.items.count <= foldedLimit, let scene = wholeAtCompact() { return scene }
        }
        return nearestScene(state, folding, nearest, zoom: .compact, pane: pane, fewest: 1, fits: fits)
            ?? foldedScene(state, folding, members: [nearest[0]], zoom: .compact, pane: pane)
    }

    /// The first `count` of `nearest` drawn at `zoom`, for the most that fit (down to `fewest`).
    private static func nearestScene(_ state: DebuggerState, _ folding: Folding, _ nearest: [Int], zoom: Zoom, pane: Rect,
                                     fewest: Int, fits: (Scene) -> Bool) -> Scene? {
        var count = nearest.count
        while true {
            let scene = foldedScene(state, folding, members: Array(nearest.prefix(count)), zoom: zoom, pane: pane)
            if fits(scene) { return scene }
            guard count > fewest else { return nil }
            count = max(fewest, count * 2 / 3)
        }
    }

    /// A level with at most this many items is drawn whole at compact rather than in part at a roomier zoom.
    static let fewItems = 24

    /// A folded graph with more items than this is shown by the items nearest the running value.
    static let foldedLimit = 80

    /// Items by their distance from `start` along lines either way, nearest first.
    private static func nearestItems(_ folding: Folding, from start: Int, limit: Int) -> [Int] {
        var seen: Set<Int> = [start], order = [start], next = 0
        while next < order.count && order.count < limit {
            let item = order[next]
            next += 1
            for neighbour in Array(Set(folding.sources[item])).sorted() + folding.consumers[item] where order.count < limit {
                if seen.insert(neighbour).inserted { order.append(neighbour) }
            }
        }
        return order
    }

    private static func foldedScene(_ state: DebuggerState, _ folding: Folding, members: [Int], zoom: Zoom, pane: Rect) -> Scene {
        let graph = state.graph
        let items = members.sorted()  // in the folding's order: sources first
        var local = [Int: Int]()
        for (i, item) in items.enumerated() { local[item] = i }
        var boxes: [NodeBox] = [], shapes: [NodeShape] = [], slots: [[Int]] = [], ids: [NodeID] = [], hidden: [[Int]] = []
        var feeds = [Bool](repeating: false, count: items.count)
        for item in items {
            let drawn = folding.sources[item].indices.filter { local[folding.sources[item][$0]] != nil }
            for slot in drawn { feeds[local[folding.sources[item][slot]]!] = true }
            let operands = drawn.map { local[folding.sources[item][$0]]! }
            if case .value(let id) = folding.items[item] {
                let box = NodeBox(graph: graph, id: id, zoom: zoom)
                var shape = box.shape
                shape.operands = operands
                shape.entryRows = drawn.map { box.shape.entryRows[$0] }
                boxes.append(box)
                shapes.append(shape)
                slots.append(drawn)
                hidden.append(folding.sources[item].indices.filter { !drawn.contains($0) })
                ids.append(id)
            } else {
                let words = folding.words(item, graph, arrow: state.glyphs.rightArrow, times: state.glyphs.isUnicode ? "×" : "x")
                let box = NodeBox(folded: words.title, detail: words.detail, operands: operands, zoom: zoom)
                boxes.append(box)
                shapes.append(box.shape)
                slots.append(Array(operands.indices))
                hidden.append([])
                ids.append(-1)
            }
        }
        // The items not drawn that a drawn one feeds: counted beside it, as in the nearby view,
        // so that no line leaves a box for nowhere.
        let hiddenConsumers = items.map { item in folding.consumers[item].filter { local[$0] == nil }.count }
        for (i, item) in items.enumerated() where !folding.consumers[item].allSatisfy({ local[$0] != nil }) { feeds[i] = true }
        let layout = Layout(shapes)
        let count = items.count
        var origin = Point(x: -(pane.width - layout.width) / 2, y: -(pane.height - layout.height) / 2)
        if layout.width > pane.width || layout.height > pane.height, let running = local[folding.item(of: state.runningNode)] {
            let box = layout.boxes[running]
            origin = clamp(Point(x: box.x + box.width / 2 - pane.width / 2, y: box.y + box.height / 2 - pane.height / 2), layout, pane)
        }
        var width = layout.width
        for (i, box) in layout.boxes.enumerated() where hiddenConsumers[i] > 0 {
            width = max(width, box.maxX + DisplayWidth.of(moreMark(hiddenConsumers[i])))
        }
        return Scene(kind: .folded, zoom: zoom, layout: layout, boxes: boxes, ids: ids, slots: slots, feedsOthers: feeds,
                     hiddenInputs: hidden, hiddenConsumers: hiddenConsumers,
                     hiddenLost: Array(repeating: nil, count: count), origin: origin, width: width, folding: folding, foldedItems: items)
    }
}
