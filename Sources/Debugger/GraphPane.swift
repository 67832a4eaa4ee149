import Export
import Autograd
import Canvas
import Layout

/// Draws the scene into the graph pane: lines first, then boxes on top, then the marks of
/// lines that lead out of view.
struct GraphPane {
    let state: DebuggerState
    let scene: Scene

    init(state: DebuggerState, area: Rect) {
        self.state = state
        scene = Scene.make(state, pane: area)
    }

    /// Draws the scene into `area` of `grid`.
    func draw(into grid: inout Grid, area: Rect) {
        let view = scene.viewport(area)
        var lines = LineBuffer(view: view)
        let layout = scene.layout
        for i in layout.segments(in: view) { lines.add(layout.segments[i]) }
        for route in activeEdges() { lines.markActive(route.points) }
        lines.draw(into: &grid, area: area, glyphs: state.glyphs, markingExits: scene.kind == .scrolled)
        for local in layout.boxes(in: view) {
            drawBox(local, into: &grid, area: area)
        }
        if scene.kind == .neighbourhood || scene.kind == .folded { drawHiddenLines(into: &grid, area: area) }
    }

    /// The edges the gradient flows back along at the cursor: into the running node, one per
    /// operand slot whose write has happened.
    func activeEdges() -> [EdgeRoute] {
        if let search = state.search {
            // In the search: the edge being followed, from the value whose children are looped over to the child.
            guard let event = search.current, event.kind != .append, let parent = event.parent, let v = scene.local(parent) else { return [] }
            return scene.layout.edges(into: v).filter { scene.node($0.from) == event.node }
        }
        guard state.cursor.step > 0, let v = scene.local(state.runningNode) else { return [] }
        let edges = scene.layout.edges(into: v)
        return edges.enumerated().filter { scene.slot(v, $0.offset) < state.cursor.applied }.map(\.element)
    }

    /// In the neighbourhood, a dotted stub for each input and a count of the consumers that are not drawn.
    private func drawHiddenLines(into grid: inout Grid, area: Rect) {
        let dots = state.glyphs.dots
        var canvas = Clip(area: area, origin: scene.origin)
        swap(&canvas.grid, &grid)
        defer { swap(&canvas.grid, &grid) }
        for (local, box) in scene.boxes.enumerated() {
            let rect = scene.layout.boxes[local]
            for slot in scene.hiddenInputs[local] {
                // Whole or not at all, with a blank cell before it: a bare arrow or dots against
                // another line would read as that line's. Two dots where there is no room for three.
                let y = rect.y + box.shape.entryRows[slot]
                for dots in [dots, String(dots.prefix(1))] {
                    let x = rect.x - 1 - DisplayWidth.of(dots)
                    guard canvas.isBlank(dots + state.glyphs.arrow, x, y), canvas.isBlank(" ", x - 1, y) || !canvas.shows(x - 1, y) else { continue }
                    canvas.text(dots, x, y, Style(.muted))
                    canvas.put(state.glyphs.arrow, rect.x - 1, y, Style(.edge))
                    break
                }
            }
            drawMoreMark(local, box, rect, into: &canvas)
        }
    }

    /// The mark of a box's consumers not drawn: `┄┄ 3 more` beside the way out, or on a row next
    /// to it when a drawn line leaves there, with a blank cell after it; `┄┄+3` where the words
    /// find no room; else on the box's own bottom border (a normal box), or on the row kept above
    /// or below a compact or record box, so that no value looks as if it fed fewer than it does.
    /// A lost contribution's value that found no room is named, so the sentence still points at it.
    private func drawMoreMark(_ local: Int, _ box: NodeBox, _ rect: Rect, into canvas: inout Clip) {
        let more = scene.hiddenConsumers[local]
        guard more > 0 else { return }
        let lost = scene.hiddenLost[local].map { DisplayWidth.safe(state.graph.reference($0)) }
        let style = lost == nil ? Style(.muted) : Style(.lost, bold: true)
        let short = Scene.shortMoreMark(more, state.glyphs)
        let marks = [Scene.moreMark(more, naming: lost, state.glyphs)] + (lost.map { [state.glyphs.dots + " " + $0] } ?? []) + [short]
        for mark in marks {
            for y in [0, 1, -1].map({ rect.y + box.shape.exitRow + $0 }) {
                let end = rect.maxX + DisplayWidth.of(mark)
                guard canvas.isBlank(mark, rect.maxX, y), canvas.isBlank(" ", end, y) || !canvas.shows(end, y) else { continue }
                canvas.text(mark, rect.maxX, y, mark == short ? Style(.muted) : style)
                return
            }
        }
        let forms = (lost.map { [" \($0) +\(more - 1) "] } ?? [" +\(more) more "]) + [" +\(more) "]
        let text = forms.first { DisplayWidth.of($0) <= rect.width - 2 } ?? DisplayWidth.truncate(forms.last!, to: rect.width - 2)
        let x = rect.maxX - 1 - DisplayWidth.of(text)
        if box.zoom == .compact || box.zoom == .record {
            if let y = [rect.y, rect.maxY].first(where: { canvas.isBlank(text, x, $0) }) { canvas.text(text, x, y, style) }
        } else {
            canvas.text(text, x, rect.maxY - 1, style)
        }
    }

