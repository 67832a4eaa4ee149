import Foundation
import Testing
@testable import Autograd
@testable import Script
@testable import Demos

/// Loads `source`, failing the test with the diagnostic if it does not load.
func load(_ source: String) throws -> LoadedScript {
    try ScriptLoader.load(source: source, name: "t.py")
}

/// The node titled `title` in a loaded script.
func node(_ script: LoadedScript, _ title: String) -> NodeID? {
    script.graph.nodes.indices.first { script.graph.title($0) == title }
}

/// The lecture's manual cells: the neuron demo without its backward(), then the pass by hand.
let lectureManualCells = Demo.named("neuron")!.source.replacingOccurrences(of: "o.backward()", with: "draw_dot(o)") + """

    o.grad = 1.0
    o._backward()
    n._backward()
    b._backward()
    x1w1x2w2._backward()
    x2w2._backward()
    x1w1._backward()
    print(x1.grad, w1.grad)
    """

@Suite struct ScriptLoaderTests {
    @Test func theLecturesManualBackwardCellsAreAPassOfTheirOwn() throws {
        let script = try load(lectureManualCells)
        let pass = try #require(script.pass)
        let g = script.graph
        #expect(pass.seeds == [ScriptedPass.Seed(node: script.root, value: 1)])
        #expect(pass.calls.map(g.title) == ["o", "n", "b", "x1*w1 + x2*w2", "x2*w2", "x1*w1"])
        #expect(script.defaultOrder == .script)
        let trace = Trace(graph: g, root: script.root, engine: .fixed, order: .script, pass: pass)
        #expect(trace.steps.map(\.node) == [script.root] + pass.calls)
        for (title, grad) in [("x1", -1.5), ("w1", 1.0), ("x2", 0.5), ("w2", 0.0), ("b", 0.5)] {
            #expect(abs(trace.finalGrads[node(script, title)!] - grad) < 1e-9, "\(title).grad")
        }
        #expect(Verdict(g, trace).wrong.isEmpty && Verdict(g, trace).early.isEmpty)
        // Without the calls, the same script is an ordinary one.
        let plain = try load(lectureManualCells.split(separator: "\n").filter { !$0.contains("_backward") }.joined(separator: "\n"))
        #expect(plain.pass == nil && plain.defaultOrder == .label)
    }

    @Test func callsMadeTooEarlyAreWrongEvenUnderPlusEquals() throws {
        // x1*w1 + x2*w2 runs before n has passed its grad down; it is never called again.
        let source = lectureManualCells
            .replacingOccurrences(of: "o._backward()\nn._backward()", with: "o._backward()\nx1w1x2w2._backward()\nn._backward()")
            .replacingOccurrences(of: "b._backward()\nx1w1x2w2._backward()", with: "b._backward()")
        let script = try load(source)
        let trace = Trace(graph: script.graph, root: script.root, engine: .fixed, order: .script, pass: script.pass)
        let verdict = Verdict(script.graph, trace)
        #expect(verdict.early.count == 1 && verdict.early[0].step == 2)
        #expect(script.graph.title(verdict.early[0].consumer) == "n")
        // b is right; the rest missed n's share (w2's correct grad is 0, as x2 is 0, so it looks right).
        #expect(Set(verdict.wrong.map(script.graph.title)) == ["x1", "w1", "x2"])
    }

    @Test func valuesWithNoNameAreTitledByTheTextThatMadeThem() throws {
        let script = try load("""
            e = Value(2.0, label='e')
            o = (e  -  1)/(e+1)
            q = (o * e).tanh() + -e
            q.backward()
            """)
        let titles = script.graph.nodes.indices.map(script.graph.title)
        for title in ["e - 1", "e + 1", "(e + 1)**-1", "o", "o * e", "(o * e).tanh()", "-e", "q"] {
            #expect(titles.contains(title), "no node titled '\(title)' in \(titles)")
        }
        #expect(!titles.contains { $0.hasPrefix("#") })
        // A 40,000-term sum on one line: titles are cut, so they cost no more than the line.
        let long = try load("a = Value(1.0)\nb = " + Array(repeating: "a", count: 40_000).joined(separator: " + "))
        #expect(long.graph.nodes.indices.allSatisfy { long.graph.title($0).count <= 61 })
    }

