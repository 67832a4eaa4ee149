import Canvas
import Layout

/// The top line: what is loaded, the engine in words and symbol, the order, the step.
struct Header {
    let state: DebuggerState

    /// `BUGGY  grad =` or `FIXED  grad +=`: unmistakable from the back of a room.
    var engineBanner: String {
        switch state.engine {
        case .buggy: " BUGGY  grad = "
        case .fixed: " FIXED  grad += "
        case .yours: " YOURS  your backward() "
        }
    }

    /// The engine in block letters: `BUGGY =` or `FIXED +=`.
    var bigBanner: String {
        switch state.engine {
        case .buggy: "BUGGY ="
        case .fixed: "FIXED +="
        case .yours: "YOURS"
        }
    }

    /// The engine's colour: vermillion for the bug, blue for the chain rule, the key colour for the learner's own.
    private var role: Role {
        switch state.engine {
        case .buggy: .buggy
        case .fixed: .fixed
        case .yours: .key
        }
    }

    func draw(into grid: inout Grid, area: Rect) {
        if area.height >= 3 { return drawTall(into: &grid, area: area) }
        let y = area.y
        var x = grid.put(" gradstep ", x: area.x, y: y, style: Style(.chrome, bold: true))
        x = grid.put(DisplayWidth.truncate(scriptName, to: 24), x: x, y: y, style: Style(.plain, bold: true))
        x += 2
        x = grid.put(engineBanner, x: x, y: y, style: Style(role, bold: true, reverse: true))
        x += 2
        grid.put("order: " + state.order.description, x: x, y: y, style: Style(.plain))
        let step = stepText
        grid.put(step + " ", x: area.maxX - DisplayWidth.of(step) - 1, y: y, style: Style(.plain, bold: true))
    }

    /// Three rows: the engine in block letters on the left, then the script, the order and the step.
    private func drawTall(into grid: inout Grid, area: Rect) {
        for (row, line) in BannerFont.render(bigBanner).enumerated() {
            grid.put(line, x: area.x + 1, y: area.y + row, style: Style(role, bold: true))
        }
        let x = area.x + 3 + BannerFont.width("FIXED +=")
        var end = grid.put("gradstep ", x: x, y: area.y, style: Style(.chrome, bold: true))
        end = grid.put(DisplayWidth.truncate(scriptName, to: 32), x: end, y: area.y, style: Style(.plain, bold: true))
        grid.put("   " + engineBanner, x: end, y: area.y, style: Style(role, bold: true))
        grid.put("order: " + state.order.description, x: x, y: area.y + 1, style: Style(.plain))
        grid.put(stepText, x: x, y: area.y + 2, style: Style(.plain, bold: true))
    }

    /// The script's file name without its folders (the header has little room), made safe to draw.
    private var scriptName: String {
        DisplayWidth.safe(state.script.name.split(separator: "/").last.map(String.init) ?? state.script.name)
    }

    /// `step 3/5`, and the write within it after step-into.
    private var stepText: String {
        if let search = state.search { return "build_topo \(search.count)/\(search.events.count)" }
        var text = "step \(state.cursor.step)/\(state.lastStep)"
        let writes = state.trace.steps[state.cursor.step].writeRange.count
        if state.cursor.applied < writes { text += "  write \(state.cursor.applied)/\(writes)" }
        return text
    }
}
