/// One terminal cell: a character (or the right half of a wide one) and its style.
public struct Cell: Hashable, Sendable {
    /// The character shown; empty for the second column of a wide character.
    public var text: String
    public var style: Style

    public init(_ text: String = " ", _ style: Style = .plain) {
        self.text = text
        self.style = style
    }

    public static let blank = Cell()
    /// The right half of a double-width character.
    static let continuation = Cell("")
}

/// A screen's worth of cells: what every panel draws into and what the terminal copies out.
public struct Grid: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// A grid holding `lines` as plain text, as wide as the widest: for tests.
    public init(lines: [String]) {
        self.init(width: lines.map(DisplayWidth.of).max() ?? 0, height: lines.count)
        for (y, line) in lines.enumerated() { put(line, x: 0, y: y) }
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard contains(x: x, y: y) else { return }
            cells[y * width + x] = newValue
        }
    }

    public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height
    }

    /// The rows as plain text, trailing spaces kept, wide characters once.
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width { line += self[x, y].text }
            return line
        }
    }

    /// Writes `text` from column `x` on row `y`, clipped at `limit` (exclusive) and the grid's edge.
    /// The text must already be safe (see `DisplayWidth.safe`). Returns the column after the last one written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        let end = min(limit ?? width, width)
        var column = x
        guard y >= 0, y < height else { return x + DisplayWidth.of(text) }
        for character in text {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }
            if column + w > end { break }
            if column >= 0 {
                cells[y * width + column] = Cell(String(character), style)
                if w == 2, column + 1 < width { cells[y * width + column + 1] = .continuation }
            }
            column += w
        }
        return column
    }

    /// Fills a rectangle with one character.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, with cell: Cell = .blank) {
        for row in max(0, y)..<min(height, y + h) where w > 0 {
            for column in max(0, x)..<min(width, x + w) { cells[row * width + column] = cell }
        }
    }

    /// Sets the style of every cell in a row span, keeping the characters.
    public mutating func restyle(x: Int, y: Int, width w: Int, _ transform: (inout Style) -> Void) {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<min(width, x + w) { transform(&cells[y * width + column].style) }
    }
}

extension Grid {
    /// The grid with every character outside ASCII replaced, for terminals that cannot show
    /// anything else: the few marks the screen uses get a look-alike (`…` → `.`, `→` → `>`),
    /// anything else (a label's `é` or `数`) becomes `?`, one per column, so rows keep their width.
    public func asciiOnly() -> Grid {
        var copy = self
        for i in cells.indices where cells[i].text.isEmpty || !cells[i].text.unicodeScalars.allSatisfy(\.isASCII) {
            let text = cells[i].text
            if text.isEmpty {
                // The right half of a wide character.
                copy.cells[i].text = "?"
            } else {
                copy.cells[i].text = Glyphs.asciiLookAlikes[text] ?? "?"
            }
        }
        return copy
    }
}
