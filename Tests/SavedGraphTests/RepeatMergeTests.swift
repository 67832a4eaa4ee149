import Autograd
@testable import Debugger
import Foundation
import Script
import Testing

/// The folded view with its repeats merged (`gpt ×6`, one run per token): the microgpt-shaped
/// model's loss over one document, recorded with `recording()`.
@Suite struct RepeatMergeTests {
    /// A six-token document: six runs of `gpt` and of `softmax`, too many to draw one by one at 100x30.
    static func recorded() throws -> LoadedScript {
        let folder = try Saved.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Saved.classSource("microgpt_model").write(toFile: folder + "/microgpt_model.py", atomically: true, encoding: .utf8)
        try Python.run(script: """
            import gradstep_export, microgpt_model
            microgpt_model.configure(block_size=8)
            with gradstep_export.recording():
                loss = microgpt_model.doc_loss([1, 3, 0, 2, 4, 1, 3])
            gradstep_export.save(loss, "g.json", names=microgpt_model.state_dict)
            """, in: folder)
        return try SavedGraph.load(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/g.json"))), name: "g.json")
    }

    /// Whether `merged` is `base` with whole items merged, every count and line as the values say.
    static func check(_ merged: Folding, _ base: Folding, _ graph: Graph, root: NodeID, focus: NodeID) {
        #expect(merged.items[merged.item(of: focus)] == .value(focus), "the running value is drawn as itself")
        // So are its operands, but where a folded run holds one.
        for operand in graph[focus].operands {
            if case .call = base.items[base.item(of: operand)] { continue }
            #expect(merged.items[merged.item(of: operand)] == .value(operand), "operand \(operand) of \(focus)")
        }
        // Each item of the folding before is in one merged item: its values all land together
        // (but for an operand drawn out of its group).
        var mergedOfBase = [Int: Int]()
        for id in graph.nodes.indices where merged.pulled[id] == nil {
            let before = mergedOfBase.updateValue(merged.item(of: id), forKey: base.item(of: id))
            #expect(before == nil || before == merged.item(of: id))
        }
        let consumers = Consumers(graph)
        var values = [[NodeID]](repeating: [], count: merged.items.count)
        for id in graph.nodes.indices { values[merged.item(of: id)].append(id) }
        for (item, kind) in merged.items.enumerated() {
            let inside = Set(values[item])
            if case .repeats(let r) = kind {
                #expect(Set(mergedOfBase.filter { $0.value == item }.keys).count == merged.repeated[r].count)
            }
            if kind.isFolded {
                let inputs = Set(inside.flatMap { graph[$0].operands }.filter { !inside.contains($0) })
                let outputs = inside.filter { id in id == root || consumers.of(id).contains { !inside.contains($0) } }
                #expect(merged.held[item] == inside.count && merged.inputs[item] == inputs.count && merged.outputs[item] == outputs.count,
                        "\(kind): \(merged.held[item]) \(merged.inputs[item]) \(merged.outputs[item]) against \(inside.count) \(inputs.count) \(outputs.count)")
            }
            // Every value's operand from another item comes from one before it, with a line: no box feeds itself back.
            for id in inside {
                for operand in graph[id].operands where merged.item(of: operand) != item {
                    #expect(merged.item(of: operand) < item && merged.sources[item].contains(merged.item(of: operand)))
                }
            }
        }
    }

    @Test func repeatedRunsAndLinesMergeIntoBoxesThatCountWhatTheyHold() throws {
        let script = try Self.recorded()
        let graph = script.graph
        let trace = Trace(graph: graph, root: script.root, engine: .buggy)
        let store = FoldStore(graph, root: script.root)
        let top = store.drawnFolding(around: script.root, level: 1)
        let names = top.items.compactMap { item -> String? in
            if case .repeats(let r) = item { return "\(top.repeated[r].name) ×\(top.repeated[r].count)" }
            return nil
        }
        // At the top of the pass: a run of gpt and of softmax per token, each one box.
        #expect(names.contains("gpt ×6") && names.contains("softmax ×6"), "\(names)")
        #expect(!top.items.contains { if case .call = $0 { true } else { false } }, "no run of a function is left on its own")
        for k in stride(from: 0, to: trace.steps.count, by: 37) {
            let focus = trace.steps[k].node
            Self.check(store.drawnFolding(around: focus, level: 1), store.folding(around: focus), graph, root: script.root, focus: focus)
        }
        // Inside an attention's gpt run, the linear runs before its softmax and after it are
        // two boxes, not one fed by its own output.
        let inside = try #require(trace.steps.first { graph.site(of: $0.node)?.calls.last == "attention" }).node
        let merged = store.drawnFolding(around: inside, level: 1)
        let linears = merged.items.filter { item in
            switch item {
            case .repeats(let r): return merged.repeated[r].name == "linear"
            case .call(let c): return graph.calls[c].function == "linear"
            default: return false
            }
        }
        #expect(linears.count >= 2, "\(merged.items)")
    }

