import SafeText

/// An asciicast v2 recording (what `asciinema play` and the web player read): a header line,
/// then one `[seconds, "o", text]` event per frame, each a whole screen drawn in place. Written
/// line by line as the frames are made, so a long pass is never held whole in memory.
public struct Asciicast: Sendable {
    public let width: Int
    public let height: Int
    public let title: String
    /// The colours of each frame; nil for plain text (still positioned cell by cell).
    public let palette: Palette?
    private var started = false

    public init(width: Int, height: Int, title: String, palette: Palette?) {
        self.width = width
        self.height = height
        self.title = title
        self.palette = palette
    }

    /// The file's first line.
    public var header: String {
        "{\"version\": 2, \"width\": \(width), \"height\": \(height), "
            + "\"title\": \(Self.jsonString(title)), \"env\": {\"TERM\": \"xterm-256color\"}}\n"
    }

    /// The line of a frame shown from `time` seconds on. The first also hides the cursor and clears the screen.
    public mutating func frame(_ grid: Grid, at time: Double) -> String {
        let prefix = started ? "" : "\u{1B}[?25l\u{1B}[2J"
        started = true
        return Self.event(time, prefix + Self.screen(grid, palette: palette))
    }

    /// The last line, at `time`: attributes reset and the cursor shown again, the last frame kept.
    public func end(at time: Double) -> String {
        Self.event(time, "\u{1B}[0m\u{1B}[?25h")
    }

    private static func event(_ time: Double, _ text: String) -> String {
        "[\(seconds(time)), \"o\", \(jsonString(text))]\n"
    }

    /// One screen: every row put at its place (`ESC[row;1H`), so no line ending or wrap can shift it.
    static func screen(_ grid: Grid, palette: Palette?) -> String {
        var out = ""
        for y in 0..<grid.height {
            out += "\u{1B}[\(y + 1);1H"
            ANSI.appendRow(y, of: grid, palette: palette, to: &out)
        }
        return out + "\u{1B}[0m"
    }

    /// Seconds with the microseconds asciinema keeps: `1.5`, `0.0`.
    static func seconds(_ time: Double) -> String {
        let micro = (time * 1_000_000).rounded()
        let whole = Int(micro) / 1_000_000, fraction = Int(micro) % 1_000_000
        var digits = String(fraction)
        digits = String(repeating: "0", count: 6 - digits.count) + digits
        while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }

    /// A JSON string with every control character escaped: the frames' own escapes become `\u001b`.
    static func jsonString(_ text: String) -> String {
        SafeText.jsonQuoted(text)
    }
}
