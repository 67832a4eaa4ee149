/// A frame as one self-contained SVG, for slides: text placed cell by cell in a monospace font,
/// the theme's colours and background, bold and reverse video, and box drawing drawn as lines so
/// that it joins up whatever font the viewer has.
public enum SVG {
    /// Cell size in pixels: a 14 px monospace font's advance, and a line with no gap between rows.
    static let cellWidth = 8.4
    static let cellHeight = 17.0
    static let fontSize = 14.0

    /// The document for `grid` drawn in `palette` (mono: black on white, for print).
    public static func render(_ grid: Grid, palette: Palette) -> String {
        let colours = Colours(palette)
        let width = Double(grid.width) * cellWidth, height = Double(grid.height) * cellHeight
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" "
        out += "viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"'DejaVu Sans Mono', Menlo, Consolas, monospace\" "
        out += "font-size=\"\(n(fontSize))\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"\(colours.background)\"/>\n"
        var backgrounds = "", lines = "", texts = ""
        for y in 0..<grid.height {
            // Reverse video first: one rectangle per run of a style.
            var start = 0
            while start < grid.width {
                let style = grid[start, y].style
                var end = start
                while end < grid.width && grid[end, y].style == style { end += 1 }
                if let paper = colours.inkAndPaper(style).paper { backgrounds += rect(x: start, y: y, cells: end - start, fill: paper) }
                start = end
            }
            var x = 0
            while x < grid.width {
                // A word: cells of one style, each holding one narrow character, none a space or a
                // box-drawing cell; a wide character or a cluster with combining marks stands alone.
                let style = grid[x, y].style
                let ink = colours.inkAndPaper(style).ink
                let cell = grid[x, y].text
                if let shape = Shape(cell) {
                    lines += shape.svg(x: Double(x) * cellWidth, y: Double(y) * cellHeight, colour: ink)
                    x += 1
                    continue
                }
                guard Self.isNarrow(cell) else {
                    if !cell.isEmpty && cell != " " {
                        texts += text([cell], x: x, y: y, colour: ink, bold: style.bold, underline: style.underline)
                    }
                    x += 1
                    continue
                }
                var word: [String] = []
                while x + word.count < grid.width, grid[x + word.count, y].style == style, Self.isNarrow(grid[x + word.count, y].text) {
                    word.append(grid[x + word.count, y].text)
                }
                texts += text(word, x: x, y: y, colour: ink, bold: style.bold, underline: style.underline)
                x += word.count
            }
        }
        out += backgrounds + "<g stroke-linecap=\"square\" fill=\"none\">\n" + lines + "</g>\n"
        out += "<g>\n" + texts + "</g>\n</svg>\n"
        return out
    }

    private static func rect(x: Int, y: Int, cells: Int, fill: String) -> String {
        "<rect x=\"\(n(Double(x) * cellWidth))\" y=\"\(n(Double(y) * cellHeight))\" width=\"\(n(Double(cells) * cellWidth))\" "
            + "height=\"\(n(cellHeight))\" fill=\"\(fill)\"/>\n"
    }

    /// Whether a cell's text can share a `<text>` with its neighbours, each character at its own
    /// `x`: one scalar of the Basic Multilingual Plane, one column wide, not a space or a shape.
    /// (Browsers number a text's characters in UTF-16 units; outside the BMP that is two per scalar.)
    static func isNarrow(_ cell: String) -> Bool {
        guard cell != " ", cell.unicodeScalars.count == 1, let scalar = cell.unicodeScalars.first else { return false }
        return scalar.value < 0x10000 && DisplayWidth.of(cell) == 1 && Shape(cell) == nil
    }

    /// One `<text>` whose characters sit in consecutive cells from column `x`: an `x` per
    /// character, so no font, no whitespace rule and no stretching can move one. A single cell
    /// (a wide character, a base with its combining marks) gets one `x` for its whole cluster.
    private static func text(_ cells: [String], x: Int, y: Int, colour: String, bold: Bool, underline: Bool) -> String {
        let xs = cells.indices.map { n(Double(x + $0) * cellWidth) }.joined(separator: " ")
        // Baseline a little above the cell's bottom.
        var attributes = "x=\"\(xs)\" y=\"\(n(Double(y) * cellHeight + 13))\" fill=\"\(colour)\""
        if bold { attributes += " font-weight=\"bold\"" }
        if underline { attributes += " text-decoration=\"underline\"" }
        return "<text \(attributes)>\(escape(cells.joined()))</text>\n"
    }

