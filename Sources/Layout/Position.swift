/// Phase 4: the row of every node's top edge.
///
/// Expects: a `LayeredGraph` and the order of each column.
/// Guarantees: within a column, nodes keep their order with at least `gap` empty rows between
/// boxes (dummies, one row each, may sit on adjacent rows); each node is pulled towards the rows
/// of the lines it joins, so a value with one consumer lines up with it and its edge is straight.
/// The topmost node is on row 0.
enum Position {
    static func rows(_ graph: LayeredGraph, _ layers: [[Int]], gap: Int = 1, passes: Int = 4) -> [Int] {
        var top = [Int](repeating: 0, count: graph.count)
        let incoming = incomingPorts(graph)
        // The top row that would put each line into a node straight: from its inputs, from its consumers.
        func alignedWithInputs(_ id: Int) -> [Double] {
            incoming[id].map { Double(top[$0.source] + graph.exitOffset[$0.source] - $0.offset) }
        }
        func alignedWithConsumers(_ id: Int) -> [Double] {
            graph.outgoing[id].map { Double(top[$0.target] + $0.offset - graph.exitOffset[id]) }
        }
        for layer in layers {
            var y = 0
            for (i, id) in layer.enumerated() {
                top[id] = y
                y += graph.height[id] + separation(graph, layer, i, gap)
            }
        }
        for pass in 0..<passes {
            for layer in layers {
                place(layer, graph, &top, gap, wanted: layer.map(alignedWithInputs))
            }
            // The last pass weighs both sides, so a node sits between its inputs and its consumers.
            let bothSides = pass == passes - 1
            for layer in layers.reversed() {
                let wanted = layer.map { id in
                    bothSides ? alignedWithConsumers(id) + alignedWithInputs(id) : alignedWithConsumers(id)
                }
                place(layer, graph, &top, gap, wanted: wanted)
            }
        }
        let lowest = top.min() ?? 0
        return top.map { $0 - lowest }
    }

    /// Rows between node `i` of a column and the next: none between two dummies, else `gap`.
    private static func separation(_ graph: LayeredGraph, _ layer: [Int], _ i: Int, _ gap: Int) -> Int {
        guard i + 1 < layer.count else { return 0 }
        return graph.isDummy(layer[i]) && graph.isDummy(layer[i + 1]) ? 0 : gap
    }

    private static func incomingPorts(_ graph: LayeredGraph) -> [[(source: Int, offset: Int)]] {
        var incoming = [[(source: Int, offset: Int)]](repeating: [], count: graph.count)
        for source in 0..<graph.count {
            for port in graph.outgoing[source] { incoming[port.target].append((source, port.offset)) }
        }
        return incoming
    }

    /// Moves a column's nodes as near their wanted tops as their order and spacing allow:
    /// isotonic regression (pool adjacent violators) on top minus the minimum offset before it.
    private static func place(_ layer: [Int], _ graph: LayeredGraph, _ top: inout [Int], _ gap: Int,
                              wanted: [[Double]]) {
        guard !layer.isEmpty else { return }
        var offset = [Int](repeating: 0, count: layer.count)
        for i in 1..<layer.count {
            offset[i] = offset[i - 1] + graph.height[layer[i - 1]] + separation(graph, layer, i - 1, gap)
        }
        // Blocks of pooled nodes: their mean target, total weight, and how many nodes they hold.
        var blocks: [(mean: Double, weight: Double, count: Int)] = []
        blocks.reserveCapacity(layer.count)
        for (i, id) in layer.enumerated() {
            let rows = wanted[i]
            let target = rows.isEmpty ? Double(top[id]) : rows.reduce(0, +) / Double(rows.count)
            // Real boxes pull harder than dummies, and a node with no lines barely pulls at all.
            let weight = rows.isEmpty ? 0.01 : (graph.isDummy(id) ? 1 : 2)
            blocks.append((target - Double(offset[i]), weight, 1))
            while blocks.count > 1 && blocks[blocks.count - 2].mean > blocks[blocks.count - 1].mean {
                let b = blocks.removeLast(), a = blocks.removeLast()
                let weight = a.weight + b.weight
                blocks.append(((a.mean * a.weight + b.mean * b.weight) / weight, weight, a.count + b.count))
            }
        }
        var i = 0
        for block in blocks {
            let z = Int(block.mean.rounded())
            for _ in 0..<block.count {
                top[layer[i]] = z + offset[i]
                i += 1
            }
        }
    }
}
