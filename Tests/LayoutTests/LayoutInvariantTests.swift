import Testing
@testable import Autograd
@testable import Layout

/// The drawing rules every layout must keep, checked on many generated graphs.
@Suite struct LayoutInvariantTests {
    /// Shapes like the debugger's: binary ops taller, ports on the first/last and middle rows.
    static func shapes(_ graph: Graph, seed: UInt64) -> [NodeShape] {
        var rng = SeededGenerator(seed: seed)
        return graph.nodes.map { node in
            let interior = max(Int.random(in: 1...3, using: &rng), node.operands.count)
            let exit = 1 + (interior - 1) / 2
            let entries = node.operands.count == 2 ? [1, interior] : node.operands.isEmpty ? [] : [exit]
            return NodeShape(width: Int.random(in: 5...14, using: &rng), height: interior + 2,
                             exitRow: exit, entryRows: entries, operands: node.operands)
        }
    }

    static func randomGraph(_ seed: UInt64, count: Int) -> Graph {
        var rng = SeededGenerator(seed: seed)
        var g = Graph()
        for _ in 0..<3 { g.leaf(1) }
        while g.count < count {
            // Mostly recent operands (deep graphs), sometimes far ones (long edges and fan-out).
            func pick() -> Int {
                Bool.random(using: &rng) ? Int.random(in: max(0, g.count - 4)..<g.count, using: &rng)
                                          : Int.random(in: 0..<g.count, using: &rng)
            }
            switch Int.random(in: 0..<6, using: &rng) {
            case 0, 1: g.apply(.add, pick(), pick())
            case 2, 3: g.apply(.mul, pick(), pick())
            case 4: let x = pick(); g.apply(.add, x, x)
            default: g.apply(.tanh, pick())
            }
        }
        return g.reachable(from: g.count - 1).graph
    }

    static let seeds: [UInt64] = Array(1...40)

    @Test(arguments: seeds)
    func boxesNeverOverlap(_ seed: UInt64) {
        let graph = Self.randomGraph(seed, count: 10 + Int(seed) * 3)
        let layout = Layout(Self.shapes(graph, seed: seed))
        let boxes = layout.boxes
        for i in boxes.indices {
            #expect(boxes[i].x >= 0 && boxes[i].y >= 0 && boxes[i].maxX <= layout.width && boxes[i].maxY <= layout.height)
            for j in boxes.indices where j > i {
                #expect(!boxes[i].intersects(boxes[j]), "boxes \(i) and \(j) overlap: \(boxes[i]) \(boxes[j])")
            }
        }
    }

    @Test(arguments: seeds)
    func everyOperandSlotHasOneRightwardRightAngleEdge(_ seed: UInt64) {
        let graph = Self.randomGraph(seed, count: 10 + Int(seed) * 3)
        let shapes = Self.shapes(graph, seed: seed)
        let layout = Layout(shapes)
        #expect(layout.edges.count == shapes.map(\.operands.count).reduce(0, +))
        for (v, shape) in shapes.enumerated() {
            let edges = Array(layout.edges(into: v))
            #expect(edges.map(\.slot) == Array(shape.operands.indices))
            #expect(edges.map(\.from) == shape.operands)
            for edge in edges {
                let source = layout.boxes[edge.from], target = layout.boxes[v]
                #expect(layout.column[edge.from] < layout.column[v])
                #expect(edge.points.first == Point(x: source.maxX, y: source.y + shapes[edge.from].exitRow))
                #expect(edge.points.last == Point(x: target.x - 1, y: target.y + shape.entryRows[edge.slot]))
                for (a, b) in zip(edge.points, edge.points.dropFirst()) {
                    #expect(a.x == b.x || a.y == b.y, "not a right angle: \(a) → \(b)")
                    #expect(b.x >= a.x, "edge \(edge.from)→\(v) goes left: \(a) → \(b)")
                }
            }
        }
    }

    /// Every cell each net's segments cover, with the sides it joins.
    private func raster(_ layout: Layout) -> [Point: [(net: Int, vertical: Bool, corner: Bool)]] {
        var cells: [Point: [(Int, Bool, Bool)]] = [:]
        for s in layout.segments {
            let vertical = s.isVertical
            let cellsOf: [Point] = vertical
                ? (s.start.y...s.end.y).map { Point(x: s.start.x, y: $0) }
                : (s.start.x...s.end.x).map { Point(x: $0, y: s.start.y) }
            for (i, p) in cellsOf.enumerated() {
                let isEnd = i == 0 || i == cellsOf.count - 1
                cells[p, default: []].append((s.net, vertical, isEnd))
            }
        }
        return cells
    }