    /// XML text: the five special characters, and characters XML 1.0 cannot hold written out.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case _ where scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value):
                out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A number for an attribute: no trailing `.0`.
    static func n(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// The theme's colours as CSS: every role's ink, the paper, and what reverse video swaps.
    struct Colours {
        let palette: Palette
        let background: String
        let foreground: String
        let mono: Bool

        init(_ palette: Palette) {
            self.palette = palette
            mono = palette.colour(.running) == nil
            // Mono prints black on white; the dark theme keeps the terminal's dark grey.
            background = palette.background.map(XTerm.hex) ?? (mono ? "#ffffff" : XTerm.hex(234))
            foreground = palette.colour(.plain).map(XTerm.hex) ?? (mono ? "#000000" : XTerm.hex(252))
        }

        /// The text colour and, for reverse video, the cell's own background.
        func inkAndPaper(_ style: Style) -> (ink: String, paper: String?) {
            let ink = palette.colour(style.role).map(XTerm.hex) ?? foreground
            return style.reverse ? (background, ink) : (ink, nil)
        }
    }
}

/// A box-drawing or block character drawn as lines and rectangles instead of a glyph.
struct Shape: Equatable {
    /// Up, right, down, left: 0 none, 1 light, 2 heavy, 3 double.
    var sides: [Int]
    var dashed = false
    /// Block elements: the part of the cell filled, top to bottom (0...1).
    var block: (top: Double, bottom: Double)?

    static func == (lhs: Shape, rhs: Shape) -> Bool {
        lhs.sides == rhs.sides && lhs.dashed == rhs.dashed && lhs.block?.top == rhs.block?.top && lhs.block?.bottom == rhs.block?.bottom
    }

    init?(_ text: String) {
        guard text.unicodeScalars.count == 1, let scalar = text.unicodeScalars.first else { return nil }
        switch scalar {
        case "▀": sides = [0, 0, 0, 0]; block = (0, 0.5); return
        case "▄": sides = [0, 0, 0, 0]; block = (0.5, 1); return
        case "█": sides = [0, 0, 0, 0]; block = (0, 1); return
        default: break
        }
        guard (0x2500...0x257F).contains(scalar.value), let parsed = Self.parse(scalar.properties.name ?? "") else { return nil }
        (sides, dashed) = parsed
    }

    /// Reads the sides from the character's Unicode name: `BOX DRAWINGS LIGHT DOWN AND RIGHT`,
    /// `BOX DRAWINGS DOWN LIGHT AND RIGHT HEAVY`, `BOX DRAWINGS UP SINGLE AND RIGHT DOUBLE`,
    /// `BOX DRAWINGS LIGHT ARC DOWN AND RIGHT`, `BOX DRAWINGS LIGHT TRIPLE DASH HORIZONTAL`.
    static func parse(_ name: String) -> (sides: [Int], dashed: Bool)? {
        guard name.hasPrefix("BOX DRAWINGS ") else { return nil }
        var words = name.dropFirst(13).split(separator: " ").map(String.init)
        var dashed = false
        if let dash = words.firstIndex(of: "DASH") {
            dashed = true
            words.removeSubrange((dash - 1)...dash)
        }
        words.removeAll { $0 == "ARC" || $0 == "AND" }
        let weights = ["LIGHT": 1, "SINGLE": 1, "HEAVY": 2, "DOUBLE": 3]
        let directions = ["UP": [0], "RIGHT": [1], "DOWN": [2], "LEFT": [3], "VERTICAL": [0, 2], "HORIZONTAL": [1, 3]]
        var sides = [0, 0, 0, 0]
        if let first = words.first, let weight = weights[first] {
            // One weight before every direction: `LIGHT DOWN AND RIGHT`.
            for word in words.dropFirst() {
                guard let ds = directions[word] else { return nil }
                for d in ds { sides[d] = weight }
            }
        } else {
            // Each weight after its directions: `DOWN LIGHT AND RIGHT HEAVY`.
            var pending: [Int] = []
            for word in words {
                if let ds = directions[word] {
                    pending += ds
                } else if let weight = weights[word] {
                    for d in pending { sides[d] = weight }
                    pending = []
                } else {
                    return nil
                }
            }
            guard pending.isEmpty else { return nil }
        }
        return sides == [0, 0, 0, 0] ? nil : (sides, dashed)
    }

