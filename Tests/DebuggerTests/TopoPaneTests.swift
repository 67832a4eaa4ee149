import Foundation
import Testing
@testable import Autograd
import Canvas
@testable import Debugger
import Layout
import Script

/// The topo pane on its own: a value the learner's pass never calls keeps rows of its own.
@Suite struct TopoPaneTests {
    /// f = e * c, c = a + b, and a pass that never calls c's _backward() (as a build_topo whose
    /// visited set takes c for e, equal by data, makes).
    static func skipped() -> LoadedScript {
        learnersPassOverETimesAPlusB("skipped.json") { _, _, c, e, f in [
            .init(node: f, outGrad: 1, changes: [.init(target: e, before: 0, after: 5), .init(target: c, before: 0, after: 5)]),
            .init(node: e, outGrad: 5, changes: []),
        ] }
    }

    @Test func theValueNeverCalledHasRowsOfItsOwnAndNothingLeavesThePane() {
        let state = DebuggerState(script: Self.skipped(), engine: .yours, order: .yours, step: 2)
        #expect(state.verdict.uncalled.map { state.graph[$0].label } == ["c"])
        for height in 2...14 {
            // The pane in the middle of a bigger grid: nothing may be drawn above or below it.
            var grid = Grid(width: 20, height: height + 2)
            TopoPane(state: state).draw(into: &grid, area: Rect(x: 0, y: 1, width: 20, height: height))
            let lines = grid.lines.map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(lines.first == "" && lines.last == "", "height \(height): \(lines)")
            if height >= 7 {
                #expect(lines.contains("never called:") && lines.contains("✗ c"), "height \(height): \(lines)")
            }
        }
    }
}
