import Autograd
import Canvas
import Layout

/// The topological order, the backward walk through it shown as done, running now and pending.
/// Each row is `▶ 3 d  *`: the step at which the node's `_backward()` runs (the number `:` takes),
/// its title and its op; for a graph saved with `recording()`, the function that made it in the
/// op's place (`▶ 812 (rmsnorm ·*)  rmsnorm`), as the title shows the op already.
struct TopoPane {
    let state: DebuggerState

    /// Wide enough for the pane's title, ` topo, walked ↑`.
    static let minimumWidth = 16
    /// The fewest columns the list gives up its width to, for a small graph to show whole: the
    /// mark, the step and a title of six or more, without the op (which its box shows).
    static let narrowestWidth = 12
    /// The graphs small enough for the list to narrow for (their drawing is at hand, and cheap).
    static let narrowingLimit = 200

    /// The list's columns: `wanted`, or fewer (down to `narrowestWidth`) where that leaves
    /// `needed` columns, for a small graph's whole drawing with its margins, beside it.
    static func width(wanted: Int, screenWidth: Int, needed: Int, count: Int) -> Int {
        guard count <= narrowingLimit else { return wanted }
        let room = screenWidth - 1 - needed
        return room < wanted && room >= narrowestWidth ? room : wanted
    }

    /// The columns a list of `width` would give up for a graph of `count` values to show whole.
    static func spareColumns(width: Int, count: Int) -> Int {
        width > 0 && count <= narrowingLimit ? width - narrowestWidth : 0
    }

    /// The columns a graph's rows need: mark, step, the longest title (cut at the box's limit), op.
    static func rowWidth(_ graph: Graph) -> Int {
        var title = 0, op = 0
        for id in graph.nodes.indices {
            // Once a title fills the box's limit, no other can need more.
            if title < NodeBox.titleLimit {
                title = max(title, min(NodeBox.titleLimit, DisplayWidth.of(DisplayWidth.safe(graph.title(id)))))
            }
            if graph.sites.isEmpty { op = max(op, DisplayWidth.of(graph.nodes[id].op.symbol)) }
        }
        // The functions that made values, once a site rather than once a value.
        for site in graph.sites { op = max(op, min(functionLimit, DisplayWidth.of(DisplayWidth.safe(site.caller)))) }
        return 2 + String(graph.count).count + 1 + title + 1 + op
    }

    /// The longest function name the last column shows whole.
    static let functionLimit = 12

    /// A row's last column: the function that made the value where the graph knows (cut to
    /// `functionLimit`), else its op.
    static func lastColumn(_ graph: Graph, _ id: NodeID) -> String {
        guard !graph.sites.isEmpty else { return graph.nodes[id].op.symbol }
        return DisplayWidth.truncate(DisplayWidth.safe(graph.site(of: id)?.caller ?? ""), to: functionLimit)
    }

    func draw(into grid: inout Grid, area: Rect) {
        if let search = state.search { return drawSearch(search, into: &grid, area: area) }
        let topo = state.trace.topo
        let g = state.glyphs
        let heading = area.width >= Self.minimumWidth ? " topo, walked \(g.upArrow)" : " topo \(g.upArrow)"
        grid.put(DisplayWidth.truncate(heading, to: area.width),
                 x: area.x, y: area.y, style: Style(.chrome, bold: true))
        // Rows kept below the list for the values the pass never calls, so none is dropped unsaid.
        let uncalled = state.verdict.uncalled.count
        // A heading and at least one row, from at most a third of the pane.
        let reserved = uncalled == 0 || (area.height - 1) / 3 < 2 ? 0 : min(uncalled + 1, (area.height - 1) / 3)
        let rows = area.height - 1 - reserved
        guard rows > 0 else { return }
        // topo[i] runs at step topo.count - i; the root is also the node seeded at step 0.
        let current = state.cursor.step == 0 ? topo.count - 1 : topo.count - state.cursor.step
        let first = max(0, min(current - rows / 2, topo.count - rows))
        let indexWidth = String(topo.count).count
        let shown = first..<min(topo.count, first + rows)
        // The ops go, on every row, where the widest shown would leave a title fewer than six columns.
        let widestOp = shown.map { DisplayWidth.of(Self.lastColumn(state.graph, topo[$0])) }.max() ?? 0
        let showsOps = area.width - 2 - indexWidth - 1 - widestOp - 2 >= 6
        for (row, i) in shown.enumerated() {
            let id = topo[i]
            let y = area.y + 1 + row
            let step = topo.count - i
            let mark: String, style: Style
            if i == current {
                (mark, style) = (g.current, Style(.running, bold: true, reverse: true))
            } else if step < state.cursor.step {
                (mark, style) = (g.done, Style(.muted))
            } else {
                (mark, style) = (" ", Style(.plain))
            }
            let index = DisplayWidth.padLeft(String(step), to: indexWidth)
            let op = showsOps ? Self.lastColumn(state.graph, id) : ""
            let titleWidth = area.width - 2 - indexWidth - 1 - DisplayWidth.of(op) - (op.isEmpty ? 1 : 2)
            let title = DisplayWidth.pad(DisplayWidth.truncate(Self.rowTitle(state.graph, id, functionShown: showsOps), to: max(1, titleWidth)),
                                         to: max(1, titleWidth))
            let line = DisplayWidth.pad("\(mark) \(index) \(title) \(op)", to: area.width)
            grid.put(line, x: area.x, y: y, style: style)
            if i != current { grid.restyle(x: area.x, y: y, width: 1) { $0 = Style(step < state.cursor.step ? .good : .plain) } }
        }
        if reserved > 0 { drawUncalled(into: &grid, area: area, from: rows) }
    }

