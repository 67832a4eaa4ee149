import Autograd
import Canvas
import Layout

/// The running `_backward()` as the seed's Python, each write's numbers beside its line,
/// one sentence of what just happened, and at the end a verdict on the leaves.
struct StepPane {
    let state: DebuggerState

    /// One line of a `_backward()` body, for operand `slot` of `op`, under `engine`.
    static func code(_ op: Op, slot: Int, engine: Engine) -> String {
        let target = slot == 0 ? "self.grad" : "other.grad"
        let assign = engine.assignment
        let local: String
        switch op {
        case .leaf: return ""
        case .add: local = "out.grad * 1.0"
        case .mul: local = slot == 0 ? "out.grad * other.data" : "out.grad * self.data"
        case .pow: local = "(other * self.data**(other-1)) * out.grad"
        case .tanh: local = "(1 - t**2) * out.grad"
        case .exp: local = "out.data * out.grad"
        case .relu: local = "(out.data > 0) * out.grad"
        }
        return "\(target) \(assign) \(local)"
    }

    func draw(into grid: inout Grid, area: Rect) {
        var lines = StepLines(width: area.width)
        let graph = state.graph
        let k = state.cursor.step
        let id = state.runningNode
        let name = DisplayWidth.safe(graph.reference(id))
        let writes = Array(state.trace.writes(of: k))

        // The headline.
        if k == 0 {
            lines.add([("\(name).grad = 1.0", Style(.running, bold: true)),
                       ("   backward() seeds the root: d\(name)/d\(name) = 1", Style(.muted))])
        } else if graph[id].isLeaf {
            lines.add([("\(name)._backward()", Style(.running, bold: true)),
                       ("   \(name) is a leaf: its _backward() does nothing", Style(.muted))])
        } else {
            lines.add([("\(name)._backward()", Style(.running, bold: true)),
                       ("   \(name) = \(DisplayWidth.safe(graph.formula(id)))", Style(.plain, bold: true))])
        }

        // One entry per write: the Python line, then its numbers.
        let codes = k == 0 ? ["self.grad = 1.0"] : writes.map { Self.code(graph[id].op, slot: $0.slot, engine: state.engine) }
        let codeWidth = codes.map(DisplayWidth.of).max() ?? 0
        for (i, write) in writes.enumerated() {
            let code: (String, Style) = ("  " + DisplayWidth.pad(codes[i], to: codeWidth), Style(.plain))
            guard i < state.cursor.applied else {
                lines.add([code, ("   …", Style(.muted))])
                continue
            }
            let numbers = self.numbers(write, first: k == 0)
            if DisplayWidth.of(code.0) + 3 + numbers.map({ DisplayWidth.of($0.0) }).reduce(0, +) <= area.width - 1 {
                lines.add([code, ("   ", Style(.plain))] + numbers)
            } else {
                lines.add([code])
                lines.add([("      ", Style(.plain))] + numbers)
            }
        }

        // What just happened, in words; at the end, the verdict.
        if state.isFinished {
            for line in verdict() { lines.add(line) }
        } else if let sentence = narration() {
            lines.add([(sentence, Style(.plain, bold: true))])
        }
        lines.draw(into: &grid, area: area)
    }

    /// `a.grad: -6.0000 → 3.0000   OVERWRITTEN: lost -6.0000` or `accumulated +3.0000`.
    private func numbers(_ write: Write, first: Bool) -> [(String, Style)] {
        let arrow = state.glyphs.rightArrow
        let target = DisplayWidth.safe(state.graph.reference(write.target))
        let change = "\(target).grad: \(NumberFormat.full(write.before)) \(arrow) \(NumberFormat.full(write.after))"
        if first { return [(change, Style(.written, bold: true)), ("   seeded", Style(.muted))] }
        switch state.engine {
        case .fixed:
            let sign = write.contribution >= 0 ? "+" : ""
            return [(change, Style(.written, bold: true)),
                    ("   accumulated \(sign)\(NumberFormat.full(write.contribution))", Style(.written))]
        case .buggy:
            if let lost = write.lost {
                return [(change, Style(.lost, bold: true)),
                        ("   OVERWRITTEN: lost \(NumberFormat.full(lost))", Style(.lost, bold: true, reverse: true))]
            }
            return [(change, Style(.written, bold: true)), ("   set (it was 0)", Style(.muted))]
        }
    }

