import Autograd
@testable import Debugger
import Export
import Exporter
import Foundation
import Script
import Testing

/// `with gradstep_export.recording():` notes where each value was made, in a microgpt-shaped forward.
@Suite struct ExporterRecordingTests {
    /// Runs the microgpt-shaped model's loss inside `recording()` and saves it; the file, read by gradstep.
    static func recorded() throws -> (file: [String: Any], script: LoadedScript) {
        let folder = try Saved.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Saved.classSource("microgpt_model").write(toFile: folder + "/microgpt_model.py", atomically: true, encoding: .utf8)
        try Python.run(script: """
            import gradstep_export, microgpt_model
            from microgpt_model import Value, doc_loss, state_dict
            own = Value.__dict__["__init__"]
            with gradstep_export.recording():
                loss = doc_loss([1, 3, 0])
            # The class is as it was: its own __init__, by identity.
            assert Value.__dict__["__init__"] is own, "Value.__init__ was not put back"
            gradstep_export.save(loss, "g.json", names=state_dict)
            """, in: folder)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/g.json")))
        let file = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        return (file, try SavedGraph.load(bytes: bytes, name: "g.json"))
    }

    /// The line number of the first line of the model file holding `text`.
    static func line(of text: String) throws -> Int {
        let lines = try Saved.classSource("microgpt_model").split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }

    @Test func everyComputedValueNamesTheFunctionAndLineThatMadeIt() throws {
        let (_, script) = try Self.recorded()
        let graph = script.graph
        var seen: Set<String> = []
        for id in graph.nodes.indices {
            let site = graph.site(of: id)
            guard !graph[id].isLeaf else {
                // A parameter was made before the block, at import: nothing is said of it.
                #expect(graph[id].name.isEmpty || site == nil, "\(graph[id].name)")
                continue
            }
            let made = try #require(site, "value \(id) (\(graph.formula(id))) has no source")
            #expect(made.file.hasSuffix("microgpt_model.py") && (made.calls + [made.function]).first == "doc_loss", "\(made)")
            seen.insert(made.caller)
        }
        #expect(seen.isSuperset(of: ["doc_loss", "gpt", "rmsnorm", "softmax", "linear"]), "\(seen)")
        // rmsnorm's mean square, with its line and the calls that led there.
        // Its products are made in the generator expression, its sum and quotient in rmsnorm itself.
        let msLine = try Self.line(of: "ms = sum(xi * xi"), expsLine = try Self.line(of: "exps = [(val - max_val).exp()")
        let ms = graph.sites.filter { $0.text == "ms = sum(xi * xi for xi in x) / len(x)" }
        #expect(Set(ms.map { $0.calls + [$0.function] }) == [["doc_loss", "gpt", "rmsnorm", "<genexpr>"], ["doc_loss", "gpt", "rmsnorm"]])
        #expect(ms.allSatisfy { $0.line == msLine && $0.caller == "rmsnorm" })
        let exps = try #require(graph.sites.first { $0.text.hasPrefix("exps = [(val - max_val).exp()") })
        #expect(exps.caller == "softmax" && exps.line == expsLine)
    }

    @Test func everyValueIsInTheRunOfTheFunctionThatMadeItEachRunItsOwn() throws {
        let (_, script) = try Self.recorded()
        let graph = script.graph
        // doc_loss([1, 3, 0]) runs gpt twice; each gpt runs rmsnorm three times, linear seven
        // times and attention once, and each attention its head's softmax; doc_loss runs the
        // softmax of each position's logits.
        let functions = graph.calls.map(\.function)
        #expect(functions.filter { $0 == "doc_loss" }.count == 1 && functions.filter { $0 == "gpt" }.count == 2)
        #expect(functions.filter { $0 == "rmsnorm" }.count == 6 && functions.filter { $0 == "linear" }.count == 14)
        #expect(functions.filter { $0 == "attention" }.count == 2 && functions.filter { $0 == "softmax" }.count == 4)
        func parent(_ call: Int) -> String? { graph.calls[call].parent.map { graph.calls[$0].function } }
        for (i, call) in graph.calls.enumerated() {
            switch call.function {
            case "doc_loss": #expect(call.parent == nil)
            case "gpt": #expect(parent(i) == "doc_loss")
            case "softmax": #expect(parent(i) == "attention" || parent(i) == "doc_loss")
            default: #expect(parent(i) == "gpt", "\(call.function)")
            }
        }
        var valuesOfCall: [Int: Int] = [:]
        for id in graph.nodes.indices where !graph[id].isLeaf {
            let call = try #require(graph.call(of: id), "value \(id) was made in no call")
            // The call is the run of the function its line is in: a comprehension is part of it.
            #expect(graph.calls[call].function == graph.site(of: id)?.caller)
            valuesOfCall[call, default: 0] += 1
        }
        // Each run of rmsnorm over 4 values makes the same values: 4 squares, 3 sums, the mean,
        // the scale and 4 products, and no run holds another's.
        let rmsnorms = graph.calls.indices.filter { graph.calls[$0].function == "rmsnorm" }
        #expect(Set(rmsnorms.map { valuesOfCall[$0] ?? 0 }).count == 1, "\(rmsnorms.map { valuesOfCall[$0] ?? 0 })")
    }

