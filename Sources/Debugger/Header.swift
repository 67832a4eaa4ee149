import Canvas
import Layout

/// The top line: what is loaded, the engine in words and symbol, the order, the step.
struct Header {
    let state: DebuggerState

    /// `BUGGY  grad =` or `FIXED  grad +=`: unmistakable from the back of a room.
    var engineBanner: String {
        state.engine == .buggy ? " BUGGY  grad = " : " FIXED  grad += "
    }

    func draw(into grid: inout Grid, area: Rect) {
        let y = area.y
        var x = grid.put(" gradstep ", x: area.x, y: y, style: Style(.chrome, bold: true))
        // A file's name without its folders: the header has little room.
        let name = state.script.name.split(separator: "/").last.map(String.init) ?? state.script.name
        x = grid.put(DisplayWidth.truncate(DisplayWidth.safe(name), to: 24), x: x, y: y, style: Style(.plain, bold: true))
        x += 2
        let role: Role = state.engine == .buggy ? .buggy : .fixed
        x = grid.put(engineBanner, x: x, y: y, style: Style(role, bold: true, reverse: true))
        x += 2
        grid.put("order: " + state.order.description, x: x, y: y, style: Style(.plain))
        var step = "step \(state.cursor.step)/\(state.lastStep)"
        let writes = state.trace.steps[state.cursor.step].writeRange.count
        if state.cursor.applied < writes { step += "  write \(state.cursor.applied)/\(writes)" }
        grid.put(step + " ", x: area.maxX - DisplayWidth.of(step) - 1, y: y, style: Style(.plain, bold: true))
    }
}
