import Autograd
import Canvas
import Layout

/// Draws the part of the laid-out graph inside a viewport: lines first, then boxes on top.
struct GraphPane {
    let state: DebuggerState

    /// The viewport's top-left corner in layout cells for a pane of `size`: the user's scroll,
    /// or else the top-left corner if the running node is in view from there, or else the
    /// running node in the middle.
    func origin(width: Int, height: Int) -> Point {
        let layout = state.view.layout
        if let scroll = state.scroll { return clamp(scroll, width, height) }
        let box = layout.boxes[state.runningNode]
        var origin = Point(x: 0, y: 0)
        if box.maxX + 1 > width { origin.x = box.x + box.width / 2 - width / 2 }
        if box.maxY + 1 > height { origin.y = box.y + box.height / 2 - height / 2 }
        return clamp(origin, width, height)
    }

    private func clamp(_ p: Point, _ width: Int, _ height: Int) -> Point {
        let layout = state.view.layout
        return Point(x: max(0, min(p.x, layout.width - width)), y: max(0, min(p.y, layout.height - height)))
    }

    /// Draws the viewport at `origin` into `area` of `grid`.
    func draw(into grid: inout Grid, area: Rect, origin: Point) {
        let view = Rect(x: origin.x, y: origin.y, width: area.width, height: area.height)
        var lines = LineBuffer(view: view)
        let layout = state.view.layout
        for i in layout.segments(in: view) { lines.add(layout.segments[i]) }
        for route in activeEdges() { lines.markActive(route.points) }
        lines.draw(into: &grid, area: area, glyphs: state.glyphs)
        for id in layout.boxes(in: view) {
            drawBox(id, into: &grid, area: area, origin: origin)
        }
    }

    /// The edges the gradient flows back along at the cursor: into the running node, one per
    /// operand slot whose write has happened.
    private func activeEdges() -> [EdgeRoute] {
        guard state.cursor.step > 0 else { return [] }
        let edges = state.view.layout.edges(into: state.runningNode)
        return edges.filter { $0.slot < state.cursor.applied }
    }

    // MARK: - Boxes

    private func drawBox(_ id: NodeID, into grid: inout Grid, area: Rect, origin: Point) {
        let box = state.view.boxes[id]
        let rect = state.view.layout.boxes[id]
        let running = id == state.runningNode
        let written = state.appliedWrites.last { $0.target == id }
        let glyphs = running ? state.glyphs.runningBox : state.glyphs.box
        let frame = running ? Style(.running, bold: true) : Style(.box)
        var canvas = Clip(area: area, origin: origin)
        // Move the grid in and back out, so drawing a box never copies the screen.
        swap(&canvas.grid, &grid)
        defer { swap(&canvas.grid, &grid) }

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
            canvas.put(y == rect.y + box.shape.exitRow && state.view.feedsOthers[id] ? glyphs.exit : glyphs.vertical,
                       right, y, frame)
            if box.compartment > 0 { canvas.put(glyphs.vertical, wall, y, frame) }
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

    /// What a box shows inside, row by row: the title (with the grad, in compact zoom); in full
    /// zoom the op written out; two numbers — data and grad, or both engines' grads while
    /// comparing, or the true gradient and the grad while showing the truth; in full zoom the
    /// correct gradient once the pass has gone by.
    private func contents(of id: NodeID, _ box: NodeBox, running: Bool, written: Write?) -> [[(String, Style)]] {
        let width = box.contentWidth
        let titleStyle = running ? Style(.running, bold: true) : Style(.box, bold: true)
        var gradStyle: Style = written.map { Style($0.lost != nil ? .lost : .written, bold: true) } ?? Style(.box)
        if written != nil && state.flash { gradStyle.reverse = true }
        let number = { (x: Double) in NumberFormat.fit(x, width: NodeBox.numberWidth) }
        let grad = number(state.grads[id])
        func line(_ name: String, _ value: String, _ style: Style) -> [(String, Style)] {
            [(name + DisplayWidth.padLeft(value, to: width - DisplayWidth.of(name)), style)]
        }

        if state.zoom == .compact {
            return [[(box.title, titleStyle), (DisplayWidth.padLeft(grad, to: width - DisplayWidth.of(box.title)), gradStyle)]]
        }
        var rows: [[(String, Style)]] = [[(box.title, titleStyle)]]
        let node = state.graph[id]
        if state.zoom == .full {
            let formula = node.isLeaf ? (node.constant == nil ? "leaf" : "constant") : "= " + DisplayWidth.safe(state.graph.formula(id))
            rows.append([(DisplayWidth.truncate(formula, to: width), Style(.muted))])
        }
        if let other = state.otherGrads {
            // Both engines' grads at this step, `=` above `+=`; differing values stand out.
            let (buggy, fixed) = state.engine == .buggy ? (state.grads[id], other[id]) : (other[id], state.grads[id])
            let differ = !gradientsAgree(buggy, fixed)
            rows.append(line("=", number(buggy), differ ? Style(.lost, bold: true) : Style(.box)))
            rows.append(line("+=", number(fixed), differ ? Style(.good, bold: true) : Style(.box)))
        } else if state.showingTruth {
            rows.append(line("true", number(state.trace.correctGrads[id]), Style(.good)))
            rows.append(line("grad", grad, gradStyle))
        } else {
            rows.append(line("data", number(node.data), Style(.box)))
            rows.append(line("grad", grad, gradStyle))
        }
        if state.zoom == .full {
            let passed = state.hasRun(id) || state.isFinished
            rows.append(line("true", passed ? number(state.trace.correctGrads[id]) : "?", Style(.muted)))
        }
        return rows
    }

    /// The word or glyph on a box's top border, and its style.
    private func tag(for id: NodeID, written: Write?) -> (String, Style)? {
        let words = state.marksAsWords || !state.glyphs.isUnicode
        if let written {
            if written.lost != nil { return (" LOST ", Style(.lost, bold: true, reverse: true)) }
            let symbol = state.cursor.step == 0 || state.engine == .buggy ? "=" : "+="
            return (" \(symbol) ", Style(.written, bold: true))
        }
        if let other = state.otherGrads, !gradientsAgree(state.grads[id], other[id]) {
            return (words ? " DIFF " : " ≠ ", Style(.lost, bold: true))
        }
        if state.showingTruth, state.hasRun(id) || state.isFinished {
            let right = gradientsAgree(state.grads[id], state.trace.correctGrads[id])
            return right ? (words ? " ok " : " ✓ ", Style(.good, bold: true))
                         : (words ? " WRONG " : " ✗ ", Style(.lost, bold: true, reverse: true))
        }
        return nil
    }

}

/// Writes into a pane of the grid in layout coordinates, dropping what falls outside it.
private struct Clip {
    var grid = Grid(width: 0, height: 0)
    let area: Rect
    let origin: Point