    /// One sentence about the last write made: "d._backward() set a.grad = 3.0: the -6.0 that came through e is lost."
    func narration() -> String? {
        let graph = state.graph
        let k = state.cursor.step
        let name = DisplayWidth.safe(graph.reference(state.runningNode))
        guard let write = state.appliedWrites.last else {
            return graph[state.runningNode].isLeaf && k > 0 ? "Nothing is written: \(name) has no operands." : nil
        }
        let target = DisplayWidth.safe(graph.reference(write.target))
        if k == 0 { return "backward() sets \(target).grad = 1.0, then walks the topological order backwards." }
        let call = "\(name)._backward()"
        switch state.engine {
        case .fixed:
            return "\(call) added \(NumberFormat.short(write.contribution)) to \(target).grad: "
                + "\(NumberFormat.short(write.before)) + \(NumberFormat.short(write.contribution)) = \(NumberFormat.short(write.after))."
        case .buggy:
            guard let lost = write.lost else {
                return "\(call) set \(target).grad = \(NumberFormat.short(write.after)); it was 0, so nothing is lost yet."
            }
            let source = previousWriter(of: write).map { DisplayWidth.safe(graph.reference($0)) }
            let origin = source == name ? "from its other operand slot" : source.map { "that came through \($0)" } ?? "already there"
            return "\(call) set \(target).grad = \(NumberFormat.short(write.after)): the \(NumberFormat.short(lost)) \(origin) is lost."
        }
    }

    /// The node whose `_backward()` made the write to the same grad before `write`.
    private func previousWriter(of write: Write) -> NodeID? {
        let trace = state.trace
        let here = trace.steps[state.cursor.step].writeRange.lowerBound + state.cursor.applied - 1
        var step = state.cursor.step
        for i in stride(from: here - 1, through: 0, by: -1) {
            while trace.steps[step].writeRange.lowerBound > i { step -= 1 }
            if trace.writes[i].target == write.target { return trace.steps[step].node }
        }
        return nil
    }

    /// Which leaves ended up with a wrong grad under this engine, with the correct value beside.
    private func verdict() -> [[(String, Style)]] {
        let graph = state.graph
        let trace = state.trace
        let (wrong, leafCount) = state.wrongLeaves
        guard !wrong.isEmpty else {
            return [[("Done: every leaf grad is correct under grad \(state.engine.assignment).", Style(.good, bold: true))]]
        }
        let title = "Done: \(wrong.count) of \(leafCount) leaf grads are WRONG under grad \(state.engine.assignment)"
        var lines: [[(String, Style)]] = [[(title, Style(.lost, bold: true))]]
        let shown = wrong.count > 4 ? 3 : wrong.count
        let names = wrong.prefix(shown).map { DisplayWidth.safe(graph.reference($0)) + ".grad" }
        let nameWidth = names.map(DisplayWidth.of).max() ?? 0
        for (id, name) in zip(wrong, names).prefix(shown) {
            lines.append([("  " + DisplayWidth.pad(name, to: nameWidth), Style(.plain)),
                          ("  " + DisplayWidth.padLeft(NumberFormat.full(trace.finalGrads[id]), to: 10), Style(.lost, bold: true)),
                          ("   correct " + DisplayWidth.padLeft(NumberFormat.full(trace.correctGrads[id]), to: 10), Style(.good))])
        }
        if wrong.count > shown { lines.append([("  and \(wrong.count - shown) more", Style(.muted))]) }
        return lines
    }
}

/// Styled lines that wrap at a width, for the step pane.
struct StepLines {
    let width: Int
    private(set) var rows: [[(String, Style)]] = []

    init(width: Int) {
        self.width = width
    }

    /// Adds a line of styled runs, wrapping runs that do not fit onto an indented next row.
    mutating func add(_ runs: [(String, Style)]) {
        var row: [(String, Style)] = []
        var used = 1
        for (text, style) in runs {
            let w = DisplayWidth.of(text)
            if used + w > width - 1 && !row.isEmpty {
                rows.append(row)
                row = [("    ", Style(.plain))]
                used = 5
            }
            row.append((text, style))
            used += w
        }
        rows.append(row)
    }

    func draw(into grid: inout Grid, area: Rect) {
        for (i, row) in rows.prefix(area.height).enumerated() {
            var x = area.x + 1
            for (text, style) in row {
                x = grid.put(text, x: x, y: area.y + i, style: style, limit: area.maxX - 1)
            }
        }
    }
}
