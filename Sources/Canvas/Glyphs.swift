/// Which of a cell's four sides a line leaves through.
public struct LineMask: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let up = LineMask(rawValue: 1)
    public static let down = LineMask(rawValue: 2)
    public static let left = LineMask(rawValue: 4)
    public static let right = LineMask(rawValue: 8)
    public static let vertical: LineMask = [.up, .down]
    public static let horizontal: LineMask = [.left, .right]
}

/// The characters a screen is drawn with: Unicode box drawing, or pure ASCII.
public struct Glyphs: Sendable {
    /// Line pieces indexed by `LineMask.rawValue`.
    private let light: [String]
    private let heavy: [String]
    /// Box corners and sides: top-left, top-right, bottom-left, bottom-right, horizontal, vertical.
    public let box: BoxGlyphs
    /// The box of the value whose `_backward()` runs now: drawn differently, not only coloured.
    public let runningBox: BoxGlyphs
    /// The head glued to a target box: `▶` or `>`.
    public let arrow: String
    /// Marks in lists: the running item, a finished one.
    public let current: String
    public let done: String
    public let ellipsis: String
    public let rightArrow: String
    /// The direction `backward()` walks the topological list.
    public let upArrow: String
    /// The direction `build_topo`'s search grows the topological list.
    public let downArrow: String
    /// Between the modes on the status bar: `normal · compare`.
    public let separator: String
    /// The cursor at the end of a prompt's text.
    public let promptCursor: String
    /// A value the pass never reached.
    public let cross: String
    /// A compact box's corners (top-left, top-right, bottom-left, bottom-right); the running node's.
    public let compactCorners: [String]
    public let runningCompactCorners: [String]
    /// Where a line leaves a scrolled view: through its left, right, top and bottom border.
    public let exits: (left: String, right: String, up: String, down: String)
    /// A line to a value the nearby view does not draw: `┄┄▶`, `┄┄ 3 more`.
    public let dots: String
    public let isUnicode: Bool

    /// What an ASCII screen draws for the few non-ASCII marks gradstep uses, one cell for one
    /// (`Grid.asciiOnly`); anything else becomes `?`.
    static let asciiLookAlikes: [String: String] = [
        "…": ".", "→": ">", "←": "<", "↑": "^", "↓": "v", "✓": "*", "✗": "x", "≠": "#", "▶": ">", "◀": "<", "▲": "^",
        "▼": "v", "▏": "_",
    ]

    /// The line character for the sides in `mask`; heavy for a line the gradient flows along now.
    public func line(_ mask: LineMask, heavy isHeavy: Bool = false) -> String {
        (isHeavy ? heavy : light)[Int(mask.rawValue & 0x0F)]
    }

    /// The line character with some sides heavy and others light: where the line the gradient
    /// flows along crosses or branches off another, each side keeps its own weight (`┿`, `╂`, `┡`).
    /// In ASCII every heavy piece is `#`, so a heavy path never spells an operator like `+=`.
    public func line(light: LineMask, heavy: LineMask) -> String {
        guard !heavy.isEmpty else { return line(light) }
        guard isUnicode else { return "#" }
        var light = light.subtracting(heavy), heavy = heavy
        // A lone stub is drawn as the whole line through the cell, as `line(_:)` does.
        if light.isEmpty {
            if heavy == .up || heavy == .down { heavy = .vertical }
            if heavy == .left || heavy == .right { heavy = .horizontal }
        } else if light.union(heavy).rawValue.nonzeroBitCount == 1 {
            light = light.isSubset(of: .vertical) ? .vertical : .horizontal
        }
        func weight(_ side: LineMask) -> Int { heavy.contains(side) ? 2 : light.contains(side) ? 1 : 0 }
        let index = weight(.up) + 3 * weight(.down) + 9 * weight(.left) + 27 * weight(.right)
        return String(Self.mixed[Self.mixed.index(Self.mixed.startIndex, offsetBy: index)])
    }

    /// Box-drawing characters by the weight of each side (0 none, 1 light, 2 heavy), indexed
    /// `up + 3 down + 9 left + 27 right`.
    private static let mixed: String = " ╵╹╷│╿╻╽┃╴┘┚┐┤┦┒┧┨╸┙┛┑┥┩┓┪┫╶└┖┌├┞┎┟┠─┴┸┬┼╀┰╁╂╾┵┹┭┽╃┱╅╉╺┕┗┍┝┡┏┢┣╼┶┺┮┾╄┲╆╊━┷┻┯┿╇┳╈╋"

