import Autograd
import Canvas
import Layout

/// The scene of the graph folded by the learner's calls (`Folding`).
extension Scene {
    /// The graph folded around the running node: whole at the user's zoom where it fits the
    /// pane, else at less; else with its repeats merged (`gpt ×7`, one run per token); where
    /// even that is too big at compact, the items nearest the running value, fewer until they fit.
    static func folded(_ state: DebuggerState, pane: Rect) -> Scene {
        let order: [Zoom] = [.full, .normal, .record, .compact]
        func fits(_ scene: Scene) -> Bool { scene.width <= pane.width && scene.layout.height <= pane.height }
        var scene: Scene?
        var folding = state.folds.folding(around: state.runningNode)
        for merging in 0..<3 {
            // Each merge only where the less merged view does not fit: repeats, then parameters.
            if merging > 0 { folding = state.folds.mergedFolding(around: state.runningNode, groups: merging == 2) }
            guard folding.items.count <= foldedLimit else { continue }
            for zoom in order.drop(while: { $0 != state.zoom }) {
                scene = foldedScene(state, folding, members: Array(folding.items.indices), zoom: zoom, pane: pane)
                if fits(scene!) { return scene! }
            }
        }
        // Fewer items before smaller boxes, down to a dozen: a compact box cuts a title to seven columns.
        let nearest = nearestItems(folding, from: folding.item(of: state.runningNode), limit: neighbourhoodLimit)
        for zoom in order.drop(while: { $0 != state.zoom }) {
            var count = nearest.count
            while true {
                scene = foldedScene(state, folding, members: Array(nearest.prefix(count)), zoom: zoom, pane: pane)
                if fits(scene!) { return scene! }
                let fewest = zoom == .compact ? 1 : min(12, nearest.count)
                guard count > fewest else { break }
                count = max(fewest, count * 2 / 3)
            }
        }
        return scene!
    }

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
        // The items not drawn that a drawn one feeds: counted beside it, as in the nearby view.
        // A folded box says what it gives out already (`16 out`); a count of what it feeds reads as a second one.
        let hiddenConsumers = items.map { item in
            folding.items[item].isFolded ? 0 : folding.consumers[item].filter { local[$0] == nil }.count
        }
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