    /// The lines from the cell's centre to each side it has, in `colour`.
    func svg(x: Double, y: Double, colour: String) -> String {
        let w = SVG.cellWidth, h = SVG.cellHeight
        if let block {
            return "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y + block.top * h))\" width=\"\(SVG.n(w))\" "
                + "height=\"\(SVG.n((block.bottom - block.top) * h))\" fill=\"\(colour)\" stroke=\"none\"/>\n"
        }
        let cx = x + w / 2, cy = y + h / 2
        let ends = [(cx, y), (x + w, cy), (cx, y + h), (x, cy)]
        var out = ""
        for (side, weight) in sides.enumerated() where weight > 0 {
            let (ex, ey) = ends[side]
            let dash = dashed ? " stroke-dasharray=\"2 2\"" : ""
            // The unit step from this side's edge toward the centre.
            let (ux, uy) = ((cx - ex).sign == .minus ? -1.0 : cx == ex ? 0 : 1, (cy - ey).sign == .minus ? -1.0 : cy == ey ? 0 : 1)
            if weight == 3 {
                // Two thin lines either side of the centre line; they meet the next cell's. Where a
                // double line turns or meets another, each ends on the other's near or far line, so
                // corners and tees join as the font's ╔ and ╦ do instead of crossing.
                let vertical = side % 2 == 0
                for offset in [-1.5, 1.5] {
                    let (ox, oy) = vertical ? (offset, 0.0) : (0.0, offset)
                    // The perpendicular side on this line's own side, and the one across.
                    let near = vertical ? (offset > 0 ? 1 : 3) : (offset > 0 ? 2 : 0)
                    let across = (near + 2) % 4
                    let reach = sides[near] == 3 ? -1.5 : sides[across] == 3 ? 1.5 : 0
                    out += line(cx + ox + ux * reach, cy + oy + uy * reach, ex + ox, ey + oy, width: 1, colour: colour, dash: dash)
                }
            } else {
                // A single line into a double one (`╤`, `╟`) starts at the double's near line.
                let crossesDouble = sides[(side + 1) % 4] == 3 || sides[(side + 3) % 4] == 3
                let back = crossesDouble ? -1.5 : 0
                out += line(cx + ux * back, cy + uy * back, ex, ey, width: weight == 2 ? 2.6 : 1.2, colour: colour, dash: dash)
            }
        }
        return out
    }

    private func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, width: Double, colour: String, dash: String) -> String {
        "<line x1=\"\(SVG.n(x1))\" y1=\"\(SVG.n(y1))\" x2=\"\(SVG.n(x2))\" y2=\"\(SVG.n(y2))\" stroke=\"\(colour)\" stroke-width=\"\(SVG.n(width))\"\(dash)/>\n"
    }
}

/// The xterm 256-colour palette as CSS colours.
enum XTerm {
    private static let basic = [
        "#000000", "#800000", "#008000", "#808000", "#000080", "#800080", "#008080", "#c0c0c0",
        "#808080", "#ff0000", "#00ff00", "#ffff00", "#0000ff", "#ff00ff", "#00ffff", "#ffffff",
    ]

    static func hex(_ index: Int) -> String {
        let (r, g, b): (Int, Int, Int)
        switch index {
        case 0..<16: return basic[index]
        case 16..<232:
            let levels = [0, 95, 135, 175, 215, 255]
            let i = index - 16
            (r, g, b) = (levels[i / 36], levels[(i / 6) % 6], levels[i % 6])
        case 232..<256:
            let v = 8 + (index - 232) * 10
            (r, g, b) = (v, v, v)
        default: return "#ffffff"
        }
        func two(_ x: Int) -> String { let s = String(x, radix: 16); return s.count == 1 ? "0" + s : s }
        return "#" + two(r) + two(g) + two(b)
    }
}
