import Foundation
import Canvas
import Layout

/// Every key and what it does, in a box over the middle of the screen.
struct HelpOverlay {
    let state: DebuggerState

    func draw(into grid: inout Grid) {
        let g = state.glyphs
        let rows = KeyMap.help.map { (keys: g.isUnicode ? $0.keys : ascii($0.keys), action: g.isUnicode ? $0.action : ascii($0.action)) }
        let keyWidth = rows.map { DisplayWidth.of($0.keys) }.max() ?? 0
        let actionWidth = rows.map { DisplayWidth.of($0.action) }.max() ?? 0
        let width = min(grid.width - 2, keyWidth + actionWidth + 7)
        let height = min(grid.height - 2, rows.count + 4)
        let x0 = (grid.width - width) / 2, y0 = (grid.height - height) / 2
        let box = g.box
        let frame = Style(.chrome, bold: true)
        grid.fill(x: x0, y: y0, width: width, height: height)
        for x in x0..<(x0 + width) {
            grid[x, y0] = Cell(box.horizontal, frame)
            grid[x, y0 + height - 1] = Cell(box.horizontal, frame)
        }
        for y in y0..<(y0 + height) {
            grid[x0, y] = Cell(box.vertical, frame)
            grid[x0 + width - 1, y] = Cell(box.vertical, frame)
        }
        grid[x0, y0] = Cell(box.topLeft, frame)
        grid[x0 + width - 1, y0] = Cell(box.topRight, frame)
        grid[x0, y0 + height - 1] = Cell(box.bottomLeft, frame)
        grid[x0 + width - 1, y0 + height - 1] = Cell(box.bottomRight, frame)
        grid.put(" keys ", x: x0 + 2, y: y0, style: frame)
        for (i, row) in rows.prefix(height - 4).enumerated() {
            let y = y0 + 2 + i
            grid.put(row.keys, x: x0 + 2, y: y, style: Style(.key, bold: true), limit: x0 + width - 1)
            grid.put(row.action, x: x0 + 4 + keyWidth, y: y, style: Style(.plain), limit: x0 + width - 1)
        }
        grid.put(" Esc closes ", x: x0 + width - 14, y: y0 + height - 1, style: frame)
    }

    private func ascii(_ text: String) -> String {
        text.replacingOccurrences(of: "→", with: "Right").replacingOccurrences(of: "←", with: "Left")
            .replacingOccurrences(of: "↑", with: "Up").replacingOccurrences(of: "↓", with: "Down")
            .replacingOccurrences(of: "↔", with: "<->").replacingOccurrences(of: "✓", with: "ok")
            .replacingOccurrences(of: "✗", with: "WRONG")
    }
}
