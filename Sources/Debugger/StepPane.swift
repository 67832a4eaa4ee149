import Export
import Autograd
import Canvas
import Layout

/// The running `_backward()` as the seed's Python, each write's numbers beside its line,
/// one sentence of what just happened, and at the end a verdict on the leaves.
struct StepPane {
    let state: DebuggerState

    /// One line of a `_backward()` body, for operand `slot` of `op`, under `engine`, as the lecture
    /// writes it: the local derivative, times `out.grad`. (Under `yours`, the learner's own line:
    /// `yourCode(for:of:)`.)
    static func code(_ op: Op, slot: Int, engine: Engine) -> String {
        let target = slot == 0 ? "self.grad" : "other.grad"
        let assign = engine.assignment
        if op == .leaf { return "" }
        let local = op.lectureLocal(slot: slot, number: NumberFormat.short)
        return "\(target) \(assign) \(local)"
    }

    /// The learner's own line for a write, from the `_backward` body the exporter saved: the line
    /// that sets `self.grad` for the first operand, `other.grad` for the second (both, when one
    /// value fills both slots); `self.grad  (your code)` where the source was not saved.
    func yourCode(for write: Write, of id: NodeID) -> String {
        let node = state.graph[id]
        let lines = state.script.backwardSources[node.op.symbol] ?? []
        let slots = node.operands.indices.filter { node.operands[$0] == write.target }
        let found = slots.compactMap { slot -> String? in
            let target = slot == 0 ? "self.grad" : "other.grad"
            return lines.first { $0.hasPrefix(target + " ") || $0.hasPrefix(target + "=") || $0.hasPrefix(target + "+") }
        }
        guard !found.isEmpty else { return (write.slot == 0 ? "self.grad" : "other.grad") + "  (your code)" }
        return DisplayWidth.safe(found.joined(separator: "; "))
    }

