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
    /// Rows kept for the event's sentence whatever its length, so that the panes hold still.
    static let sentenceRows = 3

    /// The lecture's `build_topo` as the order has it: sorted by label, or `v._prev` as it comes,
    /// said which way where the line alone cannot say (operand order, the seeded set order).
    var code: [String] {
        var code = TopoSearchWords.code
        switch search.order {
        case .label: code[3] = "    for child in sorted(v._prev, key=lambda x: x.label):"
        case .operand: code[3] += "  # in operand order"
        case .random(let seed): code[3] += "  # set order (seed \(seed))"
        case .script, .yours: break
        }
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
        let rows: Int
        if beside >= Self.besideWidth {
            let words = self.words(width: beside)
            rows = max(code.count, words.count, 2 + Self.sentenceRows)
            for i in 0..<rows {
                let left = i < code.count ? code[i] : ("", Style(.plain))
                lines.addRow([(DisplayWidth.pad(left.0, to: codeWidth) + "   ", left.1)] + (i < words.count ? words[i] : []))
            }
        } else {
            let words = self.words(width: width - 2)
            for line in code { lines.add([line]) }
            for row in words { lines.addRow(row) }
            for _ in words.count..<max(words.count, 2 + Self.sentenceRows) { lines.addRow([]) }
        }
        return lines
    }

    /// The words beside the code, in rows of at most `width` columns.
    func words(width: Int) -> [[(String, Style)]] {
        let words = search.words
        var rows: [[(String, Style)]] = []
        func wrap(_ text: String, _ style: Style) {
            // The step pane's own wrapping, into a column `width` wide (its rows keep a column either side).
            var column = StepLines(width: width + 2)
            column.add([(text, style)])
            rows += column.rows
        }
        let visited = search.visited, topo = search.topo
        rows.append([(visited.isEmpty ? "visited = set()" : Self.listed("visited = {", visited, words.name, "}", width: width, newestLast: false), Style(.plain))])
        rows.append([(Self.listed("topo = [", topo, words.name, "]", width: width, newestLast: true), Style(.plain))])
        if search.current != nil {
            wrap(words.sentence(search.count - 1), Style(.plain, bold: true))
        } else {
            wrap("Nothing is visited yet: n calls \(words.call(search.root)), and the search begins at the root.", Style(.plain, bold: true))
        }
        if search.isDone { wrap(outcome, Style(state.engine == .buggy ? .lost : .good, bold: true)) }
        return rows
    }

    /// The calls open now, outermost first, the event's own last; the outermost cut first
    /// where they do not fit.
    func stack(width: Int) -> String {
        let words = search.words
        let stack = search.stack
        if stack.isEmpty { return "build_topo has not been called yet" }
        let separator = state.glyphs.isUnicode ? " › " : " > "
        // From the innermost call out, as many as fit: only the calls shown are named.
        let cut = "depth \(stack.count - 1): \(state.glyphs.ellipsis)" + separator
        var shown: [String] = [], used = 0
        for id in stack.reversed() {
            let call = words.call(id), more = DisplayWidth.of(call) + (shown.isEmpty ? 0 : DisplayWidth.of(separator))
            let room = shown.count + 1 == stack.count ? width : width - DisplayWidth.of(cut)
            guard used + more <= room || shown.isEmpty else { break }
            shown.append(call)
            used += more
        }
        let text = (shown.count < stack.count ? cut : "") + shown.reversed().joined(separator: separator)
        return DisplayWidth.truncate(text, to: width)
    }

    /// `visited = {f, d, a}` in `width` columns: as many names as fit, with how many more, the
    /// newest kept where `newestLast`. Only the names shown are made.
    static func listed(_ open: String, _ ids: ArraySlice<NodeID>, _ name: (NodeID) -> String, _ close: String,
                       width: Int, newestLast: Bool) -> String {
        var kept: [String] = []
        // A name takes a column at least: no more than `width` of them can show.
        let ordered: [NodeID] = newestLast ? Array(ids.suffix(width).reversed()) : Array(ids.prefix(width))
        for id in ordered {
            let rest = ids.count - kept.count - 1
            let more = rest > 0 ? ["\(rest) more"] : []
            let trial = newestLast ? more + [name(id)] + kept : kept + [name(id)] + more
            guard DisplayWidth.of(open + trial.joined(separator: ", ") + close) <= width else { break }
            if newestLast { kept.insert(name(id), at: 0) } else { kept.append(name(id)) }
        }
        let rest = ids.count - kept.count
        let more = rest > 0 ? ["\(rest) more"] : []
        return DisplayWidth.truncate(open + (newestLast ? more + kept : kept + more).joined(separator: ", ") + close, to: width)
    }

    /// At the end of the search: what this order does to the values written twice, under the
    /// engine on screen; and that `n` goes on to the pass.
    var outcome: String {
        let next = " n: step 0 of the backward pass."
        guard state.engine == .buggy else {
            return "Under grad +=, every write adds, so topo's order changes no grad." + next
        }
        let (sentences, values) = search.overwrites
        guard !sentences.isEmpty else { return "Under grad =, no value is written twice here: nothing is lost." + next }
        let shown = sentences.prefix(2).joined(separator: "; ")
        let more = sentences.count > 2 ? "; \(values) values lose a contribution in all" : ""
        return "Under grad =, in this order: \(shown)\(more)." + next
    }
}