    // MARK: - Boxes

    private func drawBox(_ local: Int, into grid: inout Grid, area: Rect) {
        if scene.foldedItem(local) != nil { return drawFolded(local, into: &grid, area: area) }
        let id = scene.node(local)
        let box = scene.boxes[local]
        let rect = scene.layout.boxes[local]
        // Before the search's first event nothing runs: the root is only where it will begin.
        let running = id == state.runningNode && state.search?.count != 0
        let written = state.appliedWrites.last { $0.target == id }
        let glyphs = running ? state.glyphs.runningBox : state.glyphs.box
        // The node just found stands out until the next key.
        let frame = running ? Style(.running, bold: true) : id == state.highlighted ? Style(.key, bold: true, reverse: true) : Style(.box)
        var canvas = Clip(area: area, origin: scene.origin)
        // Move the grid in and back out, so drawing a box never copies the screen.
        swap(&canvas.grid, &grid)
        defer { swap(&canvas.grid, &grid) }
        let feeds = scene.feedsOthers[local]

        if box.zoom == .compact || box.zoom == .record {
            drawCornered(id, box, rect, into: &canvas, frame: frame, running: running, written: written, feeds: feeds)
            return
        }
        // Border.
        let right = rect.maxX - 1, bottom = rect.maxY - 1
        let wall = rect.x + box.compartment
        for x in rect.x...right {
            var top = glyphs.horizontal, base = glyphs.horizontal
            if x == rect.x { top = glyphs.topLeft; base = glyphs.bottomLeft }
            if x == right { top = glyphs.topRight; base = glyphs.bottomRight }
            if box.compartment > 0 && x == wall { top = glyphs.teeDown; base = glyphs.teeUp }
            canvas.put(top, x, rect.y, frame)
            canvas.put(base, x, bottom, frame)
        }
        for y in (rect.y + 1)..<bottom {
            canvas.put(glyphs.vertical, rect.x, y, frame)
            canvas.put(y == rect.y + box.shape.exitRow && feeds ? glyphs.exit : glyphs.vertical, right, y, frame)
            // The op's wall is a single line, in a running box too: its ends (`╤`, `╧`) are single.
            if box.compartment > 0 { canvas.put(state.glyphs.box.vertical, wall, y, frame) }
        }
        // The op, centred in its compartment.
        if box.compartment > 0 {
            canvas.text(box.op, rect.x + 2, rect.y + 1 + (box.shape.height - 3) / 2, Style(.box, bold: true))
        }
        // A tag on the top border: what this step wrote (`+=`, `=`, `LOST`), else a comparison or truth mark.
        if let (tag, style) = tag(for: id, written: written) {
            canvas.text(tag, right - DisplayWidth.of(tag), rect.y, style)
        }
        // Contents, one row after another below the top border.
        let x = (box.compartment > 0 ? wall : rect.x) + 2
        for (row, runs) in contents(of: id, box, running: running, written: written).enumerated() {
            var column = x
            for (text, style) in runs {
                canvas.text(text, column, rect.y + 1 + row, style)
                column += DisplayWidth.of(text)
            }
        }
    }