    @Test func aLectureCellWithPrintMathAndDataReads() throws {
        let script = try load("""
            import math
            print("building the neuron (x, y)")
            x1 = Value(2.0, label='x1'); print(x1)
            b = Value(math.exp(1.0), label='b')
            c = Value(math.pi * 2 + math.e + math.tanh(0.5) + math.log(1.0) + math.sqrt(4.0), label='c')
            k = c.data * 0.5
            d = x1 * k + b; d.label = 'd'
            print(f"d = {d.data:.4f}", (1, [2, {3: ")"}]),
                  "a print may span lines")
            d.backward()
            """)
        let g = script.graph
        #expect(g[node(script, "b")!].data == M_E)
        let c = 2 * Double.pi + M_E + tanh(0.5) + 0 + 2
        #expect(g[script.root].data == 2 * (c * 0.5) + M_E)
        // `k` is a number read from c.data: a constant leaf, not an edge from c, which d does not depend on.
        #expect(g.nodes.contains { $0.constant?.value == c * 0.5 })
        #expect(node(script, "c") == nil)
        #expect(g.title(script.root) == "d")
    }

    @Test func reboundNamesGetShortTitlesHoweverOftenTheyAreRebound() throws {
        var lines = ["x = Value(0.5)"]
        for _ in 0..<8_000 { lines.append("x = x * 1.0001") }
        let script = try load(lines.joined(separator: "\n"))
        let titles = Set(script.graph.nodes.indices.map(script.graph.title))
        #expect(["x", "x'", "x''", "x'3", "x'4", "x'8000"].allSatisfy(titles.contains))
        // Every title is short: all of them together grow with the lines, not with their square.
        #expect(script.graph.nodes.indices.map { script.graph.title($0).count }.max()! <= 6)
    }

    @Test func assignmentsLabelsAndBackwardBuildTheGraph() throws {
        let script = try load("""
            from micrograd.engine import Value
            import math
            a = Value(-2.0, label='a')
            b = Value(data=3.0)
            d = a * b; d.label = "d"
            d.backward()
            """)
        #expect(script.graph.count == 3)
        #expect(script.graph.nodes.map(\.label) == ["a", "", "d"])
        #expect(script.graph.nodes.map(\.name) == ["a", "b", "d"])
        #expect(script.graph[script.root].data == -6)
        #expect(script.graph.title(1) == "b")
    }

    @Test func powerBindsTighterThanUnaryMinusAndAssociatesRight() throws {
        let negSquare = try load("a = Value(3.0)\ny = -a**2")
        #expect(negSquare.graph[negSquare.root].data == -9)
        let tower = try load("a = Value(2.0)\ny = a**3**2")
        #expect(tower.graph[tower.root].data == 512)
        #expect(tower.graph[tower.root].op == .pow(Number(9, isInteger: true)))
        let grouped = try load("a = Value(2.0)\ny = (a + 1) * 3 - 4 / 2")
        #expect(grouped.graph[grouped.root].data == 7)
        let negativeExponent = try load("a = Value(4.0)\ny = a ** -0.5")
        #expect(negativeExponent.graph[negativeExponent.root].data == 0.5)
    }

    @Test func rootIsTheLastBackwardElseDrawDotElseTheLastAssignment() throws {
        let lastBackward = try load("a = Value(1.0)\nb = a + 1\nc = b * 2\nb.backward()\nc.backward()\nx = c + 1")
        #expect(lastBackward.graph[lastBackward.root].data == 4)
        let drawDot = try load("a = Value(1.0)\nb = a + 1\nc = b * 2\ndraw_dot(b)")
        #expect(drawDot.graph[drawDot.root].data == 2)
        let lastAssigned = try load("a = Value(1.0)\nb = a + 1\nc = b * 2\nk = 3")
        #expect(lastAssigned.graph[lastAssigned.root].data == 4)
    }

