import Testing
@testable import Autograd
@testable import Canvas
@testable import Debugger
@testable import Demos
@testable import Script

/// Whole frames, compared with golden text files: the dozen a person reviews, and invariants
/// over the rest.
@Suite struct ScreenGoldenTests {
    static func state(_ demo: String, _ engine: Engine, step: Int = 0, zoom: Zoom = .normal,
                      glyphs: Glyphs = .unicode) throws -> DebuggerState {
        let script = try ScriptLoader.load(source: Demo.named(demo)!.source, name: demo)
        return DebuggerState(script: script, engine: engine, zoom: zoom, glyphs: glyphs, step: step)
    }

    static func text(_ grid: Grid) -> String {
        grid.lines.joined(separator: "\n") + "\n"
    }

    /// One whole frame: a demo under an engine, at a step, on a screen.
    struct Case: CustomTestStringConvertible, Sendable {
        var demo: String
        var engine: Engine
        var step: Int
        var width: Int
        var height: Int
        var ascii: Bool
        var testDescription: String { name }

        var name: String {
            "\(demo)/\(engine.rawValue)-step\(step)-\(width)x\(height)-\(ascii ? "ascii" : "unicode")"
        }
    }

    /// The frames a person reviews in a diff: the lecture's overwrite at every size and in ASCII,
    /// its fix, its verdict, and one telling frame of each other demo. Every pane is tested on its
    /// own (`PaneTests`); the whole matrix is held to the invariants below.
    static let reviewed: [Case] = [
        Case(demo: "two-paths", engine: .buggy, step: 3, width: 80, height: 24, ascii: false),
        Case(demo: "two-paths", engine: .buggy, step: 3, width: 120, height: 40, ascii: false),
        Case(demo: "two-paths", engine: .buggy, step: 3, width: 80, height: 24, ascii: true),
        Case(demo: "two-paths", engine: .fixed, step: 3, width: 80, height: 24, ascii: false),
        Case(demo: "two-paths", engine: .buggy, step: 5, width: 80, height: 24, ascii: false),
        Case(demo: "a-plus-a", engine: .buggy, step: 1, width: 80, height: 24, ascii: false),
        Case(demo: "neuron", engine: .fixed, step: 0, width: 120, height: 40, ascii: false),
        Case(demo: "sanity-check", engine: .buggy, step: 7, width: 120, height: 40, ascii: false),
        Case(demo: "more-ops", engine: .fixed, step: 39, width: 120, height: 40, ascii: true),
        Case(demo: "layer", engine: .buggy, step: 11, width: 80, height: 24, ascii: false),
    ]

    static func render(_ c: Case) throws -> String {
        // As the program shows it: the zoom fitted to the screen.
        var state = try Self.state(c.demo, c.engine, step: c.step, glyphs: c.ascii ? .ascii : .unicode)
        state.resize(width: c.width, height: c.height)
        state.fitZoomToScreen()
        return Self.text(Screen.render(state, width: c.width, height: c.height))
    }

    @Test func everyGoldenFileOnDiskIsCheckedByATest() throws {
        let used = Set(Zoom.allCases.map { "zoom/two-paths-step3-\($0.rawValue)" } + Self.reviewed.map(\.name))
        let unused = Golden.filesOnDisk().subtracting(used)
        #expect(unused.isEmpty, "golden files no test checks (delete them): \(unused.sorted().joined(separator: ", "))")
        #expect(used.isSubset(of: Golden.filesOnDisk()) || Golden.isRecording, "golden files missing: record them")
        #expect(used.count <= 15, "a golden frame is for a person to review: keep them few")
    }

    @Test(arguments: reviewed)
    func reviewedFrames(_ c: Case) throws {
        Golden.check(try Self.render(c), c.name)
    }

    /// Every demo, under both engines, at the start, the middle and the end, at 80x24 and
    /// 120x40, in Unicode and ASCII: the frame is the screen's size, ASCII is ASCII, the header
    /// says the step, the step pane names the call, and the status line ends in help and quit.
    @Test(arguments: Demo.all.map(\.name))
    func everyFrameOfTheMatrixKeepsTheScreensPromises(_ demo: String) throws {
        for engine in Engine.rules {
            let last = try Self.state(demo, engine).lastStep
            for step in Set([0, last / 2, last]) {
                for (width, height) in [(80, 24), (120, 40)] {
                    for ascii in [false, true] {
                        let c = Case(demo: demo, engine: engine, step: step, width: width, height: height, ascii: ascii)
                        let lines = try Self.render(c).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                        #expect(lines.count == height && lines.allSatisfy { DisplayWidth.of(String($0)) == width }, "\(c.name)")
                        if ascii { #expect(lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) }, "\(c.name)") }
                        let header = lines.prefix(3).joined(separator: "\n")
                        #expect(header.contains("step \(step)/\(last)"), "\(c.name)")
                        #expect(lines.last!.contains("? help  q quit"), "\(c.name)")
                        let state = try Self.state(demo, engine, step: step)
                        let call = step == 0 ? ".grad = 1.0" : DisplayWidth.safe(state.graph.reference(state.runningNode)) + "._backward()"
                        #expect(lines.contains { $0.contains(call) }, "\(c.name): the step pane names \(call)")
                    }
                }
            }
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
