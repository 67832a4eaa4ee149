import Canvas
import Layout

/// Help in a box over the middle of the screen, on two pages that each fit 80x24: every key,
/// then what every mark on the screen means.
struct HelpOverlay {
    let state: DebuggerState

    /// The legend: a sample of each mark as the screen draws it, and what it means.
    var legend: [(mark: String, meaning: String)] {
        let g = state.glyphs
        let marks = state.marks
        let running = g.runningBox.topLeft + g.runningBox.horizontal + g.runningBox.topRight
        let heavy = g.line([.left, .right], heavy: true)
        let dots = g.dots
        return [
            (running, "double border: the value whose _backward() runs now"),
            (heavy + heavy + g.arrow, "heavy line: the gradient flows back along it now"),
            ("=", "this step set the grad: grad = (the buggy rule)"),
            ("+=", "this step added to the grad: grad += (the fixed rule)"),
            ("LOST", "grad = threw a non-zero grad away"),
            ("?", "predict (P): what the step wrote, until n or r"),
            (marks.differ, "compare (c): the two engines' grads differ"),
            (marks.right + " " + marks.wrong, "truth (t): a final grad, right or wrong"),
            (dots + g.arrow + " " + dots + " 3 more", "lines to values not drawn (nearby view)"),
            ("topo, walked " + g.upArrow, "the order: backward() walks it upwards"),
            (g.current + " 3  " + g.done, "running at step 3 / already run"),
            ("BUGGY grad =", "the engine: = overwrites, += accumulates"),
        ] + (state.script.recordedPass == nil ? [] : [
            (marks.wrong, "yours: your code wrote what the chain rule would not"),
        ]) + [
            ("[normal\(g.separator)nearby]", "zoom, overlays and view; nearby: the running"),
            ("", "node with its operands and consumers"),
        ]
    }

    func draw(into grid: inout Grid) {
        let g = state.glyphs
        let keys = state.helpPage == 0
        let rows = keys ? Bindings.documented.map { ($0.keysText(unicode: g.isUnicode), $0.help(g)) }
                        : legend.map { ($0.mark, $0.meaning) }
        let leftWidth = rows.map { DisplayWidth.of($0.0) }.max() ?? 0
        let rightWidth = rows.map { DisplayWidth.of($0.1) }.max() ?? 0
        let width = min(grid.width - 2, leftWidth + rightWidth + 6)
        let height = min(grid.height - 2, rows.count + 4)
        let x0 = (grid.width - width) / 2, y0 = (grid.height - height) / 2
        let box = g.box
        let frame = Style(.chrome, bold: true)
        grid.fill(x: x0, y: y0, width: width, height: height)
        for x in x0..<(x0 + width) {
            grid[x, y0] = Cell(box.horizontal, frame)
            grid[x, y0 + height - 1] = Cell(box.horizontal, frame)
        }
        for y in y0..<(y0 + height) {
            grid[x0, y] = Cell(box.vertical, frame)
            grid[x0 + width - 1, y] = Cell(box.vertical, frame)
        }
        grid[x0, y0] = Cell(box.topLeft, frame)
        grid[x0 + width - 1, y0] = Cell(box.topRight, frame)
        grid[x0, y0 + height - 1] = Cell(box.bottomLeft, frame)
        grid[x0 + width - 1, y0 + height - 1] = Cell(box.bottomRight, frame)
        grid.put(keys ? " keys (1/2) " : " what the marks mean (2/2) ", x: x0 + 2, y: y0, style: frame)
        for (i, row) in rows.prefix(height - 4).enumerated() {
            let y = y0 + 2 + i
            let style = keys ? Style(.key, bold: true) : Style(.plain, bold: true)
            grid.put(row.0, x: x0 + 2, y: y, style: style, limit: x0 + width - 1)
            grid.put(row.1, x: x0 + 4 + leftWidth, y: y, style: Style(.plain), limit: x0 + width - 1)
        }
        let footer = keys ? " ? legend  Esc close " : " ? keys  Esc close "
        grid.put(footer, x: x0 + width - 1 - DisplayWidth.of(footer), y: y0 + height - 1, style: frame)
    }
}