    /// A folded call's box (or a group's): its name in bold, what it takes in and gives out, and
    /// on its top border `LOST` where a write made inside it has thrown a contribution away by
    /// the cursor's step.
    private func drawFolded(_ local: Int, into grid: inout Grid, area: Rect) {
        guard let folding = scene.folding else { return }
        let box = scene.boxes[local]
        let rect = scene.layout.boxes[local]
        let glyphs = state.glyphs.box
        var canvas = Clip(area: area, origin: scene.origin)
        swap(&canvas.grid, &grid)
        defer { swap(&canvas.grid, &grid) }
        let right = rect.maxX - 1, bottom = rect.maxY - 1
        // The value just found is inside: the box is drawn as a found value's is.
        let found = state.highlighted.map { folding.item(of: $0) == scene.foldedItems[local] } ?? false
        let frame = found ? Style(.key, bold: true, reverse: true) : Style(.box)
        for x in rect.x...right {
            let top = x == rect.x ? glyphs.topLeft : x == right ? glyphs.topRight : glyphs.horizontal
            let base = x == rect.x ? glyphs.bottomLeft : x == right ? glyphs.bottomRight : glyphs.horizontal
            canvas.put(top, x, rect.y, frame)
            canvas.put(base, x, bottom, frame)
        }
        for y in (rect.y + 1)..<bottom {
            canvas.put(glyphs.vertical, rect.x, y, frame)
            canvas.put(y == rect.y + box.shape.exitRow && scene.feedsOthers[local] ? glyphs.exit : glyphs.vertical, right, y, frame)
        }
        canvas.text(box.title, rect.x + 2, rect.y + 1, Style(.box, bold: true))
        canvas.text(box.detail, rect.x + 2, rect.y + 2, Style(.muted))
        if Self.hasLost(state, folding, item: scene.foldedItems[local]) {
            let tag = " LOST "
            canvas.text(tag, right - DisplayWidth.of(tag), rect.y, Style(.lost, bold: true))
        }
    }

    /// Whether a write made by a value folded in `item` has thrown a contribution away by the
    /// cursor: at an earlier step, or at the cursor's own step among the writes applied so far.
    static func hasLost(_ state: DebuggerState, _ folding: Folding, item: Int) -> Bool {
        let pass = "\(state.engine)|\(state.order)"
        guard let first = state.folds.firstLosses(folding, state.trace, pass: pass)[item] else { return false }
        let cursor = state.cursor
        if first < cursor.step { return true }
        if first > cursor.step { return false }
        // The step that first loses inside the box is the cursor's: lost once that write is applied.
        return state.trace.writes(of: first).prefix(cursor.applied).contains { $0.lost != nil }
    }

    /// A compact or record box: its rows closed by corners (`╭ ╮` over `╰ ╯`, double for the
    /// running node, `[ ]` and `#` in ASCII) with sides between, the op and title on the first
    /// row, the tag on the row above.
    private func drawCornered(_ id: NodeID, _ box: NodeBox, _ rect: Rect, into canvas: inout Clip,
                             frame: Style, running: Bool, written: Write?, feeds: Bool) {
        let right = rect.maxX - 1, last = rect.maxY - 1
        let corners = running ? state.glyphs.runningCompactCorners : state.glyphs.compactCorners
        let sides = running ? state.glyphs.runningBox : state.glyphs.box
        canvas.put(corners[0], rect.x, rect.y + 1, frame)
        canvas.put(corners[1], right, rect.y + 1, frame)
        for y in (rect.y + 2)..<last {
            canvas.put(sides.vertical, rect.x, y, frame)
            canvas.put(y == rect.y + box.shape.exitRow && feeds ? sides.exit : sides.vertical, right, y, frame)
        }
        canvas.put(corners[2], rect.x, last, frame)
        canvas.put(corners[3], right, last, frame)
        let rows = contents(of: id, box, running: running, written: written)
        for (row, runs) in rows.prefix(box.shape.height - 1).enumerated() {
            var column = rect.x + 1
            for (text, style) in runs {
                canvas.text(text, column, rect.y + 1 + row, style)
                column += DisplayWidth.of(text)
            }
        }
        if let (tag, style) = tag(for: id, written: written) {
            let text = tag.trimmingSpaces
            canvas.text(text, rect.maxX - 1 - DisplayWidth.of(text), rect.y, style)
        }
    }

