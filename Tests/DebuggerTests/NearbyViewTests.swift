import Testing
@testable import Autograd
import BenchmarkGraphs
@testable import Debugger
import Export
import Layout
import Script
import Demos

/// The nearby view tells the whole step: the value through which a lost contribution came is
/// drawn with its line, and a big pane fills with the neighbourhood.
@Suite struct NearbyViewTests {
    /// The shape of the benchmark's mlp_108.py: 3 inputs, a layer of 4 and 1, 2 samples.
    static let mlp108 = MLPScript(inputs: 3, layers: [4, 1], batch: 2)

    static func scene(_ state: DebuggerState, _ width: Int, _ height: Int) -> Scene {
        Scene.make(state, pane: Screen.panes(state, width: width, height: height).graph)
    }

    /// At every buggy step that loses something: each value a lost contribution came through is
    /// drawn with its line from the operand whose grad lost it; or, where even the least zoom has
    /// no room for it (80x24 with both engines' sentences), named on that operand's `more` mark.
    @Test(arguments: [(80, 24, false), (100, 30, false), (200, 60, false), (80, 24, true)])
    func theLostPathIsDrawnWithItsLine(_ width: Int, _ height: Int, _ comparing: Bool) throws {
        for mlp in [Self.mlp108, MLPScript.sizes[0]] {
            let script = try ScriptLoader.load(source: mlp.text(), name: "mlp.py")
            var state = DebuggerState(script: script, engine: .buggy)
            if comparing { state.apply(.toggleCompare, on: Screen.panes(state, width: width, height: height)) }
            let narrator = Narrator(state.graph, state.trace)
            var checked = 0
            // Every step of the small MLP; every third of the 1,000-value one.
            for k in stride(from: 1, to: state.trace.steps.count, by: mlp.batch < 10 ? 1 : 3) {
                state.move(to: Cursor(step: k, applied: state.trace.writes(of: k).count))
                let first = state.trace.steps[k].writeRange.lowerBound
                let lost = state.appliedWrites.enumerated().compactMap { i, write -> (target: NodeID, through: NodeID)? in
                    guard write.lost != nil, let through = narrator.previousWriter(ofWriteAt: first + i, step: k),
                          through != state.runningNode else { return nil }
                    return (write.target, through)
                }
                guard !lost.isEmpty else { continue }
                let scene = Self.scene(state, width, height)
                #expect(scene.kind == .neighbourhood)
                for (target, through) in lost {
                    let where_ = "step \(k) at \(width)x\(height)\(comparing ? " comparing" : ""): \(state.graph.title(through))"
                    let operand = try #require(scene.local(target), "\(where_): its operand is not drawn")
                    if let local = scene.local(through) {
                        #expect(scene.layout.edges(into: local).contains { $0.from == operand }, "\(where_) has no line from \(state.graph.title(target))")
                    } else {
                        #expect(comparing, "\(where_) is not drawn")
                        #expect(scene.hiddenLost[operand] == through, "\(where_) is neither drawn nor named")
                        // Named on screen: beside the operand, or on the row kept above or below it.
                        let panes = Screen.panes(state, width: width, height: height)
                        let graphRows = Screen.render(state, width: width, height: height).lines[panes.graph.y..<panes.graph.maxY]
                        #expect(graphRows.contains { $0.contains(" " + state.graph.reference(through) + " ") }, "\(where_) is not named on screen")
                    }
                }
                checked += 1
            }
            #expect(checked > 10)
        }
    }

    @Test(arguments: Demo.all.map(\.name))
    func everyStepShowsTheWorkAndTheLostPathOnEveryScreen(_ demo: String) throws {
        let script = try ScriptLoader.load(source: Demo.named(demo)!.source, name: demo)
        for engine in [Engine.buggy, .fixed] {
            var state = DebuggerState(script: script, engine: engine)
            for k in 0..<state.trace.steps.count {
                state.move(to: Cursor(step: k, applied: state.trace.writes(of: k).count))
                let needed = Scene.work(state) + Scene.lostThrough(state)
                for (width, height) in [(80, 24), (100, 30), (120, 40), (200, 60)] {
                    let pane = Screen.panes(state, width: width, height: height).graph
                    let scene = Scene.make(state, pane: pane)
                    let view = scene.viewport(pane)
                    for id in needed {
                        let box = try #require(scene.local(id).map { scene.layout.boxes[$0] }, "\(demo) step \(k) \(width)x\(height): \(state.graph.title(id)) not drawn")
                        #expect(view.contains(Point(x: box.x, y: box.y)) && view.contains(Point(x: box.maxX - 1, y: box.maxY - 1)),
                                "\(demo) \(engine) step \(k) at \(width)x\(height): \(state.graph.title(id)) is off screen")
                    }
                }
            }
        }
    }

    @Test func aBigPaneFillsWithTheNeighbourhood() throws {
        let script = try ScriptLoader.load(source: MLPScript.sizes[0].text(), name: "mlp.py")
        var state = DebuggerState(script: script, engine: .buggy)
        var counts: [Int] = []
        for k in stride(from: 1, to: state.trace.steps.count, by: 7) {
            state.move(to: Cursor(step: k, applied: state.trace.writes(of: k).count))
            let scene = Self.scene(state, 200, 60)
            let pane = Screen.panes(state, width: 200, height: 60).graph
            #expect(scene.width <= pane.width && scene.layout.height <= pane.height, "step \(k) overflows")
            counts.append(scene.layout.boxes.count)
            // Nothing floats: every box drawn has a line to another.
            let edges = scene.layout.edges
            for local in scene.layout.boxes.indices {
                #expect(edges.contains { $0.from == local || $0.to == local }, "step \(k): \(state.graph.title(scene.node(local))) floats")
            }
        }
        counts.sort()
        // Nine steps in ten, not only a typical one.
        #expect(counts[counts.count / 10] >= 8, "at the 10th percentile \(counts[counts.count / 10]) boxes at 200x60")
    }
}