    @Test func theStepPaneAndTheJSONSayWhereTheRunningValueWasMade() throws {
        let (_, script) = try Self.recorded()
        let graph = script.graph
        let trace = Trace(graph: graph, root: script.root, engine: .fixed)
        let json = TraceJSON.render(graph, trace, numeric: graph.numericGradients(of: script.root, budget: 0))
        let line = try Self.line(of: "ms = sum(xi * xi")
        #expect(json.contains("\"source\": {\"file\": ") && json.contains("\"line\": \(line), \"function\": \"rmsnorm\", \"calls\": [\"doc_loss\", \"gpt\"]}"),
                "a generator's line is its function's: rmsnorm, called by doc_loss and gpt")
        #expect(!json.contains("<genexpr>") && !json.contains("<listcomp>"))
        #expect(json.contains("\"source\": null"), "the parameters were made outside the block")
        // The step pane, at a step whose running value rmsnorm made.
        var state = DebuggerState(script: script, engine: .fixed)
        let k = try #require(state.trace.steps.indices.first { $0 > 0 && graph.site(of: state.trace.steps[$0].node)?.caller == "rmsnorm" })
        state.move(to: Cursor(step: k, applied: 0))
        let screen = Screen.render(state, width: 200, height: 60).lines.joined(separator: "\n")
        #expect(screen.contains("made in rmsnorm, microgpt_model.py:"), "\(screen.suffix(1200))")
    }

    @Test func aBlockInsideAFunctionCountsOnlyTheCallsMadeInIt() throws {
        let folder = try Saved.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let driver = try Saved.classSource("microgpt_value") + """

            import gradstep_export
            def sq(x): return x * x
            def main():
                a = Value(2.0); b = Value(3.0)
                with gradstep_export.recording():
                    c = a * b
                    d = sq(c) + c
                gradstep_export.save(d, "g.json")
            def driver(): main()
            driver()
            """
        try Python.run(script: driver, in: folder)
        let script = try SavedGraph.load(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/g.json"))), name: "g.json")
        let graph = script.graph
        // The block's own values are in no call; sq's in sq, made in the block.
        #expect(graph.calls == [Call(function: "sq", parent: nil)])
        #expect(graph.call(of: script.root) == nil && graph.site(of: script.root)?.function == "main")
        #expect(graph.sites.allSatisfy { $0.calls.isEmpty }, "nothing above the block: \(graph.sites)")
    }

    @Test func aNotebooksCellsAreTheLearnersCode() throws {
        let folder = try Saved.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A cell as IPython runs it: compiled under the name `<ipython-input-N-…>`.
        let driver = try Saved.classSource("microgpt_value") + """

            import gradstep_export
            cell = '''
            def sq(x): return x * x
            a = Value(2.0); b = Value(3.0)
            with gradstep_export.recording():
                c = a * b
                d = sq(c) + c
            gradstep_export.save(d, "g.json")
            '''
            exec(compile(cell, "<ipython-input-7-0123abcd>", "exec"))
            """
        try Python.run(script: driver, in: folder)
        let script = try SavedGraph.load(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/g.json"))), name: "g.json")
        let graph = script.graph
        #expect(graph.calls == [Call(function: "sq", parent: nil)])
        #expect(graph.site(of: script.root)?.file == "<ipython-input-7-0123abcd>")
        #expect(graph.site(of: script.root)?.caller == "cell" && graph.title(script.root) == "d")
    }

    @Test func microgradsNNIsRecordedByItsClasses() throws {
        let folder = try Saved.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let driver = try Saved.classSource("mlp") + """

            import gradstep_export, random
            random.seed(1)
            model = MLP(3, [4, 4, 1])
            with gradstep_export.recording():
                loss = sum((model(x) - y)**2 for x, y in zip([[2.0, 3.0, -1.0], [3.0, -1.0, 0.5]], [1.0, -1.0]))
            gradstep_export.save(loss, "g.json", names=model)
            """
        try Python.run(script: driver, in: folder)
        let script = try SavedGraph.load(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/g.json"))), name: "g.json")
        // `def _backward(): self.grad += ...` on one line: its body is still shown.
        #expect(script.backwardSources["**2"]?.first?.hasPrefix("self.grad +=") == true, "\(script.backwardSources)")
        // The sum's generator at the top of the file is the module's.
        #expect(script.graph.sites.contains { $0.function == "<genexpr>" && $0.calls.isEmpty && $0.caller.hasPrefix("run_") })
        let functions = script.graph.calls.map(\.function)
        // Two samples: MLP twice, each Layer of it, each Neuron of each Layer (4 + 4 + 1).
        #expect(functions.filter { $0 == "MLP" }.count == 2 && functions.filter { $0 == "Layer" }.count == 6)
        #expect(functions.filter { $0 == "Neuron" }.count == 18)
        let folding = Folding(script.graph, root: script.root, around: script.root)
        let groups = Set(folding.items.compactMap { if case .group(let g) = $0 { g } else { nil } })
        #expect(groups == ["layers[0]", "layers[1]", "layers[2]"])
    }

    @Test func theTopologicalListShowsTheFunctionThatMadeEachValue() throws {
        let (_, script) = try Self.recorded()
        var state = DebuggerState(script: script, engine: .fixed)
        // A parameter's row at the cursor: named, made by no function of the learner's.
        let k = try #require(state.trace.steps.indices.first { $0 > 0 && script.graph[state.trace.steps[$0].node].isLeaf && !script.graph[state.trace.steps[$0].node].name.isEmpty })
        state.move(to: Cursor(step: k, applied: 0))
        let panes = Screen.panes(state, width: 200, height: 60)
        let rows = Screen.render(state, width: 200, height: 60).lines.map { String($0.dropFirst(panes.topo.x)) }
        let id = state.trace.steps[k].node
        #expect(TopoPane.lastColumn(script.graph, id) == "")
        let made = try #require(state.trace.steps.indices.first { $0 > 0 && script.graph.site(of: state.trace.steps[$0].node)?.caller == "linear" })
        #expect(TopoPane.lastColumn(script.graph, state.trace.steps[made].node) == "linear")
        let running = try #require(rows.first { $0.contains("▶") && $0.contains(script.graph.title(id)) })
        #expect(!running.contains("linear") && !running.contains("softmax"), "\(running)")
        #expect(rows.contains { $0.hasSuffix("linear") || $0.contains(" linear ") || $0.contains("softmax") || $0.contains("rmsnorm") })
    }

    @Test func anUnnamedValueIsTitledByItsFunctionAndOpAndFoundByThem() throws {
        let (_, script) = try Self.recorded()
        let graph = script.graph
        let titles = graph.nodes.indices.map { graph.title($0) }
        #expect(!titles.contains { $0.hasPrefix("#") }, "\(titles.filter { $0.hasPrefix("#") }.prefix(5))")
        #expect(titles.contains("rmsnorm ·*") && titles.contains("softmax ·exp"))
        // `/` finds by function and by file:line.
        var state = DebuggerState(script: script, engine: .fixed)
        let panes = Screen.panes(state, width: 120, height: 40)
        // `/` finds by the calls that led there, from the cursor on.
        state.move(to: Cursor(step: state.lastStep / 3, applied: 0))
        state.apply(.find("attention › softmax"), on: panes)
        let found = state.findMatches
        #expect(!found.isEmpty && found.allSatisfy { id in graph.site(of: id).map { ($0.calls + [$0.function]).suffix(2) == ["attention", "softmax"] || $0.calls.suffix(2) == ["attention", "softmax"] } ?? false })
        let steps = found.map(state.stepOfNode)
        #expect(steps[0] == steps.filter { $0 >= state.lastStep / 3 }.min(), "the first match is the one the pass reaches next")
        state.apply(.find("softmax"), on: panes)
        #expect(state.findMatches.count > 3 && state.findMatches.allSatisfy { graph.site(of: $0)?.caller == "softmax" })
        let line = try Self.line(of: "ms = sum(xi * xi")
        state.apply(.find("microgpt_model.py:\(line)"), on: panes)
        #expect(!state.findMatches.isEmpty && state.findMatches.allSatisfy { graph.site(of: $0)?.line == line })
    }
}
