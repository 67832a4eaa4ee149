import Canvas
import Layout

/// Writes into a pane of the grid in layout coordinates, dropping what falls outside it.
struct Clip {
    var grid = Grid(width: 0, height: 0)
    let area: Rect
    let origin: Point

    /// Whether layout cell (`x`, `y`) is inside the pane.
    func shows(_ x: Int, _ y: Int) -> Bool {
        let gx = x - origin.x + area.x, gy = y - origin.y + area.y
        return gy >= area.y && gy < area.maxY && gx >= area.x && gx < area.maxX
    }

    /// Whether every cell `text` would take from (`x`, `y`) is inside the pane and blank.
    func isBlank(_ text: String, _ x: Int, _ y: Int) -> Bool {
        let gx = x - origin.x + area.x, gy = y - origin.y + area.y
        let w = DisplayWidth.of(text)
        guard gy >= area.y, gy < area.maxY, gx >= area.x, gx + w <= area.maxX else { return false }
        return (gx..<(gx + w)).allSatisfy { grid[$0, gy].text == " " }
    }

    /// `onlyOnBlank`: for marks that must never cover a line or a box.
    mutating func put(_ glyph: String, _ x: Int, _ y: Int, _ style: Style, onlyOnBlank: Bool = false) {
        let gx = x - origin.x + area.x, gy = y - origin.y + area.y
        guard gx >= area.x, gx < area.maxX, gy >= area.y, gy < area.maxY else { return }
        if onlyOnBlank && grid[gx, gy].text != " " { return }
        grid[gx, gy] = Cell(glyph, style)
    }

    mutating func text(_ text: String, _ x: Int, _ y: Int, _ style: Style, onlyOnBlank: Bool = false) {
        let gy = y - origin.y + area.y
        guard gy >= area.y, gy < area.maxY else { return }
        var gx = x - origin.x + area.x
        for character in text {
            let w = DisplayWidth.of(character)
            if gx >= area.x && gx + w <= area.maxX && !(onlyOnBlank && grid[gx, gy].text != " ") {
                grid.put(String(character), x: gx, y: gy, style: style, limit: area.maxX)
            }
            gx += w
        }
    }
}

/// The lines of a viewport, cell by cell: which net owns each cell, which sides it joins, and
/// which sides the gradient flows through in this step.
struct LineBuffer {
    let view: Rect
    private var net: [Int32]
    private var mask: [LineMask]
    /// Sides of another net that passes under the owner's line (drawn only where a heavy line crosses).
    private var under: [LineMask]
    private var heavy: [LineMask]
    private var arrow: [Bool]

    init(view: Rect) {
        self.view = view
        let count = max(0, view.width * view.height)
        net = Array(repeating: -1, count: count)
        mask = Array(repeating: [], count: count)
        under = Array(repeating: [], count: count)
        heavy = Array(repeating: [], count: count)
        arrow = Array(repeating: false, count: count)
    }

    private func index(_ x: Int, _ y: Int) -> Int? {
        guard x >= view.x, x < view.maxX, y >= view.y, y < view.maxY else { return nil }
        return (y - view.y) * view.width + (x - view.x)
    }

    /// Adds one segment. Cells of one net join; where two nets meet, the vertical line is kept
    /// unbroken and the horizontal one passes under it.
    mutating func add(_ segment: Segment) {
        let vertical = segment.isVertical
        let first = vertical ? segment.start.y : segment.start.x
        let last = vertical ? segment.end.y : segment.end.x
        let low = max(first, vertical ? view.y : view.x), high = min(last, vertical ? view.maxY - 1 : view.maxX - 1)
        guard low <= high else { return }
        for t in low...high {
            let (x, y) = vertical ? (segment.start.x, t) : (t, segment.start.y)
            guard let i = index(x, y) else { continue }
            var bits: LineMask = []
            if t > first { bits.insert(vertical ? .up : .left) }
            if t < last { bits.insert(vertical ? .down : .right) }
            let owner = Int32(segment.net)
            if net[i] == -1 || net[i] == owner {
                net[i] = owner
                mask[i].formUnion(bits)
            } else if vertical && mask[i].isSubset(of: .horizontal) {
                net[i] = owner
                under[i].formUnion(mask[i])
                mask[i] = bits
                arrow[i] = false
            } else {
                under[i].formUnion(bits)
            }
            if segment.arrow && t == last && net[i] == owner { arrow[i] = true }
        }
    }

    /// Marks the sides of every cell an edge's path runs through as heavy: the gradient flows there now.
    mutating func markActive(_ points: [Point]) {
        for cell in EdgeCells(points: points) {
            guard let i = index(cell.x, cell.y) else { continue }
            heavy[i].formUnion(cell.sides)
        }
    }

    /// `markingExits`: a line that runs on beyond the pane ends in a pointer at the border
    /// (`◀ ▶ ▲ ▼`), so the view says where its lines go.
    func draw(into grid: inout Grid, area: Rect, glyphs: Glyphs, markingExits: Bool) {
        for row in 0..<view.height {
            for column in 0..<view.width {
                let i = row * view.width + column
                guard net[i] >= 0 || !heavy[i].isEmpty else { continue }
                let active = !heavy[i].isEmpty
                var glyph = arrow[i] ? glyphs.arrow
                    : active ? glyphs.line(light: mask[i].union(under[i]), heavy: heavy[i]) : glyphs.line(mask[i])
                var style = active ? Style(.activeEdge, bold: true) : Style(.edge)
                if markingExits && !active && !arrow[i], let exit = exit(mask[i], column, row, glyphs) {
                    glyph = exit
                    style = Style(.muted, bold: true)
                }
                grid[area.x + column, area.y + row] = Cell(glyph, style)
            }
        }
    }

    /// The pointer for a line that leaves the view through the border cell (`column`, `row`).
    private func exit(_ mask: LineMask, _ column: Int, _ row: Int, _ glyphs: Glyphs) -> String? {
        if column == 0 && mask.contains(.left) { return glyphs.exits.left }
        if column == view.width - 1 && mask.contains(.right) { return glyphs.exits.right }
        if row == 0 && mask.contains(.up) { return glyphs.exits.up }
        if row == view.height - 1 && mask.contains(.down) { return glyphs.exits.down }
        return nil
    }
}