    func draw(into grid: inout Grid, area: Rect) {
        var lines = StepLines(width: area.width)
        let graph = state.graph
        let k = state.cursor.step
        let id = state.runningNode
        let name = DisplayWidth.safe(graph.reference(id))
        let writes = Array(state.trace.writes(of: k))

        // The headline.
        if k == 0 && state.engine == .yours {
            lines.add([("\(name).grad = \(NumberFormat.short(writes.first?.after ?? 0))", Style(.running, bold: true)),
                       ("   your backward() seeds the root, then calls _backward() in its own order", Style(.muted))])
        } else if k == 0 && state.order == .script {
            lines.add([("The script's own pass", Style(.running, bold: true)),
                       ("   the grads it sets, then its _backward() calls, in its order", Style(.muted))])
        } else if k == 0 {
            lines.add([("\(name).grad = 1.0", Style(.running, bold: true)),
                       ("   backward() seeds the root: d\(name)/d\(name) = 1", Style(.muted))])
        } else if graph[id].isLeaf {
            lines.add([("\(name)._backward()", Style(.running, bold: true)),
                       ("   \(name) is a leaf: its _backward() does nothing", Style(.muted))])
        } else {
            var headline = [("\(name)._backward()", Style(.running, bold: true))]
            // A saved graph's unlabelled value is titled by its formula: it is said once.
            if graph.title(id) != graph.formula(id) {
                headline.append(("   \(name) = \(DisplayWidth.safe(graph.formula(id)))", Style(.plain, bold: true)))
            }
            if graph[id].op.isLearners { headline.append(("   local derivative from your code", Style(.muted))) }
            if graph[id].operandOrderGuessed {
                headline.append(("   operand order guessed: your class keeps them in a set", Style(.muted)))
            }
            lines.add(headline)
        }

        // One entry per write: the Python line, then its numbers.
        let codes = k == 0
            ? writes.map { state.order == .script || state.engine == .yours ? "\(DisplayWidth.safe(graph.reference($0.target))).grad = \(NumberFormat.short($0.after))" : "self.grad = 1.0" }
            : writes.map { write in
                state.engine == .yours ? yourCode(for: write, of: id) : Self.code(graph[id].op, slot: write.slot, engine: state.engine)
            }
        let codeWidth = codes.map(DisplayWidth.of).max() ?? 0
        for (i, write) in writes.enumerated() {
            let code: (String, Style) = ("  " + DisplayWidth.pad(codes[i], to: codeWidth), Style(.plain))
            guard i < state.cursor.applied else {
                lines.add([code, ("   " + state.glyphs.ellipsis, Style(.muted))])
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

        // What just happened, in words; at the end, the verdict; in predict mode, the question.
        if let question = predictQuestion() {
            lines.add([(question, Style(.key, bold: true))])
        } else if state.isFinished {
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
        if state.isHidden(write.target) {
            return [("\(target).grad: \(NumberFormat.full(write.before)) \(arrow) ?", Style(.written, bold: true))]
        }
        let change = "\(target).grad: \(NumberFormat.full(write.before)) \(arrow) \(NumberFormat.full(write.after))"
        if first { return [(change, Style(.written, bold: true)), ("   seeded", Style(.muted))] }
        switch state.engine {
        case .fixed:
            let sign = write.contribution >= 0 ? "+" : ""
            return [(change, Style(.written, bold: true)),
                    ("   accumulated \(sign)\(NumberFormat.full(write.contribution))", Style(.written))]
        case .buggy:
            if let lost = write.lost {
                return [(change, Style(.lost, bold: true)), ("   ", Style(.plain)),
                        ("OVERWRITTEN: lost \(NumberFormat.full(lost))", Style(.lost, bold: true, reverse: true))]
            }
            return [(change, Style(.written, bold: true)), ("   set (it was 0)", Style(.muted))]
        case .yours:
            if write.followsChainRule {
                return [(change, Style(.written, bold: true)), ("   as the chain rule", Style(.good))]
            }
            return [(change, Style(.lost, bold: true)), ("   ", Style(.plain)),
                    ("CHAIN RULE: \(NumberFormat.full(write.chainRule))", Style(.lost, bold: true, reverse: true))]
        }
    }

    /// In predict mode, before the reveal: what the class is to call out.
    func predictQuestion() -> String? {
        let hidden = state.hidden
        guard !hidden.isEmpty else { return nil }
        var targets: [String] = []
        for write in state.appliedWrites where hidden.contains(write.target) {
            let name = DisplayWidth.safe(state.graph.reference(write.target)) + ".grad"
            if !targets.contains(name) { targets.append(name) }
        }
        let verb = targets.count == 1 ? "does" : "do"
        return "Predict: what \(verb) " + targets.joined(separator: " and ") + " become? Call it out, then n or r reveals it."
    }

    /// One sentence about what the step has done so far: "d._backward() set a.grad = 3.0: the -6.0
    /// that came through e is lost." Several writes are told together.
    func narration() -> String? {
        let graph = state.graph
        let k = state.cursor.step
        let name = DisplayWidth.safe(graph.reference(state.runningNode))
        let writes = Array(state.appliedWrites)
        if k == 0 && state.engine == .yours {
            return "Your backward() sets \(name).grad = \(NumberFormat.short(writes.last?.after ?? 0)), then calls each _backward() in the order it chose."
        }
        if k == 0 && state.order == .script {
            let seeds = writes.map { "\(DisplayWidth.safe(graph.reference($0.target))).grad = \(NumberFormat.short($0.after))" }
            return seeds.isEmpty
                ? "The script sets no grad: every grad starts at 0, so every _backward() passes on 0."
                : "The script sets " + seeds.joined(separator: " and ") + ", then calls _backward() by hand, in the order it writes."
        }
        guard let last = writes.last else {
            return graph[state.runningNode].isLeaf && k > 0 ? "Nothing is written: \(name) has no operands." : nil
        }
        let sentence = story(writes: writes, last: last, k: k, name: name)
        return early(k, name).map { sentence + " " + $0 } ?? sentence
    }

    /// For a call made too early by hand: "d._backward() ran before d.grad had its contribution
    /// from f: a.grad and b.grad miss it."
    private func early(_ k: Int, _ name: String) -> String? {
        guard state.order.isWritten, let call = state.verdict.early.first(where: { $0.step == k }) else { return nil }
        let graph = state.graph
        var targets: [String] = []
        for operand in graph[call.node].operands where !targets.contains(DisplayWidth.safe(graph.reference(operand)) + ".grad") {
            targets.append(DisplayWidth.safe(graph.reference(operand)) + ".grad")
        }
        let consumer = DisplayWidth.safe(graph.reference(call.consumer))
        return "\(name)._backward() ran before \(name).grad had its contribution from \(consumer): "
            + targets.joined(separator: " and ") + " miss\(targets.count == 1 ? "es" : "") it, even under +=."
    }

    /// The sentence for a step's writes under the engine.
    private func story(writes: [Write], last: Write, k: Int, name: String) -> String {
        let graph = state.graph
        let first = state.trace.steps[k].writeRange.lowerBound
        func target(_ w: Write) -> String { DisplayWidth.safe(graph.reference(w.target)) + ".grad" }
        func short(_ x: Double) -> String { NumberFormat.short(x) }
        if k == 0 { return "backward() sets \(target(last)) = 1.0, then walks the topological order backwards." }
        let call = "\(name)._backward()"
        switch state.engine {
        case .yours:
            let wrong = writes.filter { !$0.followsChainRule }
            guard !wrong.isEmpty else {
                let parts = writes.map { w in
                    "\(target(w)) = \(short(w.after))"
                }
                return "Your \(call) left " + parts.joined(separator: " and ") + ", as the chain rule (+=) does."
            }
            let parts = wrong.map { w in
                let lost = w.lost.map { " (it overwrote \(short($0)))" } ?? ""
                return "\(target(w)) = \(short(w.after))\(lost) where the chain rule makes \(short(w.before)) + \(short(w.contribution)) = \(short(w.chainRule))"
            }
            let symbol = DisplayWidth.safe(graph[state.runningNode].op.symbol)
            return "Your \(call) left " + parts.joined(separator: " and ") + ": your _backward() for '\(symbol)' disagrees with the chain rule."
        case .fixed:
            if writes.count == 1 {
                return "\(call) added \(short(last.contribution)) to \(target(last)): "
                    + "\(short(last.before)) + \(short(last.contribution)) = \(short(last.after))."
            }
            let parts = writes.map { w in
                "\(short(w.contribution)) to \(target(w)) (\(short(w.before)) + \(short(w.contribution)) = \(short(w.after)))"
            }
            return "\(call) added " + parts.joined(separator: " and ") + "."
        case .buggy:
            // One phrase per grad written, however often: `a.grad = 3.0`, `a.grad = 1.0, then 1.0`.
            var order: [NodeID] = []
            var values: [NodeID: [Double]] = [:]
            for w in writes {
                if values[w.target] == nil { order.append(w.target) }
                values[w.target, default: []].append(w.after)
            }
            let sets = order.map { id in
                "\(DisplayWidth.safe(graph.reference(id))).grad = " + values[id]!.map(short).joined(separator: ", then ")
            }.joined(separator: " and ")
            let losses = writes.enumerated().compactMap { i, w -> (value: String, origin: String)? in
                guard let lost = w.lost else { return nil }
                let source = previousWriter(ofWriteAt: first + i).map { DisplayWidth.safe(graph.reference($0)) }
                let origin = source == name ? "from its other operand slot" : source.map { "that came through \($0)" } ?? "already there"
                return (short(lost), origin)
            }
            guard !losses.isEmpty else {
                return "\(call) set \(sets); \(order.count == 1 ? "it was" : "they were") 0, so nothing is lost yet."
            }
            let lost: String
            if Set(losses.map(\.origin)).count == 1 {
                lost = "the " + losses.map(\.value).joined(separator: " and ") + " " + losses[0].origin
            } else {
                lost = losses.map { "the \($0.value) \($0.origin)" }.joined(separator: " and ")
            }
            // What `+=` would have made of the same grads at this moment: the fixed engine's pass.
            let fixed = state.fixedWrites
            let wouldBe = order.compactMap { id -> String? in
                guard let index = writes.indices.last(where: { writes[$0].target == id }) else { return nil }
                return short(fixed[first + index].after)
            }
            let under = "under += " + zip(order, wouldBe).enumerated().map { i, pair in
                "\(DisplayWidth.safe(graph.reference(pair.0))).grad\(i == 0 ? " would be" : "") \(pair.1)"
            }.joined(separator: " and ")
            return "\(call) set \(sets): \(lost) \(losses.count == 1 ? "is" : "are") lost; \(under)."
        }
    }

    /// The node whose `_backward()` last wrote the same grad before the write at `index`.
    private func previousWriter(ofWriteAt index: Int) -> NodeID? {
        let trace = state.trace
        let target = trace.writes[index].target
        var step = state.cursor.step
        for i in stride(from: index - 1, through: 0, by: -1) {
            while trace.steps[step].writeRange.lowerBound > i { step -= 1 }
            if trace.writes[i].target == target { return trace.steps[step].node }
        }
        return nil
    }

    /// Which leaves ended up with a wrong grad under this engine, with the correct value beside.
    private func verdict() -> [[(String, Style)]] {
        let graph = state.graph
        let trace = state.trace
        let verdict = state.verdict
        let wrong = verdict.wrong
        guard !wrong.isEmpty else {
            return [[("Done: \(verdict.summary) under \(state.engine.phrase).", Style(.good, bold: true))]]
                + disagreements()
        }
        let title = "Done: \(verdict.summary) under \(state.engine.phrase)"
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
        return lines + disagreements()
    }

    /// In a written pass, one line per value whose `_backward()` it never calls; under `yours`,
    /// one per op whose `_backward()` disagrees with the chain rule.
    private func disagreements() -> [[(String, Style)]] {
        state.verdict.uncalled.map { [("  " + Verdict.uncalledSentence($0, state.graph, order: state.order), Style(.lost, bold: true))] }
            + state.verdict.disagreements.map { [("  " + $0.sentence(state.graph), Style(.lost, bold: true))] }
    }
}

/// Styled lines that wrap at a width, for the step pane.
struct StepLines {
    let width: Int
    private(set) var rows: [[(String, Style)]] = []

    init(width: Int) {
        self.width = width
    }

    /// Adds a line of styled runs, wrapping what does not fit onto indented next rows; a run
    /// too long for a row on its own (a sentence) wraps between its words.
    mutating func add(_ runs: [(String, Style)]) {
        var pieces: [(String, Style)] = []
        for (text, style) in runs {
            if DisplayWidth.of(text) <= width - 6 { pieces.append((text, style)); continue }
            let words = text.split(separator: " ", omittingEmptySubsequences: false)
            for (i, word) in words.enumerated() { pieces.append((String(word) + (i < words.count - 1 ? " " : ""), style)) }
        }
        var row: [(String, Style)] = []
        var used = 1
        for (text, style) in pieces {
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
