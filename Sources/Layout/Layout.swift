/// A left-to-right layered drawing of a DAG in terminal cells: leaves on the left, sinks on
/// the right, every edge a right-angle path that points right.
///
/// The pipeline, one phase a line of `init` and a file: `Rank` (columns), `LayeredGraph` (long
/// edges split), `Ordering` (crossings), `Position` (rows), `GapRouter` (tracks), `Packing`
/// (x positions), `SegmentOutput` (the lines); `EdgeTracer` traces each edge when asked.
public struct Layout: Sendable {
    public let width: Int
    public let height: Int
    /// Each node's box.
    public let boxes: [Rect]
    /// Each node's column.
    public let column: [Int]
    /// How many columns of boxes (and so gaps, one fewer) the drawing has.
    public let columnCount: Int
    /// Where each node's operand slots start in `edges`: node v's are `edges[edgeStart[v]..<edgeStart[v + 1]]`.
    let edgeStart: [Int]
    /// The lines to draw: each net's pieces, deduplicated.
    public let segments: [Segment]
    private let index: SpatialIndex
    private let tracer: EdgeTracer

    /// Lays out `shapes` (operands must have smaller ids than their consumers), with `spacing`
    /// columns more in every gap than its lines need (for a small graph on a big screen).
    /// - Complexity: about O((V + E) log V) for V nodes plus dummies and E connections.
    public init(_ shapes: [NodeShape], spacing: Int = 0) {
        let graph = LayeredGraph(shapes, columns: Rank.columns(shapes))
        let layers = Ordering.columns(graph, shapes: shapes)
        let top = Position.rows(graph, layers)
        let routed = GapRouter.routeGaps(graph, layers, top: top)
        let packing = Packing(graph, shapes, tracks: routed.tracks, nets: routed.nets, spacing: spacing)
        boxes = packing.boxes(graph, shapes, top: top)
        segments = SegmentOutput.segments(graph, shapes, routed.nets, top: top, packing: packing)
        width = packing.width
        height = max(boxes.map(\.maxY).max() ?? 0, (segments.map(\.end.y).max() ?? -1) + 1)
        column = Array(graph.column[0..<graph.realCount])
        columnCount = graph.columnCount
        edgeStart = shapes.reduce(into: [0]) { $0.append($0.last! + $1.operands.count) }
        tracer = EdgeTracer(shapes: shapes, graph: graph, routed: routed.nets, top: top, packing: packing)
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
    static func appendCorner(_ p: Point, to out: inout [Point]) {
        if let last = out.last, last == p { return }
        if out.count >= 2 {
            let a = out[out.count - 2], b = out[out.count - 1]
            if (a.x == b.x && b.x == p.x) || (a.y == b.y && b.y == p.y) { out[out.count - 1] = p; return }
        }
        out.append(p)
    }
}
