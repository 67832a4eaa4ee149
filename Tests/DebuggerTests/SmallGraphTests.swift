import Testing
@testable import Autograd
import Canvas
@testable import Debugger
import Demos
import Export
import Layout
import Script

/// The lecture's small graphs shown whole, with their data, and using a big screen's room.
@Suite struct SmallGraphTests {
    static func fitted(_ demo: String, _ width: Int, _ height: Int, step: Int = 3) throws -> (DebuggerState, Scene, Grid) {
        let script = try ScriptLoader.load(source: Demo.named(demo)!.source, name: demo)
        var state = DebuggerState(script: script, step: step)
        state.resize(width: width, height: height)
        state.fitZoomToScreen()
        let panes = Screen.panes(state, width: width, height: height)
        return (state, Scene.make(state, pane: panes.graph), Screen.render(state, width: width, height: height))
    }

    @Test(arguments: [(100, 30), (120, 40)])
    func theNeuronShowsEveryValuesLabelDataAndGrad(_ width: Int, _ height: Int) throws {
        let (state, scene, grid) = try Self.fitted("neuron", width, height)
        #expect(scene.kind == .whole && scene.zoom == .record)
        let panes = Screen.panes(state, width: width, height: height)
        let graphText = grid.lines[panes.graph.y..<panes.graph.maxY].map { String(Array($0).prefix(panes.graph.width)) }.joined(separator: "\n")
        #expect(graphText.components(separatedBy: "data ").count - 1 == state.graph.count, "one data row per value")
        #expect(graphText.components(separatedBy: "grad ").count - 1 == state.graph.count, "one grad row per value")
        for id in state.graph.nodes.indices {
            let title = state.graph.title(id)
            #expect(graphText.contains(title), "\(title) is on screen")
            #expect(graphText.contains("data " + DisplayWidth.padLeft(NumberFormat.fit(state.graph[id].data, width: 7), to: 7)))
        }
    }

    @Test func aSmallGraphOnABigScreenUsesTheRoomCentred() throws {
        let (_, small, _) = try Self.fitted("two-paths", 80, 24)
        let (state, big, _) = try Self.fitted("two-paths", 200, 60)
        #expect(big.kind == .whole && big.zoom == .full)
        // Wider gaps: d sits farther right of a than the lines need.
        func gap(_ scene: Scene) -> Int { scene.layout.boxes[2].x - scene.layout.boxes[0].maxX }
        #expect(gap(big) > gap(small) + 2)
        // Centred: as much room left of the drawing as right of it.
        let pane = Screen.panes(state, width: 200, height: 60).graph
        let left = -big.origin.x, right = pane.width - big.layout.width - left
        #expect(abs(left - right) <= 1 && left > 20)
    }

    @Test func aWholeDrawingNeverTouchesThePanesEdge() throws {
        for demo in Demo.all.map(\.name) {
            for (width, height) in [(80, 24), (100, 30), (120, 40), (200, 60)] {
                let (state, scene, _) = try Self.fitted(demo, width, height, step: 1)
                guard scene.kind == .whole else { continue }
                let pane = Screen.panes(state, width: width, height: height).graph
                let left = -scene.origin.x
                #expect(left >= Scene.margin && pane.width - scene.layout.width - left >= Scene.margin, "\(demo) at \(width)x\(height)")
            }
        }
    }
}
