import Canvas
import Layout

/// The last line: the keys, and which key switches to the other engine.
struct StatusBar {
    let state: DebuggerState

    var keys: [(key: String, action: String)] {
        [("n", "step"), ("s", "write"), ("p", "back"),
         ("e", state.engine == .buggy ? "fixed engine" : "buggy engine"),
         ("o", "order"), ("z", "zoom"), ("?", "help"), ("q", "quit")]
    }

    func draw(into grid: inout Grid, area: Rect) {
        var x = area.x + 1
        for (key, action) in keys {
            guard x + DisplayWidth.of(key) + 1 + DisplayWidth.of(action) < area.maxX else { break }
            x = grid.put(key, x: x, y: area.y, style: Style(.key, bold: true, reverse: true))
            x = grid.put(" " + action + "  ", x: x, y: area.y, style: Style(.plain), limit: area.maxX)
        }
    }
}
