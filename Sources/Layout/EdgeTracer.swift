/// What it takes to trace an edge's path after the layout is done: each carrier's route through
/// its gap, the rows, and where columns and tracks sit.
struct EdgeTracer: Sendable {
    let entryRows: [[Int]]
    let operands: [[Int]]
    let exitRows: [Int]
    let column: [Int]
    let firstDummy: [Int]
    let routed: [GapRouter.Net?]
    let top: [Int]
    let packing: Packing

    init(shapes: [NodeShape], graph: LayeredGraph, routed: [GapRouter.Net?], top: [Int], packing: Packing) {
        entryRows = shapes.map(\.entryRows)
        operands = shapes.map(\.operands)
        exitRows = shapes.map(\.exitRow)
        column = graph.column
        firstDummy = graph.firstDummy
        self.routed = routed
        self.top = top
        self.packing = packing
    }

    private var shift: Int { packing.shift }
    private var columnX: [Int] { packing.columnX }
    private func trackX(_ c: Int, _ t: Int) -> Int { packing.trackX(c, t) }

    /// The node that carries `source`'s value in the column just left of `target` (see `LayeredGraph`).
    private func carrier(of source: Int, intoColumn target: Int) -> Int {
        target - 1 == column[source] ? source : firstDummy[source] + (target - 1 - column[source] - 1)
    }

    /// Each trunk and each edge as pieces of them (see `Layout.sharedRoutes`).
    func sharedRoutes(boxes: [Rect]) -> (trunks: [Layout.Trunk], edges: [Layout.SharedEdge]) {
        var farthest = column
        for (v, operands) in operands.enumerated() { for u in operands { farthest[u] = max(farthest[u], column[v]) } }
        var trunks: [Layout.Trunk] = []
        var trunkOf = [Int](repeating: -1, count: operands.count)
        // Per trunk, how many of its points lead to its carrier in each column it crosses.
        var leading: [[Int]] = []
        for u in operands.indices where farthest[u] > column[u] + 1 {
            var points = [Point(x: boxes[u].maxX, y: boxes[u].y + exitRows[u])]
            var counts = [Int](repeating: 0, count: farthest[u] - column[u])
            var carrier = u
            for c in column[u]..<(farthest[u] - 1) {
                let next = self.carrier(of: u, intoColumn: c + 2)
                for turn in routed[carrier]?.turns(to: top[next]) ?? [] {
                    let p = Point(x: trackX(c, turn.track), y: turn.row + shift)
                    if points.last != p { points.append(p) }
                }
                counts[c + 1 - column[u]] = points.count
                carrier = next
            }
            trunkOf[u] = trunks.count
            trunks.append(Layout.Trunk(from: u, points: points))
            leading.append(counts)
        }
        var edges: [Layout.SharedEdge] = []
        for (v, operands) in operands.enumerated() {
            for (slot, u) in operands.enumerated() {
                let end = Point(x: boxes[v].x - 1, y: boxes[v].y + entryRows[v][slot])
                guard column[v] > column[u] + 1 else {
                    edges.append(Layout.SharedEdge(from: u, to: v, slot: slot, trunk: nil, along: 0,
                                                   points: edgePoints(from: u, into: v, slot: slot, boxes: boxes)))
                    continue
                }
                let last = carrier(of: u, intoColumn: column[v])
                var points: [Point] = []
                for turn in routed[last]?.turns(to: top[v] + entryRows[v][slot]) ?? [] {
                    points.append(Point(x: trackX(column[v] - 1, turn.track), y: turn.row + shift))
                }
                points.append(end)
                edges.append(Layout.SharedEdge(from: u, to: v, slot: slot, trunk: trunkOf[u],
                                               along: leading[trunkOf[u]][column[v] - 1 - column[u]], points: points))
            }
        }
        return (trunks, edges)
    }

    /// Each edge into `v`: its corner points, following its net through every gap it crosses.
    func edges(into v: Int, boxes: [Rect]) -> [EdgeRoute] {
        operands[v].enumerated().map { slot, u in
            EdgeRoute(from: u, to: v, slot: slot, points: edgePoints(from: u, into: v, slot: slot, boxes: boxes))
        }
    }

    /// One edge's corners, following its net through every gap it crosses.
    private func edgePoints(from u: Int, into v: Int, slot: Int, boxes: [Rect]) -> [Point] {
        var points = [Point(x: boxes[u].maxX, y: boxes[u].y + exitRows[u])]
        var carrier = u
        while let net = routed[carrier] {
            let c = column[carrier]
            let arrivingHere = c + 1 == column[v]
            let row = arrivingHere ? top[v] + entryRows[v][slot] : top[self.carrier(of: u, intoColumn: c + 2)]
            for turn in net.turns(to: row) {
                Layout.appendCorner(Point(x: trackX(c, turn.track), y: turn.row + shift), to: &points)
            }
            if arrivingHere { break }
            carrier = self.carrier(of: u, intoColumn: c + 2)
        }
        Layout.appendCorner(Point(x: boxes[v].x - 1, y: boxes[v].y + entryRows[v][slot]), to: &points)
        return points
    }
}
