/// A left-to-right layered drawing of a DAG in terminal cells: leaves on the left, sinks on
/// the right, every edge a right-angle path that points right.
///
/// The pipeline, one file per phase: `Rank` (columns), `LayeredGraph` (long edges split),
/// `Ordering` (crossings), `Position` (rows), `GapRouter` (tracks), then columns are packed as
/// narrow as their widest box and their gap's tracks allow.
public struct Layout: Sendable {
    public let width: Int
    public let height: Int
    /// Each node's box.
    public let boxes: [Rect]
    /// Each node's column.
    public let column: [Int]
    /// Where each node's operand slots start in `edges`: node v's are `edges[edgeStart[v]..<edgeStart[v + 1]]`.
    public let edgeStart: [Int]
    /// The lines to draw: each net's pieces, deduplicated.
    public let segments: [Segment]
    private let index: SpatialIndex
    private let tracer: EdgeTracer

    /// Lays out `shapes` (operands must have smaller ids than their consumers).
    /// - Complexity: about O((V + E) log V) for V nodes plus dummies and E connections.
    public init(_ shapes: [NodeShape]) {
        let graph = LayeredGraph(shapes, columns: Rank.columns(shapes))
        let layers = Ordering.columns(graph, shapes: shapes)
        let top = Position.rows(graph, layers)
        let columnCount = graph.columnCount

        // Route every gap from rows alone; x positions follow from the track counts.
        var routed = [GapRouter.Net?](repeating: nil, count: graph.count)
        var tracks = [Int](repeating: 0, count: columnCount)
        for c in 0..<max(0, columnCount - 1) {
            var nets: [GapRouter.Net] = []
            for source in layers[c] where !graph.outgoing[source].isEmpty {
                var rows = graph.outgoing[source].map { top[$0.target] + $0.offset }
                rows.sort()
                nets.append(GapRouter.Net(source: source, sourceRow: top[source] + graph.exitOffset[source],
                                          targetRows: rows))
            }
            let result = GapRouter.route(nets)
            tracks[c] = result.tracks
            for net in result.nets { routed[net.source] = net }
        }
        var columnX = [Int](repeating: 0, count: columnCount)
        var columnWidth = [Int](repeating: 1, count: columnCount)
        for id in 0..<graph.realCount { columnWidth[graph.column[id]] = max(columnWidth[graph.column[id]], shapes[id].width) }
        for c in 1..<max(1, columnCount) {
            columnX[c] = columnX[c - 1] + columnWidth[c - 1] + Self.gapWidth(tracks: tracks[c - 1])
        }
        func trackX(_ c: Int, _ t: Int) -> Int { columnX[c] + columnWidth[c] + 1 + t }

        // Doglegs may use rows above the first box: shift everything down to start at row 0.
        var lowest = 0
        for case let net? in routed { if let dogleg = net.dogleg { lowest = min(lowest, dogleg.row) } }
        let shift = -lowest

        var boxes = [Rect]()
        boxes.reserveCapacity(graph.realCount)
        for id in 0..<graph.realCount {
            boxes.append(Rect(x: columnX[graph.column[id]], y: top[id] + shift,
                              width: shapes[id].width, height: shapes[id].height))
        }

        // Segments, net by net and gap by gap.
        var segments: [Segment] = []
        for case let net? in routed {
            let s = net.source
            let c = graph.column[s]
            let net0 = graph.isDummy(s) ? graph.dummySource[s] : s
            let startX = graph.isDummy(s) ? columnX[c] : columnX[c] + shapes[s].width
            let nextX = columnX[c + 1]
            func horizontal(_ x0: Int, _ x1: Int, _ y: Int, arrow: Bool) {
                segments.append(Segment(net: net0, start: Point(x: x0, y: y + shift), end: Point(x: x1, y: y + shift), arrow: arrow))
            }
            func vertical(_ x: Int, _ y0: Int, _ y1: Int) {
                guard y0 != y1 else { return }
                segments.append(Segment(net: net0, start: Point(x: x, y: min(y0, y1) + shift),
                                        end: Point(x: x, y: max(y0, y1) + shift), arrow: false))
            }
            // A row ends in an arrow where it reaches a real box, and runs on into a dummy otherwise.
            func endsInArrow(_ row: Int) -> Bool {
                graph.outgoing[s].contains { !graph.isDummy($0.target) && top[$0.target] + $0.offset == row }
            }
            func arrival(_ x: Int, _ row: Int) {
                let arrow = endsInArrow(row)
                horizontal(x, arrow ? nextX - 1 : nextX, row, arrow: arrow)
            }
            guard let t = net.track else {
                arrival(startX, net.sourceRow)
                continue
            }
            // From the exit to where the line first reaches its own track (a dogleg turns twice
            // before), then the trunk along the track, then one branch per row it feeds.
            let x = trackX(c, t)
            var lead = [Point(x: startX, y: net.sourceRow)]
            lead += net.turns(to: net.sourceRow).dropLast().map { Point(x: trackX(c, $0.track), y: $0.row) }
            for (a, b) in zip(lead, lead.dropFirst()) {
                if a.y == b.y { horizontal(a.x, b.x, a.y, arrow: false) } else { vertical(a.x, a.y, b.y) }
            }
            let rows = net.targetRows + [lead.last!.y]
            vertical(x, rows.min()!, rows.max()!)
            for row in net.targetRows { arrival(x, row) }
        }

        var edgeStart = [0]
        for shape in shapes { edgeStart.append(edgeStart.last! + shape.operands.count) }

        let lastColumn = columnCount - 1
        width = columnCount == 0 ? 0 : columnX[lastColumn] + columnWidth[lastColumn]
        height = max(boxes.map(\.maxY).max() ?? 0, (segments.map(\.end.y).max() ?? -1) + 1)
        self.boxes = boxes
        self.column = Array(graph.column[0..<graph.realCount])
        self.edgeStart = edgeStart
        self.segments = segments
        tracer = EdgeTracer(shapes: shapes, graph: graph, routed: routed, top: top, shift: shift,
                            columnX: columnX, columnWidth: columnWidth)
        index = SpatialIndex(boxes: boxes, segments: segments, height: height)
    }