    @Test(arguments: seeds)
    func noLineRunsThroughABox(_ seed: UInt64) {
        let graph = Self.randomGraph(seed, count: 10 + Int(seed) * 3)
        let layout = Layout(Self.shapes(graph, seed: seed))
        for cell in raster(layout).keys {
            for (id, box) in layout.boxes.enumerated() {
                #expect(!box.contains(cell), "a line crosses box \(id) at \(cell)")
            }
        }
    }

    @Test(arguments: seeds)
    func twoNetsMeetOnlyAtRightAngleCrossings(_ seed: UInt64) {
        let graph = Self.randomGraph(seed, count: 10 + Int(seed) * 3)
        let layout = Layout(Self.shapes(graph, seed: seed))
        for (cell, pieces) in raster(layout) {
            let nets = Set(pieces.map(\.net))
            guard nets.count > 1 else { continue }
            #expect(nets.count == 2, "three nets share \(cell)")
            // Exactly one vertical net and one horizontal net, neither ending or turning here.
            let byNet = Dictionary(grouping: pieces, by: \.net)
            let kinds = byNet.values.map { group in Set(group.map(\.vertical)) }
            #expect(kinds.allSatisfy { $0.count == 1 } && Set(kinds.map { $0.first! }).count == 2,
                    "nets \(nets) overlap at \(cell)")
            #expect(byNet.values.allSatisfy { group in !group.contains { $0.corner } || group.count > 1 && !group.allSatisfy(\.corner) },
                    "a net turns or ends where another crosses, at \(cell)")
        }
    }

    @Test(arguments: seeds)
    func everyEdgeCanBeFollowedAlongItsOwnNet(_ seed: UInt64) {
        let graph = Self.randomGraph(seed, count: 10 + Int(seed) * 3)
        let layout = Layout(Self.shapes(graph, seed: seed))
        let cells = raster(layout)
        for edge in layout.edges {
            for (a, b) in zip(edge.points, edge.points.dropFirst()) {
                for x in min(a.x, b.x)...max(a.x, b.x) {
                    for y in min(a.y, b.y)...max(a.y, b.y) {
                        #expect(cells[Point(x: x, y: y)]?.contains { $0.net == edge.from } == true,
                                "edge \(edge.from)→\(edge.to) has a gap at \(x),\(y)")
                    }
                }
            }
        }
    }

    @Test func layoutIsDeterministic() {
        let graph = Self.randomGraph(7, count: 60)
        let a = Layout(Self.shapes(graph, seed: 7)), b = Layout(Self.shapes(graph, seed: 7))
        #expect(a.boxes == b.boxes)
        #expect(a.edges == b.edges)
        #expect(a.segments == b.segments)
    }

    @Test func leavesLeftRootRightAndColumnsArePacked() {
        // f = (a*b)*(a+b): three columns, leaves first, the root last.
        var g = Graph()
        let a = g.leaf(-2), b = g.leaf(3)
        let d = g.apply(.mul, a, b), e = g.apply(.add, a, b)
        let f = g.apply(.mul, d, e)
        let layout = Layout(Self.shapes(g, seed: 1))
        #expect(layout.column == [0, 0, 1, 1, 2])
        #expect(layout.boxes[a].maxX < layout.boxes[d].x)
        #expect(layout.boxes[d].maxX < layout.boxes[f].x)
        // a + a gets two separate arrows into the same box.
        var h = Graph()
        let x = h.leaf(3)
        let y = h.apply(.add, x, x)
        let twice = Layout(Self.shapes(h, seed: 2))
        let arrows = twice.edges(into: y).map { $0.points.last! }
        #expect(Set(arrows).count == 2)
    }

    @Test func viewportQueriesFindExactlyTheVisibleItems() {
        let graph = Self.randomGraph(11, count: 200)
        let layout = Layout(Self.shapes(graph, seed: 11))
        let view = Rect(x: layout.width / 3, y: layout.height / 3, width: 40, height: 20)
        #expect(Set(layout.boxes(in: view)) == Set(layout.boxes.indices.filter { layout.boxes[$0].intersects(view) }))
        #expect(Set(layout.segments(in: view)) == Set(layout.segments.indices.filter { layout.segments[$0].bounds.intersects(view) }))
    }
}
