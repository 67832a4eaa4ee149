import Foundation
import Testing
@testable import Canvas

@Suite struct DisplayWidthTests {
    @Test func widthsOfNarrowWideAndZeroWidthCharacters() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("数据") == 4)
        #expect(DisplayWidth.of("🙂") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)  // e + combining acute
        #expect(DisplayWidth.of("한") == 2)
    }

    @Test func controlCharactersAreWrittenOutNeverPassedThrough() {
        let safe = DisplayWidth.safe("a\u{1B}[31mred\u{07}\n\tz\u{7F}\u{9B}")
        #expect(safe == #"a\x1b[31mred\x07\n\tz\x7f\x9b"#)
        #expect(!safe.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(DisplayWidth.safe("\u{202E}evil") == #"\u202eevil"#)
    }

    @Test func truncationCutsToTheWidthWithAnEllipsis() {
        #expect(DisplayWidth.truncate("short", to: 8) == "short")
        #expect(DisplayWidth.truncate("a very long label", to: 8) == "a very …")
        #expect(DisplayWidth.of(DisplayWidth.truncate("数据数据数据", to: 7)) <= 7)
        #expect(DisplayWidth.truncate("数据数据数据", to: 7) == "数据数…")
    }
}

@Suite struct GridTests {
    @Test func linesRoundTripPlainText() {
        let grid = Grid(lines: ["ab", "cde"])
        #expect(grid.width == 3 && grid.height == 2)
        #expect(grid.lines == ["ab ", "cde"])
    }

    @Test func wideCharactersTakeTwoCellsAndPrintOnce() {
        var grid = Grid(width: 6, height: 1)
        let end = grid.put("数x", x: 1, y: 0)
        #expect(end == 4)
        #expect(grid[1, 0].text == "数" && grid[2, 0].text == "" && grid[3, 0].text == "x")
        #expect(grid.lines == [" 数x  "])
    }

    @Test func putClipsAtTheLimitWithoutSplittingAWideCharacter() {
        var grid = Grid(width: 5, height: 1)
        grid.put("ab数", x: 0, y: 0, limit: 3)
        #expect(grid.lines == ["ab   "])
    }

    @Test func ansiRenderingStylesCellsAndResets() {
        var grid = Grid(width: 3, height: 1)
        grid.put("ok", x: 0, y: 0, style: Style(.lost, bold: true, reverse: true))
        let text = ANSI.render(grid, palette: .dark)
        #expect(text.hasPrefix("\u{1B}[0;1;7;38;5;166mok\u{1B}[0m"))
        #expect(text.hasSuffix("\u{1B}[0m\n"))
        // The mono palette keeps bold and reverse but sets no colour.
        #expect(!ANSI.render(grid, palette: .mono).contains("38;5"))
    }

    @Test func lineGlyphsJoinTheSidesTheyName() {
        let g = Glyphs.unicode
        #expect(g.line([.down, .right]) == "┌")
        #expect(g.line([.up, .down, .right]) == "├")
        #expect(g.line(.vertical) == "│")
        #expect(g.line(.horizontal, heavy: true) == "━")
        #expect(Glyphs.ascii.line([.up, .left]) == "+")
        #expect(Glyphs.ascii.arrow == ">")
    }

    @Test func aThemeWithItsOwnBackgroundPaintsEveryCell() {
        var grid = Grid(width: 3, height: 1)
        grid.put("ab", x: 0, y: 0, style: Style(.lost, bold: true))
        let text = ANSI.render(grid, palette: .light)
        #expect(text.hasPrefix("\u{1B}[0;1;38;5;166;48;5;231mab\u{1B}[0;38;5;232;48;5;231m \u{1B}[0m"))
        #expect(!ANSI.render(grid, palette: .dark).contains("48;5;"), "the dark theme keeps the terminal's background")
    }
}

/// The one ASCII fallback table agrees with the ASCII glyph set wherever a glyph is one cell.
@Suite struct GlyphFallbackTests {
    @Test func eachOneCellGlyphFallsBackToItsASCIIGlyph() {
        let u = Glyphs.unicode, a = Glyphs.ascii
        let pairs = [(u.arrow, a.arrow), (u.current, a.current), (u.done, a.done), (u.upArrow, a.upArrow), (u.downArrow, a.downArrow),
                     (u.promptCursor, a.promptCursor), (u.cross, a.cross), (u.exits.left, a.exits.left),
                     (u.exits.up, a.exits.up), (u.exits.down, a.exits.down)]
        for (unicode, ascii) in pairs {
            #expect(Glyphs.asciiLookAlikes[unicode] == ascii, "\(unicode) falls back to \(Glyphs.asciiLookAlikes[unicode] ?? "?"), the ASCII set draws \(ascii)")
        }
        #expect(Glyphs.asciiLookAlikes.keys.allSatisfy { !$0.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(Glyphs.asciiLookAlikes.values.allSatisfy { $0.count == 1 && $0.unicodeScalars.allSatisfy(\.isASCII) })
    }
}

/// Box drawing in an SVG slide joins as a terminal font draws it.
@Suite struct SVGShapeTests {
    /// The lines a cell's shape draws, as (x1, y1, x2, y2).
    static func lines(_ character: String) throws -> [[Double]] {
        let svg = try #require(Shape(character)).svg(x: 0, y: 0, colour: "#fff")
        return svg.split(separator: "\n").map { line in
            ["x1", "y1", "x2", "y2"].map { name in
                let start = line.range(of: "\(name)=\"")!.upperBound
                return Double(line[start...].prefix { $0 != "\"" })!
            }
        }
    }

    @Test func aDoubleCornerTurnsWithoutCrossing() throws {
        let cx = SVG.cellWidth / 2, cy = SVG.cellHeight / 2
        // ╔ goes right and down: its outer lines meet at the corner's outside, its inner lines at
        // the inside, and nothing reaches past them.
        let corner = try Self.lines("╔")
        func has(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) -> Bool {
            corner.contains { abs($0[0] - x1) < 0.01 && abs($0[1] - y1) < 0.01 && abs($0[2] - x2) < 0.01 && abs($0[3] - y2) < 0.01 }
        }
        #expect(has(cx - 1.5, cy - 1.5, cx - 1.5, SVG.cellHeight) && has(cx - 1.5, cy - 1.5, SVG.cellWidth, cy - 1.5), "\(corner)")
        #expect(has(cx + 1.5, cy + 1.5, cx + 1.5, SVG.cellHeight) && has(cx + 1.5, cy + 1.5, SVG.cellWidth, cy + 1.5), "\(corner)")
        for line in corner {
            #expect(min(line[0], line[2]) >= cx - 1.5 - 0.01 && min(line[1], line[3]) >= cy - 1.5 - 0.01, "\(line)")
        }
        // ╝ goes up and left: nothing below or right of its outer lines.
        for line in try Self.lines("╝") {
            #expect(max(line[0], line[2]) <= cx + 1.5 + 0.01 && max(line[1], line[3]) <= cy + 1.5 + 0.01, "\(line)")
        }
        // ╤: the single line down starts at the double line's lower rule, not inside it.
        let down = try Self.lines("╤").filter { $0[0] == $0[2] }
        #expect(down.count == 1 && min(down[0][1], down[0][3]) >= cy + 1.5 - 0.01)
    }
}