    /// Columns between two columns of boxes: a stub out of the source, the tracks, the arrowhead.
    static func gapWidth(tracks: Int) -> Int { tracks + 2 }

    /// The ids of the boxes that overlap `rect`.
    public func boxes(in rect: Rect) -> [Int] {
        index.boxes(in: rect).filter { boxes[$0].intersects(rect) }
    }

    /// The indices of the segments that overlap `rect`.
    public func segments(in rect: Rect) -> [Int] {
        index.segments(in: rect).filter { segments[$0].bounds.intersects(rect) }
    }

    /// The edges into node `v`, one per operand slot, traced when asked for.
    /// - Complexity: O(columns each edge spans).
    public func edges(into v: Int) -> [EdgeRoute] {
        tracer.edges(into: v, boxes: boxes)
    }

    /// Every operand slot's edge, grouped by target. Traced on demand and not kept: a value used
    /// across n columns has n edges of up to n corners each, which would make storing them quadratic.
    public var edges: [EdgeRoute] {
        boxes.indices.flatMap { edges(into: $0) }
    }

    /// Every edge, with the lines that several edges run along written once: a value whose line
    /// crosses more than one gap has a trunk (its line from its box through every column it
    /// passes), and each of its edges is the first `along` points of that trunk followed by
    /// `points`, its own way from there. Joined with `appendCorner`'s rule (a repeated point and
    /// points in the middle of a straight run dropped), the two give the edge's `points` exactly.
    /// - Complexity: O(V + E + total trunk length): linear, where `edges` is quadratic for a value
    ///   used across many columns.
    public var sharedRoutes: (trunks: [Trunk], edges: [SharedEdge]) {
        tracer.sharedRoutes(boxes: boxes)
    }

    /// The line of a value that runs on past the gap next to it: from its box's exit, through the
    /// tracks of every gap it crosses, to the column before its farthest consumer.
    public struct Trunk: Hashable, Sendable {
        public var from: Int
        public var points: [Point]
    }

    /// One operand slot's edge: `trunk` (an index into the trunks) and how many of its points the
    /// edge shares, or nil for an edge within one gap; then its own points.
    public struct SharedEdge: Hashable, Sendable {
        public var from: Int
        public var to: Int
        public var slot: Int
        public var trunk: Int?
        public var along: Int
        public var points: [Point]
    }

    /// The corners of a path given as pieces, joined as `edges` joins them.
    public static func joined(_ pieces: [Point]...) -> [Point] {
        var out: [Point] = []
        for piece in pieces { for p in piece { appendCorner(p, to: &out) } }
        return out
    }

    /// Appends `p` to a path of corners, dropping repeats and points in the middle of a straight run.
    fileprivate static func appendCorner(_ p: Point, to out: inout [Point]) {
        if let last = out.last, last == p { return }
        if out.count >= 2 {
            let a = out[out.count - 2], b = out[out.count - 1]
            if (a.x == b.x && b.x == p.x) || (a.y == b.y && b.y == p.y) { out[out.count - 1] = p; return }
        }
        out.append(p)
    }
}

/// What it takes to trace an edge's path after the layout is done: each carrier's route through
/// its gap, the rows, and where columns and tracks sit.
private struct EdgeTracer: Sendable {
    let entryRows: [[Int]]
    let operands: [[Int]]
    let exitRows: [Int]
    let column: [Int]
    let firstDummy: [Int]
    let routed: [GapRouter.Net?]
    let top: [Int]
    let shift: Int
    let columnX: [Int]
    let columnWidth: [Int]

    init(shapes: [NodeShape], graph: LayeredGraph, routed: [GapRouter.Net?], top: [Int], shift: Int,
         columnX: [Int], columnWidth: [Int]) {
        entryRows = shapes.map(\.entryRows)
        operands = shapes.map(\.operands)
        exitRows = shapes.map(\.exitRow)
        column = graph.column
        firstDummy = graph.firstDummy
        self.routed = routed
        self.top = top
        self.shift = shift
        self.columnX = columnX
        self.columnWidth = columnWidth
    }

    private func trackX(_ c: Int, _ t: Int) -> Int { columnX[c] + columnWidth[c] + 1 + t }

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
