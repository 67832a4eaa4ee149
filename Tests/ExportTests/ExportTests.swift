import Foundation
import Testing
@testable import Autograd
@testable import Export
@testable import Script
import SafeText

@Suite struct ExportTests {
    private func twoPaths() throws -> LoadedScript {
        try ScriptLoader.load(source: """
            a = Value(-2.0, label='a'); b = Value(3.0, label='b')
            d = a * b; d.label = 'd'; e = a + b; e.label = 'e'; f = d * e; f.label = 'f'
            f.backward()
            """, name: "two.py")
    }

    @Test func fullFormatsLikePython() {
        #expect(NumberFormat.full(-6) == "-6.0000")
        #expect(NumberFormat.full(0.70710678) == "0.7071")
        #expect(NumberFormat.full(.nan) == "nan")
        #expect(NumberFormat.full(.infinity) == "inf")
        #expect(NumberFormat.full(-.infinity) == "-inf")
        // An exact zero is never negative on screen; a number too small for four decimals is not
        // zero either (a microgpt's grads): it is written in as many columns, the sign kept.
        #expect(NumberFormat.full(-0.0) == "0.0000" && NumberFormat.short(-0.0) == "0.0")
        #expect(NumberFormat.full(-0.00001) == "-1.0e-5" && NumberFormat.full(0.0000256) == "2.6e-5")
        #expect(NumberFormat.full(0.00005) == "0.0001" && NumberFormat.short(0.0000256) == "2.6e-5")
        #expect(NumberFormat.full(-3.1e-12) == "-3e-12" && NumberFormat.full(1e-300).count <= 7)
        #expect(NumberFormat.sum([0, 0.0000256], equals: 0.0000256) == "0.0 + 2.6e-5 = 2.6e-5")
    }

    @Test func aDisagreementSaysWhereItFirstShowsAndHowOften() throws {
        let graph = try twoPaths().graph
        var found = Verdict.Disagreement(symbol: "*", step: 3, node: 2, target: 0, yours: 3, chainRule: -3, count: 1)
        #expect(found.sentence(graph) == "your _backward() for '*' disagrees with the chain rule (a.grad 3.0; chain rule -3.0) at step 3")
        found.count = 2
        #expect(found.sentence(graph).hasSuffix("at step 3, the first of its 2 writes that do"))
    }

    @Test func aSumIsWrittenInTheScreensDecimalsApproximateWhereTheyDoNotAddUp() {
        #expect(NumberFormat.sum([-6, 3], equals: -3) == "-6.0 + 3.0 = -3.0")
        #expect(NumberFormat.sum([-6, -2], equals: -8) == "-6.0 - 2.0 = -8.0")
        #expect(NumberFormat.sum([0.1991, 0.2603], equals: 0.1991 + 0.2603) == "0.1991 + 0.2603 = 0.4594")
        // -0.1036 + 0.1464 is 0.0428, but the true sum rounds to 0.0429: the screen's numbers, and ≈.
        #expect(NumberFormat.sum([-0.1035534, 0.1464466], equals: 0.0428932) == "-0.1036 + 0.1464 ≈ 0.0429")
    }

    @Test func textTraceShowsEveryWriteAndTheVerdict() throws {
        let script = try twoPaths()
        let trace = Trace(graph: script.graph, root: script.root, engine: .buggy)
        let text = TraceText.render(script.graph, trace, name: "two.py", numeric: script.graph.numericGradients(of: script.root))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("step 3  d._backward()  d = a * b"))
        #expect(lines.contains("  a.grad  -6.0000 -> 3.0000  (= overwrite, lost -6.0000)"))
        #expect(lines.contains("  d.grad  0.0000 -> 1.0000  (= overwrite)"))
        #expect(lines.contains("step 5  a._backward()  leaf: writes nothing"))
        #expect(lines.contains { $0.hasPrefix("a ") && $0.contains("3.0000") && $0.contains("-3.0000") && $0.hasSuffix("WRONG") })
        #expect(lines.contains("2 of 2 leaf grads are wrong under the buggy engine"))

