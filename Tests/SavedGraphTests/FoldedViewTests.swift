import Autograd
@testable import Debugger
import Export
import Exporter
import Foundation
import Script
import Testing

/// The graph folded by the learner's calls: a microgpt-shaped loss recorded with `recording()`.
@Suite struct FoldedViewTests {
    /// The calls `call` was made in and itself, outermost first, worked out here from the parents.
    static func ancestors(_ graph: Graph, _ call: Int?) -> [Int] {
        guard let call else { return [] }
        return ancestors(graph, graph.calls[call].parent) + [call]
    }

    @Test func atEveryStepTheRunningValuesCallsAreOpenAndEveryOtherCallIsOneBox() throws {
        let (_, script) = try ExporterRecordingTests.recorded()
        let graph = script.graph
        let trace = Trace(graph: graph, root: script.root, engine: .buggy)
        var checked: Set<[Int]> = []
        for step in trace.steps {
            let open = Self.ancestors(graph, graph.call(of: step.node))
            guard checked.insert(open).inserted else { continue }
            let folding = Folding(graph, root: script.root, around: step.node)
            #expect(folding.open == open)
            #expect(folding.items[folding.item(of: step.node)] == .value(step.node), "the running value is drawn as itself")
            for id in graph.nodes.indices {
                let calls = Self.ancestors(graph, graph.call(of: id))
                // A value is in the first call of its chain that is not open, else drawn itself.
                let expected: Folding.Item
                if let first = calls.first(where: { !open.contains($0) }) {
                    expected = .call(first)
                } else if graph.site(of: id) == nil && graph[id].isLeaf && id != script.root && id != step.node {
                    // microgpt's state_dict keys: `wte`, `layer0.attn_wq`.
                    expected = .group(String(graph[id].name.prefix { $0 != "[" }))
                } else {
                    expected = .value(id)
                }
                #expect(folding.items[folding.item(of: id)] == expected, "value \(id) at open \(open)")
            }
            // Every line between items comes from an item before it.
            for (item, sources) in folding.sources.enumerated() { #expect(sources.allSatisfy { $0 < item }) }
        }
        #expect(checked.count > 5, "the pass goes through several calls")
    }

    @Test func parametersFoldByTheirNameWithoutItsLastIndices() {
        var graph = Graph()
        for name in ["wte[3][5]", "layer0.attn_wq[2][7]", "layers[1].neurons[0].w[2]", "layers[1].neurons[0].b", "w", "x[0]"] {
            graph.bindName(name, to: graph.leaf(1))
        }
        graph.leaf(2, label: "bias")
        graph.leaf(3)
        #expect(graph.nodes.indices.map { Folding.group(graph, $0) } == ["wte", "layer0.attn_wq", "layers[1]", "layers[1]", "w", "x", "bias", ""])
    }

    @Test func aFoldedCallsBoxCountsWhatItHoldsTakesInAndGivesOut() throws {
        let (_, script) = try ExporterRecordingTests.recorded()
        let graph = script.graph
        let folding = Folding(graph, root: script.root, around: script.root)
        let consumers = Consumers(graph)
        for (item, kind) in folding.items.enumerated() {
            guard case .call(let call) = kind else { continue }
            let inside = Set(graph.nodes.indices.filter { Self.ancestors(graph, graph.call(of: $0)).contains(call) })
            let inputs = Set(inside.flatMap { graph[$0].operands }.filter { !inside.contains($0) })
            let outputs = inside.filter { id in id == script.root || consumers.of(id).contains { !inside.contains($0) } }
            #expect(folding.held[item] == inside.count && folding.inputs[item] == inputs.count && folding.outputs[item] == outputs.count)
            if graph.calls[call].function == "rmsnorm" {
                // rmsnorm over n_embd = 4 values: 4 in, 4 out.
                #expect(folding.words(item, graph, arrow: "→").detail == "4 in → 4 out")
            }
        }
        let top = folding.items.compactMap { if case .call(let c) = $0 { graph.calls[c].function } else { nil } }
        #expect(Set(top) == ["gpt", "softmax"], "doc_loss is open around its loss; its calls are folded: \(top)")
    }

    @Test func theScreenAndTheFrameJSONShowTheFoldedViewAndWhereWritesLost() throws {
        let (_, script) = try ExporterRecordingTests.recorded()
        var state = DebuggerState(script: script, engine: .buggy)
        state.setFolded(true)
        state.move(to: Cursor(step: state.lastStep, applied: 0))
        let screen = Screen.render(state, width: 200, height: 60).lines.joined(separator: "\n")
        #expect(screen.contains("folded"))
        let json = FrameJSON.render(state, width: 200, height: 60)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["view"] as? String == "folded")
        let boxes = try #require(object["boxes"] as? [[String: Any]])
        let folded = boxes.compactMap { $0["folded"] as? [String: Any] }
        #expect(folded.contains { $0["kind"] as? String == "call" } && folded.contains { $0["kind"] as? String == "group" })
        // A folded box says LOST once a write inside it has thrown a contribution away, and not before.
        let trace = state.trace
        let folding = state.folds.folding(around: state.runningNode)
        let first = state.folds.firstLosses(folding, trace, pass: "buggy")
        for (item, step) in first.enumerated() {
            let losing = trace.steps.indices.dropFirst().filter { k in
                folding.item(of: trace.steps[k].node) == item && trace.writes(of: k).contains { $0.lost != nil }
            }
            #expect(step == losing.first)
        }
        #expect(first.contains { $0 != nil }, "under grad = some call loses a contribution")
        #expect(screen.contains("LOST"))
        // Unfolded again, the view is what it was.
        state.setFolded(false)
        #expect(!Screen.render(state, width: 200, height: 60).lines.joined().contains("folded"))
    }
}
