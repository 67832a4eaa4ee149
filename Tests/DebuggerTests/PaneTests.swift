import Foundation
import Testing
@testable import Autograd
@testable import Canvas
@testable import Debugger
@testable import Demos
import Layout
@testable import Script

/// Each pane drawn on its own into a grid of its own size and compared with the text written
/// here, as a widget is tested: a change to one pane shows in its own test, and nowhere else.
@Suite struct PaneTests {
    static func state(_ demo: String = "two-paths", engine: Engine = .buggy, step: Int, glyphs: Glyphs = .unicode) throws -> DebuggerState {
        let script = try ScriptLoader.load(source: Demo.named(demo)!.source, name: demo)
        var state = DebuggerState(script: script, engine: engine, glyphs: glyphs, step: step)
        state.resize(width: 100, height: 30)
        return state
    }

    /// Draws a pane into a grid of `width` × `height` (its own area), as `draw` gives it.
    static func drawn(_ width: Int, _ height: Int, _ draw: (inout Grid, Rect) -> Void) -> Grid {
        var grid = Grid(width: width, height: height)
        draw(&grid, Rect(x: 0, y: 0, width: width, height: height))
        return grid
    }

    /// The pane's text is the grid written in the test, row for row; on a difference, the whole
    /// pane as it is, ready to paste.
    static func expect(_ grid: Grid, _ expected: Grid, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let got = grid.lines.map(\.trailingSpacesRemoved), want = expected.lines.map(\.trailingSpacesRemoved)
        guard got != want else { return }
        let paste = got.map { "            \"\($0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"," }
        Issue.record(Comment(rawValue: "the pane differs; as it is now:\n" + paste.joined(separator: "\n")), sourceLocation: sourceLocation)
    }

    @Test func theGraphPaneDrawsTheRunningCallsBoxDoubleAndTheOverwrittenGradInReverse() throws {
        var state = try Self.state(step: 2)
        state.apply(.step)  // to step 3, where d's writes overwrite: the grads flash
        let grid = Self.drawn(65, 14) { GraphPane(state: state, area: $1).draw(into: &$0, area: $1) }
        // The styles the text cannot show: the tag and the overwritten grads in reverse video.
        let lost = try #require(grid.lines.firstIndex { $0.contains("LOST") })
        let tag = try #require(Array(grid.lines[lost]).firstIndex(of: "L"))
        #expect(grid[tag, lost].style.reverse && grid[tag, lost].style.role == .lost)
        let grad = try #require(grid.lines.firstIndex { $0.contains("grad  3.0000") })
        #expect(grid[Array(grid.lines[grad]).firstIndex(of: "3")!, grad].style.reverse, "the overwritten grad flashes")
        #expect(grid[21, 1].text == "╔" && grid[21, 1].style.bold, "the running node's box is double")
        Self.expect(grid, Grid(lines: [
            "",
            " ┌──────── LOST ┐    ╔═══╤══════════════╗",
            " │ a            │ ┏━▶║   │ d            ║",
            " │ data -2.0000 ├━┩  ║ * │ data -6.0000 ╟─┐",
            " │ grad  3.0000 │ │┏▶║   │ grad  1.0000 ║ │ ┌───┬──────────────┐",
            " └──────────────┘ │┃ ╚═══╧══════════════╝ └▶│   │ f            │",
            "                  │┃                        │ * │ data -6.0000 │",
            " ┌──────── LOST ┐ │┃ ┌───┬──────────────┐ ┌▶│   │ grad  1.0000 │",
            " │ b            │ └╂▶│   │ e            │ │ └───┴──────────────┘",
            " │ data  3.0000 ├━━┩ │ + │ data  1.0000 ├─┘",
            " │ grad -2.0000 │  └▶│   │ grad -6.0000 │",
            " └──────────────┘    └───┴──────────────┘",
            "",
            "",
        ]))
    }

    @Test func theTopoPaneMarksTheDoneTheRunningAndThePending() throws {
        let state = try Self.state(step: 3)
        let grid = Self.drawn(18, 8) { TopoPane(state: state).draw(into: &$0, area: $1) }
        Self.expect(grid, Grid(lines: [
            " topo, walked ↑",
            "  5 a",
            "  4 b",
            "▶ 3 d           *",
            "✓ 2 e           +",
            "✓ 1 f           *",
            "",
            "",
        ]))
    }

    @Test func theStepPaneShowsTheLinesTheirNumbersAndWhatWasLost() throws {
        let state = try Self.state(step: 3)
        let grid = Self.drawn(100, 7) { StepPane(state: state).draw(into: &$0, area: $1) }
        Self.expect(grid, Grid(lines: [
            " d._backward()   d = a * b",
            "   self.grad = other.data * out.grad   a.grad: -6.0000 → 3.0000   OVERWRITTEN: lost -6.0000",
            "   other.grad = self.data * out.grad   b.grad: -6.0000 → -2.0000   OVERWRITTEN: lost -6.0000",
            " d._backward() set a.grad = 3.0 and b.grad = -2.0: the -6.0 and -6.0 that came through e are lost;",
            "     under += a.grad would be -6.0 + 3.0 = -3.0 and b.grad -6.0 - 2.0 = -8.0.",
            "",
            "",
        ]))
    }

    @Test func theStepPaneUnderPlusEqualsSaysWhatWasAdded() throws {
        let state = try Self.state(engine: .fixed, step: 3)
        let grid = Self.drawn(80, 7) { StepPane(state: state).draw(into: &$0, area: $1) }
        Self.expect(grid, Grid(lines: [
            " d._backward()   d = a * b",
            "   self.grad += other.data * out.grad",
            "       a.grad: -6.0000 → -3.0000   accumulated +3.0000",
            "   other.grad += self.data * out.grad",
            "       b.grad: -6.0000 → -8.0000   accumulated -2.0000",
            " d._backward() added 3.0 to a.grad (-6.0 + 3.0 = -3.0) and -2.0 to b.grad",
            "     (-6.0 - 2.0 = -8.0).",
        ]))
    }

    @Test func theStatusBarShowsTheTablesKeysAndTheModes() throws {
        var state = try Self.state(step: 3)
        state.apply(.toggleCompare)
        let grid = Self.drawn(100, 1) { StatusBar(state: state).draw(into: &$0, area: $1) }
        Self.expect(grid, Grid(lines: [
            " n step  e fixed engine  p back  s write  o order  c compare    [normal · compare]  ? help  q quit",
        ]))
        state.apply(.startPrompt(.find))
        state.apply(.typeInPrompt("a"))
        let prompt = Self.drawn(80, 1) { StatusBar(state: state).draw(into: &$0, area: $1) }
        Self.expect(prompt, Grid(lines: [
            " /a▏   a node's name, Enter to find it, Esc to cancel",
        ]))
    }

    @Test func theHelpListsTheBindingTableAndThenTheMarks() throws {
        var state = try Self.state(step: 0, glyphs: .ascii)
        state.apply(.showHelp)
        let keys = Self.drawn(80, 24) { grid, _ in HelpOverlay(state: state).draw(into: &grid) }
        Self.expect(keys, Grid(lines: [
            "",
            " +- keys (1/2) --------------------------------------------------------------+",
            " |                                                                           |",
            " | n Space Right l                         step: the next _backward() call   |",
            " | s                                       step into: one write at a time    |",
            " | p Left h Backspace                      back: undo the last step or write |",
            " | b / g Home / G End                      build_topo / the start / the end  |",
            " | : step or name Enter                    go to a step, or to a node's call |",
            " | e                                       engine: buggy -> fixed -> yours   |",
            " | o / O                                   order: cycle / a new random seed  |",
            " | c                                       compare both engines' grads       |",
            " | t                                       truth: the correct gradients      |",
            " | + = - _ z                               zoom in / out / cycle             |",
            " | H J K L Up Down PgUp PgDn Shift+arrows  pan the whole graph               |",
            " | f                                       follow the running node again     |",
            " | / name Enter Tab                        find a node; Enter, Tab: next one |",
            " | T / F                                   hide topo list / fold by calls    |",
            " | P / r                                   predict: hide writes / reveal     |",
            " | a [ ]                                   autoplay, slower / faster         |",
            " | ? F1                                    help; again: what marks mean      |",
            " | Esc / Ctrl-L / q                        close the help / redraw / quit    |",
            " |                                                                           |",
            " +------------------------------------------------------ ? legend  Esc close +",
            "",
        ]))
        state.apply(.showHelp)
        let marks = Self.drawn(80, 24) { grid, _ in HelpOverlay(state: state).draw(into: &grid) }
        Self.expect(marks, Grid(lines: [
            "",
            "",
            "",
            "  +- what the marks mean (2/2) ----------------------------------------------+",
            "  |                                                                          |",
            "  | #=#                double border: the value whose _backward() runs now   |",
            "  | ##>                heavy line: the gradient flows back along it now      |",
            "  | =                  this step set the grad: grad = (the buggy rule)       |",
            "  | +=                 this step added to the grad: grad += (the fixed rule) |",
            "  | LOST               grad = threw a non-zero grad away                     |",
            "  | ?                  predict (P): what the step wrote, until n or r        |",
            "  | DIFF               compare (c): the two engines' grads differ            |",
            "  | ok WRONG           truth (t): a final grad, right or wrong               |",
            "  | ..> .. 3 more      lines to values not drawn (nearby view)               |",
            "  | topo, walked ^     the order: backward() walks it upwards                |",
            "  | > 3  *             running at step 3 / already run                       |",
            "  | BUGGY grad =       the engine: = overwrites, += accumulates              |",
            "  | [normal | nearby]  zoom, overlays and view; nearby: the running          |",
            "  |                    node with its operands and consumers                  |",
            "  |                                                                          |",
            "  +------------------------------------------------------- ? keys  Esc close +",
            "",
            "",
            "",
        ]))
    }
}
