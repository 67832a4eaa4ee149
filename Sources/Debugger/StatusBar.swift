import Canvas
import Layout

/// The last line: the keys, and which key switches to the other engine.
struct StatusBar {
    let state: DebuggerState
    /// How the graph pane shows the graph now.
    var view: Scene.Kind = .whole

    /// What is on: the zoom, the overlays, and the view when it is not the whole graph: `normal · compare · nearby`
    /// (`|` between them in ASCII).
    var modes: String {
        var parts = [state.zoom.rawValue]
        if state.comparing { parts.append("compare") }
        if state.showingTruth { parts.append("truth") }
        if state.predicting { parts.append("predict") }
        switch view {
        case .whole: break
        case .scrolled: parts.append(state.scroll == nil ? "following" : "panned")
        case .neighbourhood: parts.append("nearby")
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
            grid.put(DisplayWidth.truncate(DisplayWidth.safe(message), to: area.width - 2), x: area.x + 1, y: area.y,
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
        for (key, action) in rest {
            guard x + DisplayWidth.of(key) + 1 + DisplayWidth.of(action) < area.maxX - fixedWidth else { break }
            x = put(key, action, at: x, into: &grid, area)
        }
        x = area.maxX - fixedWidth
        x = grid.put(modes, x: x, y: area.y, style: Style(.muted, bold: true))
        for (key, action) in fixed { x = put(key, action, at: x, into: &grid, area) }
    }

    private func put(_ key: String, _ action: String, at x: Int, into grid: inout Grid, _ area: Rect) -> Int {
        let end = grid.put(key, x: x, y: area.y, style: Style(.key, bold: true, reverse: true))
        return grid.put(" " + action + "  ", x: end, y: area.y, style: Style(.plain), limit: area.maxX)
    }
}