    /// What a box shows inside, row by row: the title (with the grad, in compact zoom); in full
    /// zoom the op written out; two numbers — data and grad, or both engines' grads while
    /// comparing, or the true gradient and the grad while showing the truth; in full zoom the
    /// correct gradient once the pass has gone by.
    private func contents(of id: NodeID, _ box: NodeBox, running: Bool, written: Write?) -> [[(String, Style)]] {
        let width = box.contentWidth
        let titleStyle = running ? Style(.running, bold: true) : Style(.box, bold: true)
        var gradStyle: Style = written.map { Style($0.lost != nil ? .lost : .written, bold: true) } ?? Style(.box)
        if written != nil && state.flash { gradStyle.reverse = true }
        // Predict mode hides every grad the step wrote, and whatever would give it away.
        let isHidden = state.isHidden(id)
        let number = { (x: Double) in isHidden ? "?" : NumberFormat.fit(x, width: NodeBox.numberWidth) }
        let grad = number(state.grads[id])
        func line(_ name: String, _ value: String, _ style: Style) -> [(String, Style)] {
            [(name + DisplayWidth.padLeft(value, to: width - DisplayWidth.of(name)), style)]
        }

        if box.zoom == .compact {
            return [[(box.title, titleStyle)], [(DisplayWidth.padLeft(grad, to: width), gradStyle)]]
        }
        var rows: [[(String, Style)]] = [[(box.title, titleStyle)]]
        let node = state.graph[id]
        if box.zoom == .full {
            let formula = node.isLeaf ? (node.constant == nil ? "leaf" : "constant") : "= " + DisplayWidth.safe(state.graph.formula(id))
            rows.append([(DisplayWidth.truncate(formula, to: width), Style(.muted))])
        }
        if let other = state.otherGrads {
            // Both engines' grads at this step, `=` (or the learner's) above `+=`; differing values stand out.
            let (first, fixed) = state.engine == .fixed ? (other[id], state.grads[id]) : (state.grads[id], other[id])
            let differ = !gradientsAgree(first, fixed)
            rows.append(line(state.trace.source == .yours ? "you" : "=", number(first), differ ? Style(.lost, bold: true) : Style(.box)))
            rows.append(line("+=", number(fixed), differ ? Style(.good, bold: true) : Style(.box)))
        } else if state.showingTruth {
            rows.append(line("true", number(state.trace.correctGrads[id]), Style(.good)))
            rows.append(line("grad", grad, gradStyle))
        } else {
            rows.append(line("data", NumberFormat.fit(node.data, width: NodeBox.numberWidth), Style(.box)))
            rows.append(line("grad", grad, gradStyle))
        }
        if box.zoom == .full {
            let passed = state.hasRun(id) || state.isFinished
            rows.append(line("true", passed ? number(state.trace.correctGrads[id]) : "?", Style(.muted)))
        }
        return rows
    }

    /// The word or glyph on a box's top border, and its style.
    private func tag(for id: NodeID, written: Write?) -> (String, Style)? {
        let marks = state.marks
        if written != nil && state.isHidden(id) { return (" ? ", Style(.written, bold: true)) }
        if let written {
            if written.lost != nil { return (" LOST ", Style(.lost, bold: true, reverse: true)) }
            if state.trace.source == .yours && state.cursor.step > 0 && !written.followsChainRule {
                return (" \(marks.wrong) ", Style(.lost, bold: true, reverse: true))
            }
            let symbol = state.cursor.step == 0 || state.engine == .buggy ? "=" : "+="
            return (" \(symbol) ", Style(.written, bold: true))
        }
        if let other = state.otherGrads, !gradientsAgree(state.grads[id], other[id]) {
            return (" \(marks.differ) ", Style(.lost, bold: true))
        }
        if state.showingTruth, state.hasRun(id) || state.isFinished {
            let right = gradientsAgree(state.grads[id], state.trace.correctGrads[id])
            return right ? (" \(marks.right) ", Style(.good, bold: true))
                         : (" \(marks.wrong) ", Style(.lost, bold: true, reverse: true))
        }
        return nil
    }

}

private extension String {
    /// The text without the spaces around it.
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
