import Testing
@testable import Autograd
@testable import Canvas
@testable import Debugger
@testable import Demos
@testable import Script

/// Whole frames of every demo, compared with golden text files.
@Suite struct ScreenGoldenTests {
    static func state(_ demo: String, _ engine: Engine, step: Int = 0, zoom: Zoom = .normal,
                      glyphs: Glyphs = .unicode) throws -> DebuggerState {
        let script = try ScriptLoader.load(source: Demo.named(demo)!.source, name: demo)
        return DebuggerState(script: script, engine: engine, zoom: zoom, glyphs: glyphs, step: step)
    }

    static func text(_ grid: Grid) -> String {
        grid.lines.joined(separator: "\n") + "\n"
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var demo: String
        var engine: Engine
        var width: Int
        var height: Int
        var ascii: Bool
        var testDescription: String { "\(demo) \(engine) \(width)x\(height)\(ascii ? " ascii" : "")" }
    }

    static let cases: [Case] = Demo.all.map(\.name).flatMap { demo in
        Engine.rules.flatMap { engine in
            [(80, 24), (120, 40)].flatMap { size in
                [false, true].map { Case(demo: demo, engine: engine, width: size.0, height: size.1, ascii: $0) }
            }
        }
    }

    /// The steps each demo's frames are checked at: the start, the middle and the end.
    static func steps(_ c: Case) throws -> [Int] {
        let last = try Self.state(c.demo, c.engine).lastStep
        var steps = [0, last / 2, last]
        if c.demo == "two-paths" { steps.insert(3, at: 2) }  // the overwrite the lecture is about
        return steps
    }

    static func name(_ c: Case, step: Int) -> String {
        "\(c.demo)/\(c.engine.rawValue)-step\(step)-\(c.width)x\(c.height)-\(c.ascii ? "ascii" : "unicode")"
    }

    @Test func everyGoldenFileOnDiskIsCheckedByATest() throws {
        var used = Set(Zoom.allCases.map { "zoom/two-paths-step3-\($0.rawValue)" })
        for c in Self.cases { for step in try Self.steps(c) { used.insert(Self.name(c, step: step)) } }
        let unused = Golden.filesOnDisk().subtracting(used)
        #expect(unused.isEmpty, "golden files no test checks (delete them): \(unused.sorted().joined(separator: ", "))")
        #expect(used.isSubset(of: Golden.filesOnDisk()) || Golden.isRecording, "golden files missing: record them")
    }

    @Test(arguments: cases)
    func framesAtTheStartTheMiddleAndTheEnd(_ c: Case) throws {
        for step in try Self.steps(c) {
            // As the program shows it: the zoom fitted to the screen.
            var state = try Self.state(c.demo, c.engine, step: step, glyphs: c.ascii ? .ascii : .unicode)
            state.resize(width: c.width, height: c.height)
            state.fitZoomToScreen()
            let name = Self.name(c, step: step)
            Golden.check(Self.text(Screen.render(state, width: c.width, height: c.height)), name)
        }
    }

    @Test(arguments: Zoom.allCases)
    func zoomLevels(_ zoom: Zoom) throws {
        let state = try Self.state("two-paths", .buggy, step: 3, zoom: zoom)
        Golden.check(Self.text(Screen.render(state, width: 100, height: 30)), "zoom/two-paths-step3-\(zoom.rawValue)")
    }

    @Test func tooSmallAScreenSaysSo() throws {
        let state = try Self.state("two-paths", .buggy)
        let grid = Screen.render(state, width: 79, height: 30)
        #expect(grid.lines[0].hasPrefix("terminal too small: 79x30, need 80x24"))
        #expect(Screen.render(state, width: 100, height: 23).lines[0].hasPrefix("terminal too small: 100x23, need 80x24"))
    }
}
