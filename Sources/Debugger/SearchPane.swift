import Autograd
import Canvas
import Export

/// The step pane during `build_topo`'s search: the lecture's `build_topo` with the line that runs
/// marked, and beside it (below it, on a narrow screen) the call stack, `visited`, `topo` and a
/// sentence for the event; at the end, what this order does under `grad =`.
struct SearchPane {
    let state: DebuggerState
    let search: SearchState

    /// The fewest columns the words beside the code keep; fewer, and they go below it.
    static let besideWidth = 34

    /// The lecture's `build_topo` as the order has it: sorted by label, or `v._prev` as it comes.
    var code: [String] {
        var code = TopoSearchWords.code
        if search.order == .label { code[3] = "    for child in sorted(v._prev, key=lambda x: x.label):" }
        return code
    }

    func lines(width: Int) -> StepLines {
        var lines = StepLines(width: width)
        let marked = search.current.map { TopoSearchWords.line(of: $0.kind) }
        let code = self.code.enumerated().map { i, line in
            ((i == marked ? state.glyphs.current : " ") + " " + line, i == marked ? Style(.running, bold: true) : Style(.plain))
        }
        let codeWidth = code.map { DisplayWidth.of($0.0) }.max()!
        let beside = width - 2 - codeWidth - 3
        // The call stack first, across the pane: it grows as deep as the graph.
        lines.addRow([(stack(width: width - 2), Style(.running, bold: true))])
        if beside >= Self.besideWidth {
            let words = self.words(width: beside)
            for i in 0..<max(code.count, words.count) {
                let left = i < code.count ? code[i] : ("", Style(.plain))
                lines.addRow([(DisplayWidth.pad(left.0, to: codeWidth) + "   ", left.1)] + (i < words.count ? words[i] : []))
            }
        } else {
            for line in code { lines.add([line]) }
            for row in words(width: width - 2) { lines.addRow(row) }
        }
        return lines
    }

    /// The words beside the code, in rows of at most `width` columns.
    func words(width: Int) -> [[(String, Style)]] {
        let words = search.words
        var rows: [[(String, Style)]] = []
        func wrap(_ text: String, _ style: Style) {
            var row = ""
            for piece in StepLines.words(text, fitting: width) {
                if !row.isEmpty && DisplayWidth.of(row + piece) > width {
                    rows.append([(row, style)])
                    row = "  "
                }
                row += piece
            }
            rows.append([(DisplayWidth.truncate(row, to: width), style)])
        }
        rows.append([(Self.listed("visited = {", search.visited.map(words.name), "}", width: width, newestLast: false), Style(.plain))])
        rows.append([(Self.listed("topo = [", search.topo.map(words.name), "]", width: width, newestLast: true), Style(.plain))])
        if search.current != nil {
            wrap(words.sentence(search.count - 1), Style(.plain, bold: true))
        } else {
            wrap("Nothing is visited yet: n calls \(words.call(search.root)), and the search begins at the root.", Style(.plain, bold: true))
        }
        if search.isDone { wrap(outcome, Style(state.engine == .buggy ? .lost : .good, bold: true)) }
        return rows
    }

    /// The calls open now, outermost first, the event's own last (a skipped call too, which
    /// returns at once); the outermost cut first where they do not fit.
    func stack(width: Int) -> String {
        let words = search.words
        var calls = words.stack(after: search.count).map(words.call)
        if let event = search.current, event.kind == .skip { calls.append(words.call(event.node)) }
        if calls.isEmpty {
            return search.isDone ? "\(words.call(search.root)) has returned: topo is complete" : "build_topo has not been called yet"
        }
        let separator = state.glyphs.isUnicode ? " › " : " > "
        var shown = calls.joined(separator: separator)
        var dropped = 0
        while DisplayWidth.of(shown) > width && dropped < calls.count - 1 {
            dropped += 1
            shown = "depth \(calls.count - 1): \(state.glyphs.ellipsis)" + separator + calls.suffix(calls.count - dropped).joined(separator: separator)
        }
        return DisplayWidth.truncate(shown, to: width)
    }

    /// `visited = {f, d, a}` in `width` columns: as many names as fit, with how many more, the
    /// newest kept where `newestLast`.
    static func listed(_ open: String, _ names: [String], _ close: String, width: Int, newestLast: Bool) -> String {
        let whole = open + names.joined(separator: ", ") + close
        guard DisplayWidth.of(whole) > width else { return whole }
        var kept: [String] = []
        for name in newestLast ? names.reversed() : names {
            let more = "\(names.count - kept.count - 1) more"
            let trial = newestLast ? [more] + [name] + kept : kept + [name] + [more]
            guard DisplayWidth.of(open + trial.joined(separator: ", ") + close) <= width else { break }
            if newestLast { kept.insert(name, at: 0) } else { kept.append(name) }
        }
        let more = "\(names.count - kept.count) more"
        let text = open + (newestLast ? [more] + kept : kept + [more]).joined(separator: ", ") + close
        return DisplayWidth.truncate(text, to: width)
    }

    /// At the end of the search: what this order does to the values written twice, under the
    /// engine on screen; and that `n` goes on to the pass.
    var outcome: String {
        let next = " n: step 0 of the backward pass."
        guard state.engine == .buggy else {
            return "Under grad +=, every write adds, so topo's order changes no grad." + next
        }
        let buggy = state.traces.trace(.buggy, search.order)
        let overwrites = TopoSearchWords.overwrites(state.graph, buggy)
        guard !overwrites.isEmpty else { return "Under grad =, no value is written twice here: nothing is lost." + next }
        let shown = overwrites.prefix(3).joined(separator: "; ")
        let more = overwrites.count > 3 ? "; and \(overwrites.count - 3) more values like them" : ""
        return "Under grad =, in this order: \(shown)\(more)." + next
    }
}
