import Autograd
import Debugger
import Script
import Testing

/// Saved graphs written by hand: what gradstep reads from them, and the one line it says when
/// a file is not a graph it can open.
struct SavedGraphReaderTests {
    func load(_ text: String) throws(SavedGraphError) -> LoadedScript {
        try SavedGraph.load(bytes: Array(text.utf8), name: "g.json")
    }

    /// The one-line message a file gets.
    func error(_ text: String) -> String? {
        do {
            _ = try load(text)
            return nil
        } catch {
            return error.description
        }
    }

    static let twoPaths = """
        {"gradstep": 1, "root": 9, "nodes": [
          {"id": 9, "data": -6.0, "op": "*", "operands": [5, 7], "label": "f"},
          {"id": 1, "data": -2.0, "label": "a"},
          {"id": 2, "data": 3.0, "label": "b"},
          {"id": 5, "data": -6.0, "op": "*", "operands": [1, 2], "label": "d"},
          {"id": 7, "data": 1.0, "op": "+", "operands": [1, 2], "label": "e"},
          {"id": 8, "data": 100.0, "op": "+", "operands": [1, 2], "label": "unused"}
        ]}
        """

    @Test func idsInAnyOrderAreRenumberedOperandsFirstAndUnusedValuesDropped() throws {
        let script = try load(Self.twoPaths)
        #expect(script.graph.count == 5)
        #expect(script.graph.title(script.root) == "f")
        for (id, node) in script.graph.nodes.enumerated() { #expect(node.operands.allSatisfy { $0 < id }) }
        let trace = Trace(graph: script.graph, root: script.root, engine: .buggy, order: .label)
        let grads = Dictionary(uniqueKeysWithValues: script.graph.nodes.indices.map { (script.graph[$0].label, trace.finalGrads[$0]) })
        #expect(grads["a"] == 3.0 && grads["b"] == -2.0)
        #expect(script.recordedPass == nil)
        #expect(script.engines == [.buggy, .fixed])
    }

    /// two-paths in format 2: one list per field, the value with id i at position i of each.
    static let twoPathsColumns = """
        {"gradstep": 2, "style": "micrograd", "root": 0,
         "data": [-6.0, -2.0, 3.0, -6.0, 1.0, 100.0], "arity": [2, 0, 0, 2, 2, 2], "operands": [3, 4, 1, 2, 1, 2, 1, 2],
         "ops": ["*", "", "+"], "op": [0, 1, 1, 0, 2, 2],
         "labels": [[0, "f"], [1, "a"], [2, "b"], [3, "d"], [4, "e"], [5, "unused"]]}
        """

    @Test func formatTwoOpensAsFormatOneDoes() throws {
        let one = try load(Self.twoPaths), two = try load(Self.twoPathsColumns)
        #expect(two.graph.nodes == one.graph.nodes)
        #expect(two.graph.title(two.root) == "f" && two.savedIDs == [1, 2, 3, 4, 0])
        let trace = Trace(graph: two.graph, root: two.root, engine: .buggy, order: .label)
        #expect(trace.finalGrads == Trace(graph: one.graph, root: one.root, engine: .buggy, order: .label).finalGrads)
    }

    @Test func formatTwoReadsItsColumnsWithNamesSitesAndNonFiniteNumbers() throws {
        let script = try load("""
            {"gradstep": 2, "style": "local-gradient", "root": 3,
             "data": [2, 0.5, NaN, 1.0], "arity": [0, 0, 0, 2], "operands": [0, 1], "local_grads": [0.5, 2],
             "names": [[0, "w[0]"], [1, "x"]], "made": [-1, -1, -1, 0],
             "sites": [{"file": "m.py", "line": 3, "function": "neuron", "calls": ["loss"], "text": "return w * x"}],
             "pass": {"kind": "local-gradients"}}
            """)
        #expect(script.graph.count == 3, "value 2 is not reached from the root")
        #expect(script.graph[script.root].op == .mul, "named from its numbers")
        #expect(script.graph.title(script.root) == "w[0] * x")
        #expect(script.graph.site(of: script.root)?.caller == "neuron")
        let wrong = try load("""
            {"gradstep": 2, "root": 1, "data": [2, 0.5], "arity": [0, 1], "operands": [0], "local_grads": [7]}
            """)
        #expect(wrong.graph[wrong.root].op.isLearners, "numbers no rule fits keep the learner's local grads")
        #expect(try load("""
            {"gradstep": 2, "root": 0, "data": ["nan"], "arity": [0], "operands": []}
            """).graph[0].data.isNaN, "a string \"nan\" falls back to the reader of each number")
    }

    @Test func badFormatTwoFilesGetOneLine() {
        let cases: [(String, String)] = [
            ("{\"gradstep\": 2, \"root\": 0, \"data\": []}", "g.json: error: the file has no values"),
            ("{\"gradstep\": 2, \"root\": 0, \"data\": [1], \"arity\": [1, 0], \"operands\": []}",
             "g.json: error: \"arity\" should give each of the 1 values its number of operands"),
            ("{\"gradstep\": 2, \"root\": 1, \"data\": [1, 2], \"arity\": [0, 2], \"operands\": [0]}",
             "g.json: error: \"operands\" should hold 2 ids, as \"arity\" adds up to, not 1"),
            ("{\"gradstep\": 2, \"root\": 1, \"data\": [1, 2], \"arity\": [0, 1], \"operands\": [5]}",
             "g.json: error: value 1 has operand 5, which is not among the values"),
            ("{\"gradstep\": 2, \"root\": 1, \"data\": [1, 2], \"arity\": [1, 1], \"operands\": [1, 0]}",
             "g.json: error: value 1 depends on itself (a cycle through value 0)"),
            ("{\"gradstep\": 2, \"root\": 1, \"data\": [1, \"x\"], \"arity\": [0, 0], \"operands\": []}",
             "g.json: error: item 1 of \"data\" should be a number, not \"x\""),
            ("{\"gradstep\": 2, \"root\": 1, \"data\": [1, 2], \"arity\": [0, 1.5], \"operands\": [0]}",
             "g.json: error: item 1 of \"arity\" should be a whole number, not 1.5"),
            ("{\"gradstep\": 2, \"root\": 1, \"data\": [1, 2], \"arity\": [0, 1], \"operands\": [0], \"ops\": [\"\"], \"op\": [0, 3]}",
             "g.json: error: \"op\" names op 3, which \"ops\" does not list"),
            ("{\"gradstep\": 2, \"root\": 1, \"data\": [1, 2], \"arity\": [0, 1], \"operands\": [0], \"names\": [[7, \"w\"]]}",
             "g.json: error: \"names\" names value 7, which is not among the values"),
            ("{\"gradstep\": 2, \"root\": 1, \"data\": [1, 2], \"arity\": [0, 1], \"operands\": [0], \"local_grads\": [1, 2]}",
             "g.json: error: \"local_grads\" should hold one number per operand, 1, not 2"),
            ("{\"gradstep\": 2, \"root\": 1, \"data\": [1, 2], \"arity\": [0, 8999999999999999], \"operands\": [0]}",
             "g.json: error: value 1 has 8999999999999999 operands: gradstep steps ops of one or two operands, as micrograd's are"),
            ("{\"gradstep\": 2, \"root\": 1, \"data\": [1, 2], \"arity\": [0, 1], \"operands\": [0], \"made\": [-1, 3], \"sites\": []}",
             "g.json: error: \"made\" names site 3, which \"sites\" does not list"),
            ("{\"gradstep\": 2, \"root\": 1, \"data\": [1, 2], \"arity\": [0, 1], \"operands\": [0], \"call\": [-1, 0]}",
             "g.json: error: \"call\" names call 0, which \"call_tree\" does not list"),
            ("{\"gradstep\": 2, \"root\": 1, \"data\": [1, 2], \"arity\": [0, 1], \"operands\": [0], \"call\": [-1, 0], \"call_tree\": [[\"f\", 0]]}",
             "g.json: error: call 0 has parent 0, which should be an earlier call or -1"),
        ]
        for (text, message) in cases {
            #expect(error(text) == message, "\(text)")
        }
    }

    /// Calls that feed each other, as no program makes them: the folded view drops the line that
    /// would close the cycle and draws the rest.
    @Test func callsThatFeedEachOtherFoldWithoutACrash() throws {
        let script = try load("""
            {"gradstep": 2, "root": 0, "data": [65536, 256, 16, 4, 2], "arity": [1, 1, 1, 1, 0], "operands": [1, 2, 3, 4],
             "ops": ["*", ""], "op": [0, 0, 0, 0, 1], "made": [0, 0, 0, 0, -1],
             "sites": [{"file": "m.py", "line": 1, "function": "f", "calls": [], "text": ""}],
             "call": [-1, 0, 1, 0, -1], "call_tree": [["A", -1], ["B", -1]]}
            """)
        var state = DebuggerState(script: script)
        state.setFolded(true)
        for step in 0...state.lastStep {
            state.move(to: Cursor(step: step, applied: 0))
            #expect(Screen.render(state, width: 100, height: 30).lines.joined().contains("folded"))
        }
    }

    @Test func aSetsSingleOperandFillsBothSlotsOfABinaryOp() throws {
        let script = try load("""
            {"gradstep": 1, "root": 1, "nodes": [{"id": 0, "data": 3, "label": "a"}, {"id": 1, "data": 6, "op": "+", "operands": [0]}]}
            """)
        #expect(script.graph[script.root].operands == [0, 0])
        #expect(script.graph.title(script.root) == "a + a")
        #expect(Trace(graph: script.graph, root: script.root, engine: .fixed).finalGrads[0] == 2)
    }

    @Test func knownOpsAreGradstepsAndUnknownOnesUseTheRecordedLocalGrads() throws {
        let script = try load("""
            {"gradstep": 1, "root": 4, "nodes": [
              {"id": 0, "data": 2.0, "label": "x"},
              {"id": 1, "data": 0.6931471805599453, "op": "log", "operands": [0], "local_grads": [99]},
              {"id": 2, "data": 0.8807970779778823, "op": "my_sigmoid", "operands": [0], "local_grads": [0.10499358540350662]},
              {"id": 3, "data": 4.0, "op": "**2", "operands": [0]},
              {"id": 4, "data": 5.574, "op": "+", "operands": [1, 2]},
              {"id": 5, "data": 1, "op": "+", "operands": [3, 4]}
            ]}
            """)
        let graph = script.graph
        #expect(graph.nodes.map(\.op.symbol) == ["", "log", "my_sigmoid", "+"])
        #expect(graph.nodes[1].op == .log)  // gradstep's own 1/x, not the file's 99
        let fixed = Trace(graph: graph, root: script.root, engine: .fixed)
        #expect(abs(fixed.finalGrads[0] - (0.5 + 0.10499358540350662)) < 1e-12)
        // Finite differences cannot run the learner's my_sigmoid: the leaf below it is not estimated.
        let numeric = graph.numericGradients(of: script.root)
        #expect(numeric[0] == nil && numeric.isSkipped(0) && numeric.unrunnable == [0])
        #expect(graph.formula(2) == "my_sigmoid(x)")
    }

    @Test func sigmoidIsKnownInSavedGraphs() throws {
        let script = try load("""
            {"gradstep": 1, "root": 1, "nodes": [
              {"id": 0, "data": 2.0, "label": "x"},
              {"id": 1, "data": 0.8807970779778823, "op": "sigmoid", "operands": [0], "local_grads": [99]}
            ]}
            """)
        #expect(script.graph[1].op == .sigmoid)  // gradstep's own s·(1-s), not the file's 99
        let fixed = Trace(graph: script.graph, root: script.root, engine: .fixed)
        #expect(abs(fixed.finalGrads[0] - 0.8807970779778823 * (1 - 0.8807970779778823)) < 1e-12)
    }

    @Test func aRecordedPassBecomesTheYoursEngine() throws {
        // a + a under a learner's `=`: one change to a.grad, 1.0 where the chain rule makes 2.0.
        let script = try load("""
            {"gradstep": 1, "root": 1, "nodes": [{"id": 0, "data": 3, "label": "a"}, {"id": 1, "data": 6, "op": "+", "operands": [0], "label": "b"}],
             "pass": {"kind": "calls", "seed": 1.0, "calls": [[1, 1.0, [[0, 0.0, 1.0]]], [0, 1.0, []]]}}
            """)
        #expect(script.engines == [.buggy, .fixed, .yours])
        #expect(script.writtenOrders == [.yours])
        let trace = Trace(graph: script.graph, root: script.root, engine: .yours, recorded: script.recordedPass)
        #expect(trace.order == .yours)
        #expect(trace.steps.map(\.node) == [1, 1, 0])
        #expect(trace.writes.map(\.after) == [1, 1])
        #expect(trace.writes[1].contribution == 2)
        #expect(trace.finalGrads == [1, 1])
        let verdict = Verdict(script.graph, trace)
        #expect(verdict.wrong == [0])
        #expect(verdict.disagreements.map(\.symbol) == ["+"])
        // The buggy and fixed engines also run in the learner's order.
        let fixed = Trace(graph: script.graph, root: script.root, engine: .fixed, order: .yours, recorded: script.recordedPass)
        #expect(fixed.steps.map(\.node) == [1, 1, 0])
        #expect(fixed.finalGrads[0] == 2)
    }

    @Test func aLocalGradientPassUsesTheLearnersLocalGrads() throws {
        // The learner's local grads for `*` are wrong (3 and 7, not 5 and 2): yours disagrees, fixed does not.
        let script = try load("""
            {"gradstep": 1, "style": "local-gradient", "root": 2, "nodes": [
              {"id": 0, "data": 2, "label": "a"}, {"id": 1, "data": 5, "label": "b"},
              {"id": 2, "data": 10, "op": "*", "operands": [0, 1], "local_grads": [3, 7]}],
             "pass": {"kind": "local-gradients"}}
            """)
        let yours = Trace(graph: script.graph, root: script.root, engine: .yours, recorded: script.recordedPass)
        #expect(yours.finalGrads[0] == 3 && yours.finalGrads[1] == 7)
        #expect(yours.correctGrads[0] == 5 && yours.correctGrads[1] == 2)
        #expect(Verdict(script.graph, yours).disagreements.first?.count == 2)
    }

    @Test func aLocalGradientFileThatListsAnOperandOnceAddsItsLocalGradOnce() throws {
        // `_children = (a,)` for a `+`: gradstep draws a + a, the learner's loop adds 1 * grad once.
        let script = try load("""
            {"gradstep": 1, "style": "local-gradient", "root": 1, "nodes": [{"id": 0, "data": 3, "label": "a"},
              {"id": 1, "data": 6, "op": "+", "operands": [0], "local_grads": [1]}], "pass": {"kind": "local-gradients"}}
            """)
        #expect(script.graph[script.root].operands == [0, 0])
        let yours = Trace(graph: script.graph, root: script.root, engine: .yours, recorded: script.recordedPass)
        #expect(yours.finalGrads[0] == 1 && yours.correctGrads[0] == 2)
    }

    @Test func aFileSavedWithoutItsPassSaysWhyWhenTheEnginesComeRound() throws {
        let script = try load("""
            {"gradstep": 1, "root": 0, "nodes": [{"id": 0, "data": 1, "label": "a"}], "pass_error": "your backward() raised KeyError: 'x'"}
            """)
        #expect(script.engines == [.buggy, .fixed])
        var state = DebuggerState(script: script, engine: .fixed)
        state.apply(.toggleEngine, on: Screen.panes(state))
        #expect(state.engine == .buggy)
        #expect(state.message == "buggy engine: every write is grad =; no yours engine: your backward() raised KeyError: 'x'")
    }

    @Test func nonFiniteNumbersAreRead() throws {
        let script = try load("""
            {"gradstep": 1, "root": 1, "nodes": [{"id": 0, "data": "inf"}, {"id": 1, "data": NaN, "op": "tanh", "operands": [0]}]}
            """)
        #expect(script.graph[0].data == .infinity && script.graph[1].data.isNaN)
    }

    @Test func badFilesGetOneLineNamingTheFileAndWhatIsWrong() {
        let cases: [(String, String)] = [
            ("{\"gradstep\": 1, \"root\": 0, \"nodes\": [", "g.json:1:38: error: not valid JSON: the file ends where a value was expected"),
            ("{\"gradstep\": 1,, }", "g.json:1:16: error: not valid JSON: expected a \"name\" in the object"),
            ("{\"a\": 1}", "g.json: error: not a graph saved by gradstep_export (no \"gradstep\" key): save one from Python with the module `gradstep exporter` prints"),
            ("{\"gradstep\": 3, \"root\": 0, \"nodes\": []}", "g.json: error: saved in format 3, newer than this gradstep reads (2): update gradstep"),
            // Formats that are no small whole number: once a trap in Int(format).
            ("{\"gradstep\": 1e300, \"root\": 0, \"nodes\": []}", "g.json: error: \"gradstep\" should be the format number, 1 or 2"),
            ("{\"gradstep\": 1e19, \"root\": 0, \"nodes\": []}", "g.json: error: \"gradstep\" should be the format number, 1 or 2"),
            ("{\"gradstep\": Infinity, \"root\": 0, \"nodes\": []}", "g.json: error: \"gradstep\" should be the format number, 1 or 2"),
            ("{\"gradstep\": 1.5, \"root\": 0, \"nodes\": []}", "g.json: error: \"gradstep\" should be the format number, 1 or 2"),
            ("{\"gradstep\": 1, \"root\": 1, \"nodes\": [{\"id\": 1, \"data\": 1, \"op\": \"+\", \"operands\": [7, 1]}]}",
             "g.json: error: value 1 has operand 7, which is not among the values"),
            ("{\"gradstep\": 1, \"root\": 1, \"nodes\": [{\"id\": 1, \"data\": 1, \"op\": \"+\", \"operands\": [2, 2]}, {\"id\": 2, \"data\": 1, \"op\": \"+\", \"operands\": [1, 1]}]}",
             "g.json: error: value 1 depends on itself (a cycle through value 2)"),
            ("{\"gradstep\": 1, \"root\": 1, \"nodes\": [{\"id\": 1, \"data\": \"abc\"}]}",
             "g.json: error: the data of value 1 should be a number, not \"abc\""),
            ("{\"gradstep\": 1, \"root\": 3, \"nodes\": [{\"id\": 1, \"data\": 1}]}", "g.json: error: the root, 3, is not among the values"),
            ("{\"gradstep\": 1, \"root\": 1, \"nodes\": [{\"id\": 1, \"data\": 1}, {\"id\": 1, \"data\": 2}]}", "g.json: error: two values have the id 1"),
            ("{\"gradstep\": 1, \"root\": 1, \"nodes\": [{\"id\": 0, \"data\": 1}, {\"id\": 1, \"data\": 1, \"op\": \"my_sigmoid\", \"operands\": [0]}]}",
             "g.json: error: value 1 has op 'my_sigmoid', which gradstep does not know, and no local_grads to step it with"),
            ("{\"gradstep\": 1, \"root\": 3, \"nodes\": [{\"id\": 0, \"data\": 1}, {\"id\": 3, \"data\": 3, \"op\": \"sum\", \"operands\": [0, 0, 0], \"local_grads\": [1, 1, 1]}]}",
             "g.json: error: value 3 has op 'sum' with 3 operands: gradstep steps ops of one or two operands, as micrograd's are"),
            ("{\"gradstep\": 1, \"root\": 1, \"nodes\": [{\"id\": 0, \"data\": 1}, {\"id\": 1, \"data\": 1, \"op\": \"*\", \"operands\": [0]}],"
                + " \"pass\": {\"calls\": [[1, 1.0, [[5, 0, 1]]]]}}",
             "g.json: error: call 1 of the pass changes value 5, which is not an operand of value 1"),
            ("{\"gradstep\": 1, \"root\": 0, \"nodes\": [{\"id\": 0, \"data\": 1, \"label\": \"\\u001b[2J\"}], \"x\": \"\u{1b}[31m\"}",
             "g.json:1:89: error: not valid JSON: a control character (0x1B) in a string must be escaped"),
        ]
        for (text, message) in cases {
            #expect(error(text) == message, "\(text)")
        }
    }

    @Test func hostileNestingAndSizeAreErrorsNotCrashes() {
        let deep = String(repeating: "[", count: 200_000)
        #expect(error(deep) == "g.json:1:65: error: not valid JSON: nested more than 64 deep")
        let label = "{\"gradstep\": 1, \"root\": 0, \"nodes\": [{\"id\": 0, \"data\": 1, \"label\": \"\\u001b]0;owned\\u0007\"}]}"
        let script = try? load(label)
        #expect(script?.graph.wholeLabel(0) == "\u{1b}]0;owned\u{07}")  // kept as data; every view makes it safe
        #expect(error("{\"gradstep\": 1, \"root\": 0, \"nodes\": [{\"id\": 0, \"data\": 1e999}]}") == nil)
    }

    @Test func savedGraphsAreToldFromScriptsByTheirFirstCharacter() {
        #expect(SavedGraph.looksSaved(Array(" \n {\"gradstep\": 1}".utf8)))
        #expect(SavedGraph.looksSaved([0xEF, 0xBB, 0xBF] + Array("{".utf8)))
        #expect(!SavedGraph.looksSaved(Array("a = Value(2.0)\n".utf8)))
        #expect(!SavedGraph.looksSaved(Array("# {\n".utf8)))
    }
}
