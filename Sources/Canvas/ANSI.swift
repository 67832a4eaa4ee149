/// Turns a grid into text with SGR escape sequences, for `gradstep frame --color always`.
public enum ANSI {
    /// The grid's rows, styled with `palette`, each ending in a reset.
    public static func render(_ grid: Grid, palette: Palette) -> String {
        var out = ""
        for y in 0..<grid.height {
            var current: Style? = nil
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if cell.style != current {
                    out += sgr(cell.style, palette)
                    current = cell.style
                }
                out += cell.text
            }
            out += "\u{1B}[0m\n"
        }
        return out
    }

    /// The escape sequence that selects `style`.
    public static func sgr(_ style: Style, _ palette: Palette) -> String {
        var codes = ["0"]
        if style.bold { codes.append("1") }
        if style.underline { codes.append("4") }
        if style.reverse { codes.append("7") }
        if let colour = palette.colour(style.role) { codes.append("38;5;\(colour)") }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}

/// Which 256-colour index each role is drawn in; nil leaves the terminal's own colour.
public struct Palette: Sendable {
    private let colours: [Role: Int]

    public init(_ colours: [Role: Int]) {
        self.colours = colours
    }

    public func colour(_ role: Role) -> Int? { colours[role] }

    /// High contrast on a dark background, colour-blind-safe (Okabe–Ito) picks.
    public static let dark = Palette([
        .chrome: 250, .box: 255, .edge: 245, .activeEdge: 178, .running: 178, .written: 74,
        .lost: 166, .good: 35, .buggy: 166, .fixed: 74, .muted: 247, .key: 221,
    ])

    /// Dark inks for a projector's white background.
    public static let light = Palette([
        .chrome: 238, .box: 232, .edge: 242, .activeEdge: 130, .running: 130, .written: 25,
        .lost: 166, .good: 29, .buggy: 166, .fixed: 25, .muted: 240, .key: 94,
    ])

    /// No colour at all: bold, reverse and underline only.
    public static let mono = Palette([:])
}

extension Palette {
    /// The nearest of the eight basic colours, for terminals without 256.
    public func basicColour(_ role: Role) -> Int? {
        guard let colour = colour(role) else { return nil }
        switch colour {
        case 178, 221, 130, 94: return 3  // orange, yellow → yellow
        case 74, 25: return 6             // sky blue, blue → cyan
        case 35, 29: return 2             // bluish green → green
        case 166: return 1                // vermillion → red
        case 232...239: return 0          // dark inks
        default: return 7
        }
    }
}
