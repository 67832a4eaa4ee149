/// Phase 6: where each column sits across the drawing.
///
/// Expects: each gap's track count and nets from `GapRouter`.
/// Guarantees: each column is as wide as its widest box; between two columns, a stub out of the
/// source, one column per track and the arrowhead (`Layout.gapWidth`), and `spacing` more with
/// the tracks in the middle. Rows are shifted down so that a dogleg above the first box still
/// starts at row 0.
struct Packing: Sendable {
    /// Each column's left edge and width.
    let columnX: [Int]
    let columnWidth: [Int]
    /// Rows added above row 0 of `Position`, for doglegs that turn above every box.
    let shift: Int
    /// The drawing's width: the last column's right edge.
    let width: Int
    /// Columns added to every gap, half before its tracks.
    let spacing: Int

    init(_ graph: LayeredGraph, _ shapes: [NodeShape], tracks: [Int], nets: [GapRouter.Net?], spacing: Int = 0) {
        self.spacing = spacing
        let columnCount = graph.columnCount
        var columnX = [Int](repeating: 0, count: columnCount)
        var columnWidth = [Int](repeating: 1, count: columnCount)
        for id in 0..<graph.realCount { columnWidth[graph.column[id]] = max(columnWidth[graph.column[id]], shapes[id].width) }
        for c in 1..<max(1, columnCount) {
            columnX[c] = columnX[c - 1] + columnWidth[c - 1] + Layout.gapWidth(tracks: tracks[c - 1]) + spacing
        }
        self.columnX = columnX
        self.columnWidth = columnWidth
        shift = -nets.reduce(0) { lowest, net in min(lowest, net?.dogleg?.row ?? 0) }
        width = columnCount == 0 ? 0 : columnX[columnCount - 1] + columnWidth[columnCount - 1]
    }

    /// The x of track `t` in the gap right of column `c`.
    func trackX(_ c: Int, _ t: Int) -> Int { columnX[c] + columnWidth[c] + 1 + spacing / 2 + t }

    /// Each real node's box: its column's x, its row from `Position` shifted, its shape's size.
    func boxes(_ graph: LayeredGraph, _ shapes: [NodeShape], top: [Int]) -> [Rect] {
        (0..<graph.realCount).map { id in
            Rect(x: columnX[graph.column[id]], y: top[id] + shift, width: shapes[id].width, height: shapes[id].height)
        }
    }
}