    public static let unicode = Glyphs(
        light: table(" ", v: "│", h: "─", dr: "┌", dl: "┐", ur: "└", ul: "┘", vr: "├", vl: "┤", hd: "┬", hu: "┴", all: "┼"),
        heavy: table(" ", v: "┃", h: "━", dr: "┏", dl: "┓", ur: "┗", ul: "┛", vr: "┣", vl: "┫", hd: "┳", hu: "┻", all: "╋"),
        box: BoxGlyphs(topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘", horizontal: "─", vertical: "│",
                       exit: "├", teeDown: "┬", teeUp: "┴"),
        runningBox: BoxGlyphs(topLeft: "╔", topRight: "╗", bottomLeft: "╚", bottomRight: "╝", horizontal: "═",
                              vertical: "║", exit: "╟", teeDown: "╤", teeUp: "╧"),
        arrow: "▶", current: "▶", done: "✓", ellipsis: "…", rightArrow: "→", upArrow: "↑", downArrow: "↓", separator: " · ",
        promptCursor: "▏", cross: "✗", compactCorners: ["╭", "╮", "╰", "╯"], runningCompactCorners: ["╔", "╗", "╚", "╝"],
        exits: ("◀", "▶", "▲", "▼"), dots: "┄┄", isUnicode: true)

    public static let ascii = Glyphs(
        light: table(" ", v: "|", h: "-", dr: "+", dl: "+", ur: "+", ul: "+", vr: "+", vl: "+", hd: "+", hu: "+", all: "+"),
        heavy: table(" ", v: "#", h: "#", dr: "#", dl: "#", ur: "#", ul: "#", vr: "#", vl: "#", hd: "#", hu: "#", all: "#"),
        box: BoxGlyphs(topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+", horizontal: "-", vertical: "|",
                       exit: "+", teeDown: "+", teeUp: "+"),
        runningBox: BoxGlyphs(topLeft: "#", topRight: "#", bottomLeft: "#", bottomRight: "#", horizontal: "=",
                              vertical: "|", exit: "+", teeDown: "=", teeUp: "="),
        arrow: ">", current: ">", done: "*", ellipsis: "...", rightArrow: "->", upArrow: "^", downArrow: "v", separator: " | ",
        promptCursor: "_", cross: "x", compactCorners: ["[", "]", "[", "]"], runningCompactCorners: ["#", "#", "#", "#"],
        exits: ("<", ">", "^", "v"), dots: "..", isUnicode: false)

    private static func table(
        _ none: String, v: String, h: String, dr: String, dl: String, ur: String, ul: String,
        vr: String, vl: String, hd: String, hu: String, all: String
    ) -> [String] {
        var t = [String](repeating: none, count: 16)
        // Lone stubs never come out of the router; draw them as the full line if they do.
        t[1] = v; t[2] = v; t[3] = v
        t[4] = h; t[8] = h; t[12] = h
        t[Int(LineMask([.down, .right]).rawValue)] = dr
        t[Int(LineMask([.down, .left]).rawValue)] = dl
        t[Int(LineMask([.up, .right]).rawValue)] = ur
        t[Int(LineMask([.up, .left]).rawValue)] = ul
        t[Int(LineMask([.up, .down, .right]).rawValue)] = vr
        t[Int(LineMask([.up, .down, .left]).rawValue)] = vl
        t[Int(LineMask([.down, .left, .right]).rawValue)] = hd
        t[Int(LineMask([.up, .left, .right]).rawValue)] = hu
        t[15] = all
        return t
    }
}

/// The marks a box's top border carries: in symbols, or in words (ASCII, and the mono theme).
public struct Marks: Sendable {
    /// A final grad that is right, one that is wrong, and two engines' grads that differ.
    public let right, wrong, differ: String

    public static let symbols = Marks(right: "✓", wrong: "✗", differ: "≠")
    public static let words = Marks(right: "ok", wrong: "WRONG", differ: "DIFF")
}

/// The pieces of one box style.
public struct BoxGlyphs: Sendable {
    public let topLeft, topRight, bottomLeft, bottomRight, horizontal, vertical: String
    /// Where a line leaves the box's right side.
    public let exit: String
    /// Where the op compartment's wall meets the top and bottom sides.
    public let teeDown, teeUp: String
}
