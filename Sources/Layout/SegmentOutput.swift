/// Phase 7: the lines to draw, net by net and gap by gap.
///
/// Expects: each gap's routed nets from `GapRouter`, rows from `Position`, x positions from `Packing`.
/// Guarantees: every net's pieces as horizontal and vertical segments, in drawing coordinates: from
/// the source's exit to its track (a dogleg turns twice before), the trunk along the track, then
/// one branch per row it feeds, ending in an arrow where it reaches a real box and running on
/// into a dummy otherwise. A straight net is one horizontal segment.
enum SegmentOutput {
    static func segments(_ graph: LayeredGraph, _ shapes: [NodeShape], _ nets: [GapRouter.Net?], top: [Int],
                         packing: Packing) -> [Segment] {
        var segments: [Segment] = []
        for case let net? in nets { append(net, graph, shapes, top, packing, to: &segments) }
        return segments
    }

    private static func append(_ net: GapRouter.Net, _ graph: LayeredGraph, _ shapes: [NodeShape], _ top: [Int],
                               _ packing: Packing, to segments: inout [Segment]) {
        let s = net.source, shift = packing.shift
        let c = graph.column[s]
        let owner = graph.isDummy(s) ? graph.dummySource[s] : s
        let startX = graph.isDummy(s) ? packing.columnX[c] : packing.columnX[c] + shapes[s].width
        let nextX = packing.columnX[c + 1]
        func horizontal(_ x0: Int, _ x1: Int, _ y: Int, arrow: Bool) {
            segments.append(Segment(net: owner, start: Point(x: x0, y: y + shift), end: Point(x: x1, y: y + shift), arrow: arrow))
        }
        func vertical(_ x: Int, _ y0: Int, _ y1: Int) {
            guard y0 != y1 else { return }
            segments.append(Segment(net: owner, start: Point(x: x, y: min(y0, y1) + shift),
                                    end: Point(x: x, y: max(y0, y1) + shift), arrow: false))
        }
        // A row ends in an arrow where it reaches a real box, and runs on into a dummy otherwise.
        func arrival(_ x: Int, _ row: Int) {
            let arrow = graph.outgoing[s].contains { !graph.isDummy($0.target) && top[$0.target] + $0.offset == row }
            horizontal(x, arrow ? nextX - 1 : nextX, row, arrow: arrow)
        }
        guard let t = net.track else { return arrival(startX, net.sourceRow) }
        let x = packing.trackX(c, t)
        var lead = [Point(x: startX, y: net.sourceRow)]
        lead += net.turns(to: net.sourceRow).dropLast().map { Point(x: packing.trackX(c, $0.track), y: $0.row) }
        for (a, b) in zip(lead, lead.dropFirst()) {
            if a.y == b.y { horizontal(a.x, b.x, a.y, arrow: false) } else { vertical(a.x, a.y, b.y) }
        }
        let rows = net.targetRows + [lead.last!.y]
        vertical(x, rows.min()!, rows.max()!)
        for row in net.targetRows { arrival(x, row) }
    }
}