        let fixedTrace = Trace(graph: script.graph, root: script.root, engine: .fixed)
        let fixedText = TraceText.render(script.graph, fixedTrace, name: "two.py", numeric: script.graph.numericGradients(of: script.root))
        #expect(fixedText.contains("  a.grad  -6.0000 -> -3.0000  (+= 3.0000)"))
        #expect(fixedText.contains("every leaf grad is correct"))
        #expect(!fixedText.contains("WRONG"))
    }

    @Test func jsonIsTheDocumentedContract() throws {
        let script = try twoPaths()
        let trace = Trace(graph: script.graph, root: script.root, engine: .buggy, order: .random(seed: 5))
        let json = TraceJSON.render(script.graph, trace, numeric: script.graph.numericGradients(of: script.root))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["engine"] as? String == "buggy")
        #expect(object["order"] as? String == "random")
        #expect(object["seed"] as? Int == 5)
        #expect(object["root"] as? Int == 4)
        let nodes = try #require(object["nodes"] as? [[String: Any]])
        #expect(nodes.count == 5)
        #expect(nodes[2]["op"] as? String == "*")
        #expect(nodes[2]["children"] as? [Int] == [0, 1])
        #expect(nodes[0]["op"] as? String == "")
        #expect(nodes[0]["label"] as? String == "a")
        #expect(nodes[0]["name"] as? String == "a")
        #expect(nodes[0]["data"] as? Double == -2)
        #expect(nodes[0]["correct"] as? Double == -3)
        #expect(object["topo"] as? [Int] == trace.topo)
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.count == 6)
        #expect(steps[0]["node"] as? Int == 4)
        let firstWrites = try #require(steps[0]["writes"] as? [[String: Any]])
        #expect(firstWrites.first?["after"] as? Double == 1)
        #expect(firstWrites.first?["lost"] is NSNull)
    }

    @Test func jsonCarriesNonFiniteNumbersAsStrings() throws {
        let script = try ScriptLoader.load(source: "x = Value(0.0, label='x')\ny = 1 / x", name: "inf.py")
        let trace = Trace(graph: script.graph, root: script.root, engine: .fixed)
        let json = TraceJSON.render(script.graph, trace, numeric: script.graph.numericGradients(of: script.root))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let nodes = try #require(object["nodes"] as? [[String: Any]])
        #expect(nodes.contains { $0["data"] as? String == "inf" })
    }

    @Test func jsonStringsAreEscaped() {
        #expect(TraceJSON.string("a\"b\\c\n\u{1B}") == #""a\"b\\c\n\u001b""#)
    }

    @Test func dotDrawsOneEdgePerOperandSlot() throws {
        let script = try ScriptLoader.load(source: "a = Value(3.0, label='a')\nb = a + a; b.label = 'b'", name: "aa.py")
        let trace = Trace(graph: script.graph, root: script.root, engine: .fixed)
        let dot = GraphDOT.render(script.graph, grads: trace.finalGrads)
        #expect(dot.hasPrefix("digraph {\n\tgraph [rankdir=LR]\n"))
        #expect(dot.contains(#"[label="{ a | data 3.0000 | grad 2.0000 }" shape=record]"#))
        #expect(dot.contains(#""v1op" [label="+"]"#))
        #expect(dot.components(separatedBy: "\"v0\" -> \"v1op\"").count - 1 == 2)
    }

    @Test func dotEscapesRecordSyntaxInLabels() {
        #expect(GraphDOT.escape("x1*w1 | {b} <c> \"q\"") == #"x1*w1 \| \{b\} \<c\> \"q\""#)
    }

    /// Labels that try to clear the screen, retitle the window, fake a line with a carriage
    /// return, start a C1 control sequence or reverse the text.
    private let hostile = """
        a = Value(1.0, label='\\x1b[2J\\x1b]0;pwned\\x07')
        b = Value(2.0, label='\\ra.grad = 42 (correct)')
        c = Value(3.0, label='\\u009b31m \\u202eevil \\u2066x\\x7f')
        d = a * b + c
        d.backward()
        """

    /// Whether any character of `text` could steer a terminal (newlines and tabs of the layout aside).
    private func hasRawControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 != "\n" && $0 != "\t" && SafeText.isUnsafe($0) }
    }

    @Test func noLabelReachesTheTerminalRawInTextOrDot() throws {
        let script = try ScriptLoader.load(source: hostile, name: "evil\u{1B}[2J.py")
        for engine in Engine.rules {
            let trace = Trace(graph: script.graph, root: script.root, engine: engine)
            let text = TraceText.render(script.graph, trace, name: script.name, numeric: script.graph.numericGradients(of: script.root))
            #expect(!hasRawControl(text), "trace text")
            #expect(text.contains(#"\x1b[2J\x1b]0;pwned\x07"#) && text.contains(#"\ra.grad = 42"#) && text.contains(#"\x9b31m \u202eevil"#))
            #expect(text.hasPrefix(#"gradstep trace: evil\x1b[2J.py"#))
            let dot = GraphDOT.render(script.graph, grads: trace.finalGrads)
            #expect(!hasRawControl(dot), "dot")
        }
    }

    @Test func aHugeLabelIsCutOnceAtLoadAndKeptWholeInJSON() throws {
        let label = String(repeating: "x", count: 3_000_000)
        let script = try ScriptLoader.load(source: "a = Value(2.0, label='\(label)')\nb = a * a\nb.backward()\n", name: "big.py")
        let a = try #require(script.graph.nodes.indices.first { script.graph.wholeLabel($0) == label })
        #expect(script.graph[a].label == String(repeating: "x", count: SafeText.shownCharacters - 1) + "…")
        let trace = Trace(graph: script.graph, root: script.root, engine: .fixed)
        let text = TraceText.render(script.graph, trace, name: "big.py", numeric: script.graph.numericGradients(of: script.root))
        #expect(text.utf8.count < 20 * SafeText.shownCharacters, "trace text shows the cut label")
        let json = TraceJSON.render(script.graph, trace, numeric: script.graph.numericGradients(of: script.root))
        #expect(json.contains("\"label\": \"\(label)\""), "JSON keeps the whole label")
        // Graphviz refuses labels of 16 KB: dot cuts them, with an ellipsis.
        let dot = GraphDOT.render(script.graph, grads: trace.finalGrads)
        #expect(dot.split(separator: "\n").allSatisfy { $0.utf8.count < 4 * GraphDOT.labelBytes })
        #expect(dot.contains("x…"))
    }

    @Test func combiningMarksAreCappedPerCharacter() {
        let piled = "e" + String(repeating: "\u{301}", count: 200_000) + "f"
        let shown = SafeText.shown(piled)
        #expect(shown.unicodeScalars.count == SafeText.scalarsPerCharacter + 1)
        #expect(shown.count == 2 && shown.hasSuffix("f"))
        // Unsafe characters are written out as everywhere; a family emoji keeps all of itself.
        #expect(SafeText.shown("a\u{1B}[2J") == #"a\x1b[2J"#)
        #expect(SafeText.shown("👨‍👩‍👧‍👦") == "👨‍👩‍👧‍👦")
    }

    @Test func textForANonUTF8TerminalIsASCII() {
        #expect(SafeText.asciiOnly("é→x ok") == #"\u00e9\u2192x ok"#)
        #expect(SafeText.asciiOnly("\u{1F600}") == #"\u1f600"#)
        #expect(SafeText.asciiOnly("plain") == "plain")
    }

    @Test func jsonEscapesEveryUnsafeCharacterAndRoundTrips() throws {
        let script = try ScriptLoader.load(source: hostile, name: "evil.py")
        let trace = Trace(graph: script.graph, root: script.root, engine: .fixed)
        let json = TraceJSON.render(script.graph, trace, numeric: script.graph.numericGradients(of: script.root))
        #expect(!hasRawControl(json))
        #expect(json.contains(#"\u009b31m \u202eevil \u2066x\u007f"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let labels = (object["nodes"] as? [[String: Any]])?.compactMap { $0["label"] as? String }
        #expect(labels?.contains("\u{9B}31m \u{202E}evil \u{2066}x\u{7F}") == true, "the label round-trips exactly")
    }

    @Test func scriptErrorsShowTheLineSafelyWithTheCaretInPlace() {
        do {
            _ = try ScriptLoader.load(bytes: Array("a = Value(1.0)\n\u{7F}\u{9B}b = a ** a\n".utf8), name: "bad\u{1B}.py")
            Issue.record("loaded")
        } catch {
            let report = error.description
            #expect(!hasRawControl(report))
            #expect(report.hasPrefix(#"bad\x1b.py:2:1: error: "#))
            #expect(report.contains(#"\x7f\x9bb = a ** a"#))
        }
    }

    @Test func jsonCarriesTheTitleTheScreenShows() throws {
        let script = try ScriptLoader.load(source: "e = Value(2.0, label='e')\no = (e - 1) / (e + 1)", name: "t.py")
        let trace = Trace(graph: script.graph, root: script.root, engine: .fixed)
        let json = TraceJSON.render(script.graph, trace, numeric: script.graph.numericGradients(of: script.root))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let titles = (object["nodes"] as? [[String: Any]])?.compactMap { $0["title"] as? String } ?? []
        #expect(titles.contains("(e + 1)**-1") && titles.contains("e - 1") && titles.contains("o"))
        let dot = GraphDOT.render(script.graph, grads: trace.finalGrads)
        #expect(dot.contains("{ e - 1 | data"))
    }
}