    @Test func onlyWhatTheRootDependsOnIsKept() throws {
        let script = try load("a = Value(1.0)\nunused = Value(7.0) * 2\nb = a.tanh()\nb.backward()")
        #expect(script.graph.count == 2)
        #expect(script.root == 1)
    }

    @Test func augmentedAssignmentRebindsToANewNode() throws {
        let script = try load("c = Value(1.0)\nc += c + 1\nc -= 1\nc *= 2\nc /= 4")
        // ((1 + (1 + 1)) - 1) * 2 / 4
        #expect(script.graph[script.root].data == 1)
        #expect(script.graph.nodes.filter { $0.name == "c" }.count == 5)
    }

    @Test func semicolonsCommentsCRLFAndBracketsSpanningLines() throws {
        let script = try load("a = Value(2.0)  # a leaf\r\n\r\n# comment line\r\nb = (a *\r\n     a); b.label = 'b';\r\nb.backward()\r\n")
        #expect(script.graph[script.root].label == "b")
        #expect(script.graph[script.root].data == 4)
        let continued = try load("a = Value(2.0)\nb = a + \\\n  a")
        #expect(continued.graph[continued.root].operands == [0, 0])
    }

    @Test func stringsUsePythonEscapes() throws {
        let script = try load(#"a = Value(1.0, label='it\'s \x41\u00e9\t\\'); b = Value(2.0, label=r'\n'); c = a + b"#)
        #expect(script.graph.wholeLabel(0) == "it's Aé\t\\")
        #expect(script.graph[1].label == #"\n"#)
    }

    @Test func numbersInEveryPythonSpelling() throws {
        let script = try load("a = Value(1_000) + Value(.5) + Value(2.) + Value(1e-3) + Value(0x10) + Value(0b11) + Value(1E2)")
        #expect(script.graph[script.root].data == 1000 + 0.5 + 2 + 0.001 + 16 + 3 + 100)
    }

    @Test func nonFiniteResultsAreCarried() throws {
        let script = try load("x = 1 / Value(0.0)")
        #expect(script.graph[script.root].data == .infinity)
        let nan = try load("x = (Value(-1.0) ** 0.5)")
        #expect(nan.graph[nan.root].data.isNaN)
    }

    @Test func methodsAndConstantTitles() throws {
        let script = try load("x = Value(0.5)\ny = x.tanh() + x.exp() + x.relu() + 2 * x")
        let ops = script.graph.nodes.map(\.op.symbol)
        #expect(ops.contains("tanh") && ops.contains("exp") && ops.contains("ReLU"))
        #expect(node(script, "2") != nil)
    }

    @Test func sigmoidIsBuiltIn() throws {
        let script = try load("x = Value(0.5, label='x')\nh = x * 2\ny = h.sigmoid(); y.label = 'y'\ny.backward()")
        let y = try #require(node(script, "y"))
        let s = 1 / (1 + Foundation.exp(-1.0))
        #expect(script.graph[y].op == .sigmoid && script.graph[y].data == s)
        #expect(script.graph.formula(y) == "sigmoid(h)")
        // The fixed engine's grad, against micrograd's s·(1-s) and against finite differences.
        let x = try #require(node(script, "x"))
        let fixed = Trace(graph: script.graph, root: script.root, engine: .fixed)
        #expect(abs(fixed.finalGrads[x] - 2 * s * (1 - s)) < 1e-12)
        let numeric = try #require(script.graph.numericGradients(of: script.root)[x])
        #expect(abs(numeric - fixed.finalGrads[x]) < 1e-6)
    }

    @Test func demoScriptFromTheLectureCellPastesUnchanged() throws {
        let cell = """
            a = Value(-2.0, label='a'); b = Value(3.0, label='b'); d = a * b; d.label = 'd'; e = a + b; e.label = 'e'; f = d * e; f.label = 'f'
            f.backward()
            draw_dot(f)
            """
        let script = try load(cell)
        #expect(script.graph.nodes.map(\.label) == ["a", "b", "d", "e", "f"])
    }
}