    /// In the search: `topo` as it grows, its first value on top (Python's `topo[0]`), the one
    /// just appended marked; the newest rows kept where they do not all fit.
    private func drawSearch(_ search: SearchState, into grid: inout Grid, area: Rect) {
        let heading = area.width >= Self.minimumWidth ? " topo, growing \(state.glyphs.downArrow)" : " topo \(state.glyphs.downArrow)"
        grid.put(DisplayWidth.truncate(heading, to: area.width), x: area.x, y: area.y, style: Style(.chrome, bold: true))
        let topo = search.topo
        let rows = area.height - 1
        guard rows > 0 else { return }
        let first = max(0, topo.count - rows)
        let indexWidth = String(max(0, search.events.count / 2)).count
        let justAppended = search.current?.kind == .append
        for (row, i) in (first..<topo.count).enumerated() {
            let newest = i == topo.count - 1 && justAppended
            let mark = newest ? state.glyphs.current : " "
            let title = DisplayWidth.truncate(DisplayWidth.safe(state.graph.title(topo[i])), to: max(1, area.width - 3 - indexWidth))
            let line = DisplayWidth.pad("\(mark) \(DisplayWidth.padLeft(String(i), to: indexWidth)) \(title)", to: area.width)
            grid.put(line, x: area.x, y: area.y + 1 + row, style: newest ? Style(.running, bold: true, reverse: true) : Style(.plain))
        }
    }

    /// A row's title: the value's, but for one titled by where it was made (`softmax ·exp`) beside
    /// its function's column, only the op (`·exp`): the function is not said twice, nor cut off the op.
    static func rowTitle(_ graph: Graph, _ id: NodeID, functionShown: Bool) -> String {
        let title = DisplayWidth.safe(graph.title(id))
        // (Such a title is `Graph.title`'s `function ·op`.)
        guard functionShown, !graph.hasOwnTitle(id), !graph.nodes[id].isLeaf, graph.site(of: id) != nil else { return title }
        return "·" + graph.nodes[id].op.symbol
    }

    /// Below the list, once it is all shown: the values the pass never calls, marked, so that the
    /// list does not drop them without a word.
    private func drawUncalled(into grid: inout Grid, area: Rect, from row: Int) {
        let uncalled = state.verdict.uncalled
        let room = area.height - 2 - row
        let shown = uncalled.count > room ? max(0, room - 1) : uncalled.count
        grid.put(DisplayWidth.truncate(" never called:", to: area.width), x: area.x, y: area.y + 1 + row, style: Style(.lost, bold: true))
        if shown < uncalled.count {
            grid.put(DisplayWidth.pad("  and \(uncalled.count - shown) more", to: area.width), x: area.x,
                     y: area.y + 2 + row + shown, style: Style(.lost, bold: true))
        }
        for (offset, id) in uncalled.prefix(shown).enumerated() {
            let title = DisplayWidth.truncate(DisplayWidth.safe(state.graph.title(id)), to: max(1, area.width - 3))
            grid.put(DisplayWidth.pad("\(state.glyphs.cross) \(title)", to: area.width),
                     x: area.x, y: area.y + 2 + row + offset, style: Style(.lost, bold: true))
        }
    }
}
