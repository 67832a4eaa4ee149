/// Phase 3: the top-to-bottom order of the nodes in each column, with few crossings.
///
/// Expects: a `LayeredGraph` and the root.
/// Guarantees: an order of every column; the one with the fewest crossings found by alternating
/// median sweeps (left to right by predecessors, right to left by successors), starting from a
/// depth-first order from the root, so operand 0 is above operand 1 where nothing else decides.
enum Ordering {
    static func columns(_ graph: LayeredGraph, shapes: [NodeShape], sweeps: Int = 8) -> [[Int]] {
        var layers = initialOrder(graph, shapes: shapes)
        var position = [Int](repeating: 0, count: graph.count)
        func index() {
            for layer in layers { for (i, id) in layer.enumerated() { position[id] = i } }
        }
        index()
        var best = layers
        var bestCrossings = crossings(graph, layers, position)
        var sweep = 0
        while sweep < sweeps && bestCrossings > 0 {
            for c in 1..<max(1, layers.count) {
                reorder(&layers[c], by: graph.predecessors, position)
                for (i, id) in layers[c].enumerated() { position[id] = i }
            }
            for c in stride(from: layers.count - 2, through: 0, by: -1) {
                reorder(&layers[c], by: graph.successors, position)
                for (i, id) in layers[c].enumerated() { position[id] = i }
            }
            let count = crossings(graph, layers, position)
            if count < bestCrossings {
                best = layers
                bestCrossings = count
            }
            sweep += 1
        }
        return best
    }

    /// Columns in depth-first pre-order from the sinks, operands in slot order; dummies follow their source.
    private static func initialOrder(_ graph: LayeredGraph, shapes: [NodeShape]) -> [[Int]] {
        var visit = [Int](repeating: -1, count: graph.realCount)
        var counter = 0
        var consumed = [Bool](repeating: false, count: graph.realCount)
        for shape in shapes { for operand in shape.operands { consumed[operand] = true } }
        for sink in (0..<graph.realCount).reversed() where !consumed[sink] {
            var stack = [sink]
            while let id = stack.popLast() {
                guard visit[id] < 0 else { continue }
                visit[id] = counter
                counter += 1
                stack.append(contentsOf: shapes[id].operands.reversed())
            }
        }
        var layers = [[Int]](repeating: [], count: graph.columnCount)
        for id in 0..<graph.count { layers[graph.column[id]].append(id) }
        for c in layers.indices {
            layers[c].sort { a, b in
                let ka = visit[graph.isDummy(a) ? graph.dummySource[a] : a]
                let kb = visit[graph.isDummy(b) ? graph.dummySource[b] : b]
                return ka != kb ? ka < kb : a < b
            }
        }
        return layers
    }

    /// Sorts a column by the median position of each node's neighbours; a node with none keeps its place.
    private static func reorder(_ layer: inout [Int], by neighbours: [[Int]], _ position: [Int]) {
        var keyed: [(key: Double, old: Int, id: Int)] = []
        keyed.reserveCapacity(layer.count)
        var scratch: [Int] = []
        for (i, id) in layer.enumerated() {
            let around = neighbours[id]
            guard !around.isEmpty else {
                keyed.append((Double(i), i, id))
                continue
            }
            scratch.removeAll(keepingCapacity: true)
            for n in around { scratch.append(position[n]) }
            scratch.sort()
            let m = scratch.count / 2
            let median = scratch.count % 2 == 1 ? Double(scratch[m]) : Double(scratch[m - 1] + scratch[m]) / 2
            keyed.append((median, i, id))
        }
        keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.old < $1.old }
        layer = keyed.map(\.id)
    }

    /// The number of pairs of connections that cross, between every pair of adjacent columns.
    /// - Complexity: O(E log V) (inversions counted with a Fenwick tree).
    static func crossings(_ graph: LayeredGraph, _ layers: [[Int]], _ position: [Int]) -> Int {
        var total = 0
        var pairs: [(Int, Int)] = []
        for c in 0..<max(0, layers.count - 1) {
            pairs.removeAll(keepingCapacity: true)
            for source in layers[c] {
                for target in graph.successors[source] { pairs.append((position[source], position[target])) }
            }
            pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            let size = layers[c + 1].count
            var tree = [Int](repeating: 0, count: size + 1)
            var seen = 0
            for (_, target) in pairs {
                // Connections seen so far that end below this one cross it.
                var i = target + 1, notAbove = 0
                while i > 0 { notAbove += tree[i]; i -= i & -i }
                total += seen - notAbove
                i = target + 1
                while i <= size { tree[i] += 1; i += i & -i }
                seen += 1
            }
        }
        return total
    }
}