    @Test func runsThatFeedEachOtherCrosswiseAreNotMergedIntoBoxesThatFeedEachOther() throws {
        let folder = try Saved.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // f(p) feeds g(x), and g(q) feeds f(y): f ×2 and g ×2 would feed each other.
        let driver = try Saved.classSource("lecture_value") + """

            import gradstep_export
            def f(v): return v * 2.0
            def g(v): return v + 1.0
            def h(): return Value(1.0) * 3.0
            with gradstep_export.recording():
                s = sum((h() for _ in range(30)), Value(0.0))
                p = Value(1.5); q = Value(2.5)
                x = f(p); y = g(q)
                x2 = f(y); y2 = g(x)
                loss = s * x2 * y2
            gradstep_export.save(loss, "g.json")
            """
        try Python.run(script: driver, in: folder)
        let script = try SavedGraph.load(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/g.json"))), name: "g.json")
        let store = FoldStore(script.graph, root: script.root)
        let trace = Trace(graph: script.graph, root: script.root, engine: .buggy)
        for step in trace.steps {
            for groups in [false, true] {
                Self.check(store.drawnFolding(around: step.node, level: groups ? 2 : 1), store.folding(around: step.node), script.graph,
                           root: script.root, focus: step.node)
            }
        }
        let top = store.drawnFolding(around: script.root, level: 1)
        #expect(top.items.contains { if case .repeats(let r) = $0 { top.repeated[r].name == "h" } else { false } }, "h's 30 runs are one box")
    }

    @Test func aMergedBoxSaysLostFromTheFirstLossOfAnyItHolds() throws {
        let script = try Self.recorded()
        let graph = script.graph
        let trace = Trace(graph: graph, root: script.root, engine: .buggy)
        let store = FoldStore(graph, root: script.root)
        for focus in [script.root, trace.steps[trace.steps.count / 2].node] {
            let merged = store.drawnFolding(around: focus, level: 1)
            let first = store.firstLosses(merged, trace, pass: "buggy")
            for item in merged.items.indices {
                let losing = trace.steps.indices.dropFirst().first { k in
                    merged.item(of: trace.steps[k].node) == item && trace.writes(of: k).contains { $0.lost != nil }
                }
                #expect(first[item] == losing)
            }
            #expect(first.contains { $0 != nil })
        }
    }

    @Test func theScreenMergesRepeatsOnlyWhereTheLevelIsTooBigToDrawWhole() throws {
        let script = try Self.recorded()
        var state = DebuggerState(script: script, engine: .buggy)
        state.setFolded(true)
        func folded(_ width: Int, _ height: Int) throws -> [[String: Any]] {
            let json = FrameJSON.render(state, width: width, height: height)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(object["view"] as? String == "folded")
            return try #require(object["boxes"] as? [[String: Any]]).compactMap { $0["folded"] as? [String: Any] }
        }
        // 200x60: six gpt runs, each with its keys and values chained, do not fit one by one;
        // merged they do, whole.
        let merged = try folded(200, 60)
        let gpt = try #require(merged.first { $0["kind"] as? String == "repeats" && $0["name"] as? String == "gpt" })
        #expect(gpt["times"] as? Int == 6 && gpt["call"] is NSNull)
        let folding = state.folds.drawnFolding(around: state.runningNode, level: 1)
        #expect(merged.count == folding.items.filter(\.isFolded).count, "every merged box is drawn")
        #expect(Screen.render(state, width: 200, height: 60).lines.joined().contains("gpt ×6"))
        // 400x120: room for every run on its own.
        let big = try folded(400, 120)
        #expect(!big.contains { $0["kind"] as? String == "repeats" } && big.filter { $0["name"] as? String == "gpt" }.count == 6)
        // 180x40: not even merged repeats fit; the parameters merge by their first name too.
        let groups = try folded(180, 40).compactMap { $0["kind"] as? String == "group" ? $0["name"] as? String : nil }
        #expect(Set(groups) == ["wte", "wpe", "layer0", "lm_head"], "\(groups)")
    }
}
