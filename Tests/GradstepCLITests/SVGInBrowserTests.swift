import Foundation
import Testing
import Canvas

/// SVG slides drawn by a real browser: headless Chromium places every character of the frame in
/// its own cell, wide characters across two and combining marks on their base. (CI installs
/// Debian's `chromium`; elsewhere the test runs where it is installed.)
@Suite(.enabled(if: Chromium.path != nil || ProcessInfo.processInfo.environment["CI"] != nil,
                "chromium is not installed: the browser test needs it"))
struct SVGInBrowserTests {
    /// Cell size the SVG uses (`SVG.cellWidth` × `SVG.cellHeight`, baseline 13 px down the cell).
    static let cellWidth = 8.4, cellHeight = 17.0, baseline = 13.0

    /// Asks the browser where it drew each character: a script added to a copy of the SVG writes
    /// `[UTF-16 unit, x, y]` for every character of every `<text>` into the DOM, read back with `--dump-dom`.
    static func positions(of svg: String) throws -> [(unit: UInt16, x: Double, y: Double)] {
        let script = """
            <script><![CDATA[
            const out = [];
            for (const t of document.querySelectorAll('text')) {
              for (let i = 0; i < t.getNumberOfChars(); i++) {
                const p = t.getStartPositionOfChar(i);
                out.push([t.textContent.charCodeAt(i), p.x, p.y]);
              }
            }
            const d = document.createElementNS('http://www.w3.org/2000/svg', 'desc');
            d.setAttribute('id', 'positions');
            d.textContent = JSON.stringify(out);
            document.documentElement.appendChild(d);
            ]]></script>
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gradstep-test-\(UUID().uuidString).svg")
        try svg.replacingOccurrences(of: "</svg>", with: script + "</svg>").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let dom = try Binary.runTool(try #require(Chromium.path, "chromium is not installed"),
                                     ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", file.absoluteString]).stdout
        let start = try #require(dom.range(of: "<desc id=\"positions\">"), "chromium ran no script: \(dom.prefix(200))")
        let json = dom[start.upperBound...].prefix { $0 != "<" }
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[Double]])
        return rows.map { (UInt16($0[0]), $0[1], $0[2]) }
    }

    /// The frame's text cell by cell: (row, column) → the cell's characters, wide ones at their
    /// first column, leaving out blanks and the box drawing the SVG draws as lines.
    static func cells(_ text: String) -> [Int: [Int: String]] {
        var cells: [Int: [Int: String]] = [:]
        for (row, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var column = 0
            for character in line {
                let cell = String(character)
                let drawn = cell.unicodeScalars.first.map { (0x2500...0x257F).contains($0.value) || "▀▄█".unicodeScalars.contains($0) } ?? false
                if cell != " " && !drawn { cells[row, default: [:]][column] = cell }
                column += max(1, DisplayWidth.of(cell))
            }
        }
        return cells
    }

    /// Every cell of the text frame is drawn by the browser where its column and row are, and
    /// nothing else is drawn.
    static func expectEachCharacterInItsCell(_ svg: String, _ text: String, _ name: String) throws {
        var expected = cells(text)
        var drawn: [Int: [Int: [UInt16]]] = [:]
        for (unit, x, y) in try positions(of: svg) {
            let column = Int((x / cellWidth).rounded()), row = Int(((y - baseline) / cellHeight).rounded())
            #expect(abs(x - Double(column) * cellWidth) < 0.05 && abs(y - (Double(row) * cellHeight + baseline)) < 0.05,
                    "\(name): U+\(String(unit, radix: 16)) at (\(x), \(y)) is not on a cell")
            drawn[row, default: [:]][column, default: []].append(unit)
        }
        for (row, columns) in drawn {
            for (column, units) in columns {
                let want = expected[row]?[column]
                #expect(want.map { Array($0.utf16) } == units,
                        "\(name): row \(row) column \(column) drew \(String(decoding: units, as: UTF16.self)), the frame has \(want ?? "nothing")")
                expected[row]?[column] = nil
            }
        }
        let missing = expected.flatMap { row, columns in columns.map { "row \(row) column \($0.key): \($0.value)" } }
        #expect(missing.isEmpty, "\(name): not drawn: \(missing.prefix(10))")
    }

    @Test func theREADMEsPictureDrawsEveryCharacterInItsCell() throws {
        let picture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/two-paths-step3.svg")
        let svg = try String(contentsOf: picture, encoding: .utf8)
        let text = try Binary.run(["frame", "two-paths", "--step", "3", "--width", "100", "--height", "24"]).stdout
        try Self.expectEachCharacterInItsCell(svg, text, "docs/two-paths-step3.svg")
    }

    @Test(arguments: [["neuron-exp", "--step", "5", "--width", "200", "--height", "60"],
                      ["more-ops", "--step", "12", "--engine", "fixed", "--width", "120", "--height", "40", "--theme", "light"]])
    func aSlideDrawsEveryCharacterInItsCell(_ arguments: [String]) throws {
        let svg = try Binary.run(["frame"] + arguments + ["--format", "svg"]).stdout
        let text = try Binary.run(["frame"] + arguments).stdout
        try Self.expectEachCharacterInItsCell(svg, text, arguments.joined(separator: " "))
    }

    @Test func wideCharactersTakeTwoCellsAndCombiningMarksSitOnTheirBase() throws {
        let script = try Binary.temporaryFile("a = Value(2.0, label='数据')\nb = Value(3.0, label='ke\\u0301y')\nc = a * b; c.label = 'ç'\nc.backward()\n")
        defer { Binary.remove(script) }
        let arguments = ["frame", script, "--step", "1", "--width", "80", "--height", "24"]
        let svg = try Binary.run(arguments + ["--format", "svg"]).stdout
        let text = try Binary.run(arguments).stdout
        #expect(text.contains("数据") && text.contains("ke\u{301}y"))
        try Self.expectEachCharacterInItsCell(svg, text, "wide and combining labels")
    }
}

/// Where the browser is.
enum Chromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}
