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

    /// The pane drawn alone into `area` (the screen draws the lines it sized its panes by).
    func draw(into grid: inout Grid, area: Rect) {
        lines(width: area.width).draw(into: &grid, area: area)
    }

    /// Everything the pane says at this step, wrapped to `width`: the rows it needs.
    func lines(width: Int) -> StepLines {
        if let search = state.search { return SearchPane(state: state, search: search).lines(width: width) }
        var lines = StepLines(width: width)
        let k = state.cursor.step
        let writes = Array(state.trace.writes(of: k))
        lines.add(headline())
        if let made = madeAt() { lines.add([(made, Style(.muted))]) }

        // One entry per write: the Python line, then its numbers.
        let codes = writes.map { code(for: $0, at: k) }
        let codeWidth = codes.map(DisplayWidth.of).max() ?? 0
        for (i, write) in writes.enumerated() {
            let code: (String, Style) = ("  " + DisplayWidth.pad(codes[i], to: codeWidth), Style(.plain))
            guard i < state.cursor.applied else {
                lines.add([code, ("   " + state.glyphs.ellipsis, Style(.muted))])
                continue
            }
            let numbers = self.numbers(write, first: k == 0)
            let oneRow = [code, ("   ", Style(.plain))] + numbers
            if lines.fitsOnOneRow(oneRow) {
                lines.add(oneRow)
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
        return lines
    }

    /// Where the learner's program made the running value, when the exporter recorded it:
    /// `made in rmsnorm, microgpt.py:87: ms = sum(xi * xi for xi in x) / len(x)`.
    private func madeAt() -> String? {
        guard state.cursor.step > 0, let site = state.graph.site(of: state.runningNode) else { return nil }
        let file = site.file.split(separator: "/").last.map(String.init) ?? site.file
        let place = "  made in \(DisplayWidth.safe(site.caller)), \(DisplayWidth.safe(file)):\(site.line)"
        return site.text.isEmpty ? place : place + ": " + DisplayWidth.safe(site.text)
    }

    /// The step's first line (`Narrator.headline`), styled.
    private func headline() -> [(String, Style)] {
        let (title, madeOf, notes) = Narrator(state.graph, state.trace).headline(of: state.cursor.step)
        return [(title, Style(.running, bold: true))] + (madeOf.map { [("   " + $0, Style(.plain, bold: true))] } ?? [])
            + notes.map { ("   " + $0, Style(.muted)) }
    }

    /// The Python line of a write: the lecture's `_backward()` line, the learner's own, or a seed.
    private func code(for write: Write, at k: Int) -> String {
        if k == 0 { return Narrator(state.graph, state.trace).seedLine(write) }
        return state.trace.source == .yours ? yourCode(for: write, of: state.runningNode)
            : Self.code(state.graph[state.runningNode].op, slot: write.slot, engine: state.engine)
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

    /// One sentence about what the step has done so far (`Narrator`, the words `trace` uses too).
    func narration() -> String? {
        let showsFixed = state.comparing && state.comparedEngine == .fixed && state.engine != .fixed
        return Narrator(state.graph, state.trace).sentence(step: state.cursor.step, writes: state.appliedWrites,
                                                           shownFixed: showsFixed ? { state.fixedWrites } : nil,
                                                           verdict: state.verdict)
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
        state.verdict.uncalled.map { [("  " + Verdict.uncalledSentence($0, state.graph, source: state.trace.source), Style(.lost, bold: true))] }
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

    /// Whether `runs` go on one row as they are.
    func fitsOnOneRow(_ runs: [(String, Style)]) -> Bool {
        fits(upTo: 1 + runs.map { DisplayWidth.of($0.0) }.reduce(0, +))
    }

    /// Whether a row may reach column `end` (exclusive): rows start a column in and keep the last free.
    private func fits(upTo end: Int) -> Bool { end <= width - 1 }

    /// Adds a row as it is: its caller has made it fit.
    mutating func addRow(_ runs: [(String, Style)]) {
        rows.append(runs)
    }

    /// Adds a line of styled runs, wrapping what does not fit onto indented next rows; a run
    /// too long for a row on its own (a sentence) wraps between its words, never inside a
    /// parenthesised name or sum (`(e + 1)`, `(-6.0 + 3.0 = -3.0)`) that fits on a row.
    mutating func add(_ runs: [(String, Style)]) {
        var pieces: [(String, Style)] = []
        for (text, style) in runs {
            if DisplayWidth.of(text) <= width - 6 { pieces.append((text, style)); continue }
            for word in Self.words(text, fitting: width - 6) { pieces.append((word, style)) }
        }
        var row: [(String, Style)] = []
        var used = 1
        for (text, style) in pieces {
            let w = DisplayWidth.of(text)
            if !fits(upTo: used + w) && !row.isEmpty {
                rows.append(row)
                row = [("    ", Style(.plain))]
                used = 5
            }
            row.append((text, style))
            used += w
        }
        rows.append(row)
    }

    /// The words between which a line may break: not inside parentheses, nor either side of an
    /// operator, so `(e + 1)`, `a.grad = 3.0` and `0.1991 + 0.2603 = 0.4594` each stay on one row.
    private static let operators: Set<Substring> = ["+", "-", "*", "/", "=", "≈", "+=", "→", "->"]

    /// `text` cut where it may break (`operators`), each piece keeping its trailing space; a
    /// piece wider than `fitting` is cut at its own spaces.
    static func words(_ text: String, fitting: Int) -> [String] {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        var pieces: [String] = [], piece = "", depth = 0
        for (i, word) in words.enumerated() {
            piece += word
            depth = max(0, depth + word.filter { $0 == "(" }.count - word.filter { $0 == ")" }.count)
            guard i < words.count - 1 else { break }
            piece += " "
            let glued = depth > 0 || operators.contains(word) || operators.contains(words[i + 1])
            if !glued {
                pieces.append(piece)
                piece = ""
            }
        }
        if !piece.isEmpty { pieces.append(piece) }
        return pieces.flatMap { piece -> [String] in
            guard DisplayWidth.of(piece) > fitting, piece.contains(" ") else { return [piece] }
            let words = piece.split(separator: " ", omittingEmptySubsequences: false)
            return words.enumerated().map { String($1) + ($0 < words.count - 1 ? " " : "") }
        }
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
