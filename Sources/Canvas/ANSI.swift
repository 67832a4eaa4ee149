/// Turns a grid into text with SGR escape sequences, for `gradstep frame --color always`.
public enum ANSI {
    /// The grid's rows, styled with `palette`, each ending in a reset.
    public static func render(_ grid: Grid, palette: Palette) -> String {
        var out = ""
        for y in 0..<grid.height {
            appendRow(y, of: grid, palette: palette, to: &out)
            out += "\u{1B}[0m\n"
        }
        return out
    }

    /// Row `y`'s cells, with an escape sequence wherever the style changes (none without a
    /// palette): the loop `render` and the asciicast frames share.
    static func appendRow(_ y: Int, of grid: Grid, palette: Palette?, to out: inout String) {
        var current: Style? = nil
        for x in 0..<grid.width {
            let cell = grid[x, y]
            if let palette, cell.style != current {
                out += sgr(cell.style, palette)
                current = cell.style
            }
            out += cell.text
        }
    }

    /// The escape sequence that selects `style`.
    static func sgr(_ style: Style, _ palette: Palette) -> String {
        var codes = ["0"]
        if style.bold { codes.append("1") }
        if style.underline { codes.append("4") }
        if style.reverse { codes.append("7") }
        if let colour = palette.colour(style.role) { codes.append("38;5;\(colour)") }
        if let background = palette.background { codes.append("48;5;\(background)") }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}

/// Which 256-colour index each role is drawn in; nil leaves the terminal's own colour.
public struct Palette: Sendable {
    private let colours: [Role: Int]
    /// The background the theme paints itself; nil keeps the terminal's own.
    public let background: Int?

    public init(_ colours: [Role: Int], background: Int? = nil) {
        self.colours = colours
        self.background = background
    }

    public func colour(_ role: Role) -> Int? { colours[role] }

    /// High contrast on a dark background, colour-blind-safe (Okabe–Ito) picks: the running node
    /// and the gradient's path in a bright blue, far in hue from the vermillion of LOST; writes in yellow.
    public static let dark = Palette([
        .chrome: 250, .box: 255, .edge: 245, .activeEdge: 39, .running: 39, .written: 221,
        .lost: 166, .good: 35, .buggy: 166, .fixed: 39, .muted: 247, .key: 221,
    ])

    /// Dark inks on a white background the theme paints itself, for projectors with a white screen.
    public static let light = Palette([
        .plain: 232, .chrome: 238, .box: 232, .edge: 243, .activeEdge: 25, .running: 25, .written: 136,
        .lost: 166, .good: 29, .buggy: 166, .fixed: 25, .muted: 240, .key: 94,
    ], background: 231)

    /// No colour at all: bold, reverse and underline only.
    public static let mono = Palette([:])
}

extension Palette {
    /// The nearest of the eight basic colours, for terminals without 256.
    public func basicColour(_ role: Role) -> Int? {
        guard let colour = colour(role) else { return nil }
        switch colour {
        case 178, 221, 136, 94: return 3  // orange, yellow → yellow
        case 39, 74: return 6             // bright and sky blue → cyan
        case 25: return 4                 // dark blue → blue
        case 35, 29: return 2             // bluish green → green
        case 166: return 1                // vermillion → red
        case 231: return 7                // white paper
        case 232...243: return 0          // dark inks
        default: return 7
        }
    }
}