    mutating func put(_ glyph: String, _ x: Int, _ y: Int, _ style: Style) {
        let gx = x - origin.x + area.x, gy = y - origin.y + area.y
        guard gx >= area.x, gx < area.maxX, gy >= area.y, gy < area.maxY else { return }
        grid[gx, gy] = Cell(glyph, style)
    }

    mutating func text(_ text: String, _ x: Int, _ y: Int, _ style: Style) {
        let gy = y - origin.y + area.y
        guard gy >= area.y, gy < area.maxY else { return }
        var gx = x - origin.x + area.x
        for character in text {
            let w = DisplayWidth.of(character)
            if gx >= area.x && gx + w <= area.maxX {
                grid.put(String(character), x: gx, y: gy, style: style, limit: area.maxX)
            }
            gx += w
        }
    }
}

/// The lines of a viewport, cell by cell: which net owns each cell and which sides it joins.
private struct LineBuffer {
    let view: Rect
    private var net: [Int32]
    private var mask: [LineMask]
    private var arrow: [Bool]
    private var active: [Bool]

    init(view: Rect) {
        self.view = view
        let count = max(0, view.width * view.height)
        net = Array(repeating: -1, count: count)
        mask = Array(repeating: [], count: count)
        arrow = Array(repeating: false, count: count)
        active = Array(repeating: false, count: count)
    }

    private func index(_ x: Int, _ y: Int) -> Int? {
        guard x >= view.x, x < view.maxX, y >= view.y, y < view.maxY else { return nil }
        return (y - view.y) * view.width + (x - view.x)
    }

    /// Adds one segment. Cells of one net join; where two nets meet, the vertical line is kept
    /// unbroken and the horizontal one passes under it.
    mutating func add(_ segment: Segment) {
        let vertical = segment.isVertical
        let first = vertical ? segment.start.y : segment.start.x
        let last = vertical ? segment.end.y : segment.end.x
        let low = max(first, vertical ? view.y : view.x), high = min(last, vertical ? view.maxY - 1 : view.maxX - 1)
        guard low <= high else { return }
        for t in low...high {
            let (x, y) = vertical ? (segment.start.x, t) : (t, segment.start.y)
            guard let i = index(x, y) else { continue }
            var bits: LineMask = []
            if t > first { bits.insert(vertical ? .up : .left) }
            if t < last { bits.insert(vertical ? .down : .right) }
            let owner = Int32(segment.net)
            if net[i] == -1 || net[i] == owner {
                net[i] = owner
                mask[i].formUnion(bits)
            } else if vertical && mask[i].isSubset(of: .horizontal) {
                net[i] = owner
                mask[i] = bits
                arrow[i] = false
            }
            if segment.arrow && t == last && net[i] == owner { arrow[i] = true }
        }
    }

    /// Marks the cells along a polyline as carrying the gradient in this step.
    mutating func markActive(_ points: [Point]) {
        for (a, b) in zip(points, points.dropFirst()) {
            for x in min(a.x, b.x)...max(a.x, b.x) {
                for y in min(a.y, b.y)...max(a.y, b.y) {
                    if let i = index(x, y) { active[i] = true }
                }
            }
        }
    }

    func draw(into grid: inout Grid, area: Rect, glyphs: Glyphs) {
        for row in 0..<view.height {
            for column in 0..<view.width {
                let i = row * view.width + column
                guard net[i] >= 0 else { continue }
                let glyph = arrow[i] ? glyphs.arrow : glyphs.line(mask[i], heavy: active[i])
                let style = active[i] ? Style(.activeEdge, bold: true) : Style(.edge)
                grid[area.x + column, area.y + row] = Cell(glyph, style)
            }
        }
    }
}
