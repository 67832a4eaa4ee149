import Autograd
import Canvas
@testable import Debugger
import Foundation
import Script
import Testing

/// What the screen makes of a graph saved with `recording()`: the leaves it judges, the
/// topological list's rows, a find inside the folded view.
@Suite struct RecordedViewTests {
    @Test func theVerdictJudgesTheParametersNotTheNumbersTheForwardPassWrapped() throws {
        let (_, script) = try ExporterRecordingTests.recorded()
        let graph = script.graph
        let verdict = Verdict(graph, Trace(graph: graph, root: script.root, engine: .buggy))
        let parameters = Set(graph.nodes.indices.filter { graph[$0].isLeaf && graph.site(of: $0) == nil })
        // The model has constants inside the block (a sum's 0.0, 1e-05): they are not judged.
        #expect(graph.nodes.indices.contains { graph[$0].isLeaf && graph.site(of: $0) != nil })
        #expect(Set(verdict.leaves) == parameters && parameters.allSatisfy { !graph[$0].name.isEmpty })
    }

    @Test func valuesTheLearnerNamedInsideTheBlockAreJudgedAndAGroupPulledEmptyIsNoBox() throws {
        let folder = try Saved.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let driver = try Saved.classSource("lecture_value") + """

            import gradstep_export
            w = Value(-3.0, label='w')
            def neuron(x): return (x * w + 2.0).tanh()
            with gradstep_export.recording():
                a = Value(-2.0, label='a'); b = Value(3.0, label='b')
                out = (a * b) * (a + b) * neuron(a)
            gradstep_export.save(out, "g.json")
            """
        try Python.run(script: driver, in: folder)
        let script = try SavedGraph.load(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/g.json"))), name: "g.json")
        let graph = script.graph
        // a and b were made inside the block, with labels: judged, and wrong under grad =; the wrapped 2.0 is not.
        let verdict = Verdict(graph, Trace(graph: graph, root: script.root, engine: .buggy))
        #expect(Set(verdict.leaves.map { graph.wholeLabel($0) }) == ["a", "b", "w"])
        #expect(!verdict.wrong.isEmpty && verdict.summary.hasSuffix("leaf grads are wrong"))
        // At the step whose running value takes w, w (the one value of its group) is drawn as
        // itself, and no box is left holding nothing.
        let store = FoldStore(graph, root: script.root)
        let w = try #require(graph.nodes.indices.first { graph.wholeLabel($0) == "w" })
        let user = try #require(graph.nodes.indices.first { graph[$0].operands.contains(w) })
        for level in 0...2 {
            let folding = store.drawnFolding(around: user, level: level)
            #expect(folding.items[folding.item(of: w)] == .value(w))
            #expect(folding.held.allSatisfy { $0 > 0 }, "level \(level): \(folding.items) \(folding.held)")
        }
    }

    @Test func switchingToYourEngineEndsTheSearch() throws {
        let (_, script) = try ExporterRecordingTests.recorded()
        var state = DebuggerState(script: script, engine: .buggy)
        let panes = Screen.panes(state, width: 100, height: 30)
        let started = state.startSearch()
        #expect(started)
        state.apply(.toggleEngine, on: panes)
        #expect(state.isSearching, "fixed: the search goes on")
        state.apply(.toggleEngine, on: panes)
        #expect(state.engine == .yours && !state.isSearching && state.message?.contains("no build_topo search") == true)
    }

    @Test func aRowBesideItsFunctionSaysOnlyTheOp() throws {
        let (_, script) = try ExporterRecordingTests.recorded()
        let graph = script.graph
        let exp = try #require(graph.nodes.indices.first { graph.title($0) == "softmax ·exp" })
        #expect(TopoPane.rowTitle(graph, exp, functionShown: true) == "·exp")
        #expect(TopoPane.rowTitle(graph, exp, functionShown: false) == "softmax ·exp")
        let named = try #require(graph.nodes.indices.first { !graph[$0].name.isEmpty && !graph[$0].isLeaf })
        #expect(TopoPane.rowTitle(graph, named, functionShown: true) == graph.title(named))
        // On screen: no row cuts a function's title off its op.
        var state = DebuggerState(script: script, engine: .buggy)
        state.move(to: Cursor(step: state.lastStep / 2, applied: 0))
        let panes = Screen.panes(state, width: 100, height: 30)
        let rows = Screen.render(state, width: 100, height: 30).lines.map { String($0.dropFirst(panes.topo.x)) }
        #expect(rows.contains { $0.contains(" ·") } && !rows.contains { $0.contains("softmax…") || $0.contains("linear ·…") }, "\(rows)")
    }

    @Test func aFoundValueInsideAFoldedBoxMarksTheBox() throws {
        let (_, script) = try ExporterRecordingTests.recorded()
        var state = DebuggerState(script: script, engine: .buggy)
        state.setFolded(true)
        let panes = Screen.panes(state, width: 200, height: 60)
        let before = Screen.render(state, width: 200, height: 60)
        state.apply(.find("wte"), on: panes)
        let after = Screen.render(state, width: 200, height: 60)
        // The `wte` group's box is drawn in the found style; nothing else on the graph pane changes.
        let found = Style(.key, bold: true, reverse: true)
        let cells = (panes.graph.y..<panes.graph.maxY).flatMap { y in (panes.graph.x..<panes.graph.maxX).map { (x: $0, y: y) } }
        let changed = cells.filter { after[$0.x, $0.y] != before[$0.x, $0.y] }
        #expect(!changed.isEmpty && changed.allSatisfy { after[$0.x, $0.y].style == found })
    }
}
