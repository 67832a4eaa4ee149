import Canvas
import Layout

/// The last line: the keys, and which key switches to the other engine.
struct StatusBar {
    let state: DebuggerState
    /// How the graph pane shows the graph now.
    var view: Scene.Kind = .whole
    /// The zoom the graph pane draws at: the user's, or less where the nearby view needs it.
    var zoom: Zoom? = nil
    /// In the folded view, how many items are drawn of how many.
    var foldedShown: (shown: Int, items: Int)? = nil

    /// What is on: the zoom, the overlays, and the view when it is not the whole graph: `normal · compare · nearby`
    /// (`|` between them in ASCII).
    var modes: String {
        var parts = [(zoom ?? state.zoom).rawValue]
        if state.search != nil { parts.append("build_topo") }
        if state.comparing { parts.append("compare") }
        if state.showingTruth { parts.append("truth") }
        if state.predicting { parts.append("predict") }
        switch view {
        case .whole: break
        case .scrolled: parts.append(state.scroll == nil ? "following" : "panned")
        case .neighbourhood: parts.append("nearby")
        case .folded:
            // The calls open around the running value, the innermost last: `folded in gpt › linear`.
            let open = Folding.chain(state.graph, state.graph.call(of: state.runningNode)).map { state.graph.calls[$0].function }
            parts.append(open.isEmpty ? "folded" : "folded in " + open.suffix(3).joined(separator: state.glyphs.isUnicode ? " › " : " > "))
            // Only the items nearest the running value: say so, as nothing else on screen does.
            if let shown = foldedShown, shown.shown < shown.items { parts.append("\(shown.shown) of \(shown.items) items") }
        }
        if state.topoHidden { parts.append("no topo") }
        return parts.joined(separator: state.glyphs.separator)
    }

    /// The binding table's status keys, `e` naming the engine it switches to.
    var keys: [(key: String, action: String)] { Bindings.statusKeys(state) }

    func draw(into grid: inout Grid, area: Rect) {
        if let prompt = state.prompt {
            let hint = prompt.kind == .goToStep ? "   step number, Enter to go, Esc to cancel" : "   a node's name, Enter to find it, Esc to cancel"
            let x = grid.put(prompt.sigil + prompt.text, x: area.x + 1, y: area.y, style: Style(.key, bold: true))
            grid.put(state.glyphs.promptCursor, x: x, y: area.y, style: Style(.key, bold: true))
            grid.put(hint, x: x + 1, y: area.y, style: Style(.muted), limit: area.maxX)
            return
        }
        if let message = state.message {
            grid.put(Self.shortened(DisplayWidth.safe(message), to: area.width - 2, ellipsis: state.glyphs.ellipsis), x: area.x + 1, y: area.y,
                     style: Style(.written, bold: true))
            return
        }
        var x = area.x + 1
        if state.autoplay {
            x = grid.put(" PLAYING ", x: x, y: area.y, style: Style(.running, bold: true, reverse: true)) + 2
        }
        // Help and quit always show, at the right, after what is on; the other keys fill the line from the left.
        let fixed = keys.suffix(2), rest = keys.dropLast(2)
        let modes = "[" + self.modes + "]  "
        let modesWidth = DisplayWidth.of(modes)
        let fixedWidth = fixed.map { DisplayWidth.of($0.key) + DisplayWidth.of($0.action) + 3 }.reduce(0, +) + modesWidth
        // A key whose words are empty means nothing here (in build_topo's search, `s` and `c`).
        for (key, action) in rest where !action.isEmpty {
            guard x + DisplayWidth.of(key) + 1 + DisplayWidth.of(action) < area.maxX - fixedWidth else { break }
            x = put(key, action, at: x, into: &grid, area)
        }
        x = area.maxX - fixedWidth
        x = grid.put(modes, x: x, y: area.y, style: Style(.muted, bold: true))
        for (key, action) in fixed { x = put(key, action, at: x, into: &grid, area) }
    }

    /// `message` in `width` columns: whole, or cut after its last `, ` or `; ` that leaves room
    /// for `…`, so that no number or name is cut in half.
    static func shortened(_ message: String, to width: Int, ellipsis: String) -> String {
        guard DisplayWidth.of(message) > width else { return message }
        // The kept text, its separator and the ellipsis must fit.
        let room = width - 2 - DisplayWidth.of(ellipsis)
        var cut: String.Index?, used = 0
        for index in message.indices {
            if used > room { break }
            let rest = message[index...]
            if rest.hasPrefix(", ") || rest.hasPrefix("; ") { cut = index }
            used += DisplayWidth.of(String(message[index]))
        }
        guard let cut else { return DisplayWidth.truncate(message, to: width) }
        return String(message[...message.index(after: cut)]) + ellipsis
    }

    private func put(_ key: String, _ action: String, at x: Int, into grid: inout Grid, _ area: Rect) -> Int {
        let end = grid.put(key, x: x, y: area.y, style: Style(.key, bold: true, reverse: true))
        return grid.put(" " + action + "  ", x: end, y: area.y, style: Style(.plain), limit: area.maxX)
    }
}
