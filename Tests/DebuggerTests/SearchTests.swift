import Foundation
import Testing
@testable import Autograd
@testable import Canvas
@testable import Debugger
@testable import Demos
import Layout
@testable import Script

/// `build_topo`'s search before the pass, as data: the keys, the panes, the frame.
@Suite struct SearchTests {
    private func state(_ demo: String = "two-paths", engine: Engine = .buggy) throws -> DebuggerState {
        let script = try ScriptLoader.load(source: Demo.named(demo)!.source, name: demo)
        return DebuggerState(script: script, engine: engine)
    }

    private func press(_ keys: String, _ s: inout DebuggerState) {
        for key in keys { s.apply(KeyMap.action(for: .character(key), in: s)) }
    }

    private func text(_ s: DebuggerState, _ width: Int = 100, _ height: Int = 30) -> String {
        Screen.render(s, width: width, height: height).lines.joined(separator: "\n")
    }

    /// The words beside the code, unwrapped.
    private func words(_ s: DebuggerState) -> String {
        SearchPane(state: s, search: s.search!).words(width: 1000).map { $0.map(\.0).joined() }.joined(separator: " ")
    }

    @Test func nAndPStepTheSearchAndNGoesOnToTheSeedAfterTheLastAppend() throws {
        var s = try state()
        press("b", &s)
        let events = s.graph.topologicalSearch(from: s.script.root, order: .label)
        #expect(s.searchProgress! == (0, events.count))
        press("nnn", &s)
        #expect(s.searchProgress!.count == 3 && s.runningNode == events[2].node)
        press("p", &s)
        #expect(s.searchProgress!.count == 2)
        press("ppp", &s)
        #expect(s.searchProgress!.count == 0 && s.message?.contains("nothing is visited yet") == true)
        for _ in 0..<events.count { press("n", &s) }
        #expect(s.searchProgress!.count == events.count && s.isSearching)
        press("n", &s)
        // On to step 0 of the pass: the root seeded.
        #expect(!s.isSearching && s.cursor.step == 0 && s.cursor.applied == 1)
        // p at step 0 goes back into the search, at its end.
        press("p", &s)
        let back = try #require(s.searchProgress)
        #expect(back == (events.count, events.count))
    }

    @Test func leavingTheSearchKeepsPredictModeAndAStepOutOfRangeKeepsTheSearch() throws {
        var s = try state()
        press("b", &s)
        s.apply(.goToStep(99))
        #expect(s.isSearching && s.message?.contains("no step 99") == true)
        s.apply(.togglePredict)
        press("G", &s)
        press("n", &s)
        // Step 0's seed is hidden until revealed, as predict mode hides every step's writes.
        #expect(!s.isSearching && s.cursor.step == 0 && text(s).contains("?"))
    }

    @Test func aDeepStackShowsItsInnermostCallsAndHowDeepItIs() throws {
        // A chain 2,000 calls deep: the stack row keeps the innermost calls that fit, after its depth.
        let source = "x0 = Value(1.0, label='x0')\n" + (1...2000).map { "x\($0) = x\($0 - 1) * 1.0; x\($0).label = 'x\($0)'" }.joined(separator: "\n") + "\n"
        var s = DebuggerState(script: try ScriptLoader.load(source: source, name: "deep.py"))
        press("b", &s)
        for _ in 0..<1500 { s.apply(.step) }
        let stack = SearchPane(state: s, search: s.search!).stack(width: 78)
        let depth = s.search!.stack.count - 1
        #expect(stack.hasPrefix("depth \(depth): … › ") && DisplayWidth.of(stack) <= 78, "\(stack)")
        #expect(stack.hasSuffix("build_topo(\(s.graph.title(s.runningNode)))"))
    }

    @Test func theStatusBarOffersOnlyTheKeysTheSearchTakes() throws {
        var s = try state()
        let status = { (s: DebuggerState) in Screen.render(s, width: 120, height: 30).lines.last! }
        #expect(status(s).contains("s write") && status(s).contains("c compare"))
        press("b", &s)
        let words = status(s).split(separator: " ")
        #expect(status(s).contains("n event") && !words.contains("s") && !words.contains("c"), "\(status(s))")
        // The code says which order an unsorted loop is in.
        press("o", &s)
        #expect(text(s).contains("for child in v._prev:  # in operand order"))
    }

    @Test func oStartsTheSearchAgainInTheNextOrder() throws {
        var s = try state()
        press("bnnnn", &s)
        press("o", &s)
        #expect(s.order == .operand && s.searchProgress!.count == 0 && s.message?.contains("build_topo starts again") == true)
        let events = s.graph.topologicalSearch(from: s.script.root, order: .operand)
        press("n", &s)
        #expect(s.runningNode == events[0].node)
    }

    @Test func aPassWrittenByHandHasNoSearch() throws {
        let script = try ScriptLoader.load(source: """
            a = Value(2.0, label='a'); b = a * a; b.label = 'b'
            b.grad = 1.0
            b._backward()
            """, name: "t.py")
        var s = DebuggerState(script: script, order: script.defaultOrder)
        press("b", &s)
        #expect(!s.isSearching && s.message?.contains("no build_topo search") == true)
    }

    @Test func theStepPaneShowsTheCodeTheStackVisitedAndTopo() throws {
        var s = try state()
        press("b", &s)
        // Event 9 of two-paths under label: e's loop calls build_topo(a), already visited.
        for _ in 0..<9 { press("n", &s) }
        let screen = text(s)
        #expect(screen.contains("build_topo(f) › build_topo(e) › build_topo(a)"))
        #expect(screen.contains("▶   if v not in visited:"))
        #expect(screen.contains("visited = {f, d, a, b, e}") && screen.contains("topo = [a, b, d]"))
        #expect(screen.contains("a is already visited: build_topo(a)"))
        #expect(words(s).contains("a is already visited: build_topo(a) (from e) returns at once."))
        #expect(screen.contains("build_topo 9/12") && screen.contains("topo, growing ↓"))
        // The edge followed, e's from a, is the one drawn active.
        let json = FrameJSON.render(s, width: 100, height: 30)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let edges = try #require(object["edges"] as? [[String: Any]])
        let active = edges.filter { $0["active"] as? Bool == true }
        let a = s.graph.nodes.indices.first { s.graph.wholeLabel($0) == "a" }!, e = s.graph.nodes.indices.first { s.graph.wholeLabel($0) == "e" }!
        #expect(!active.isEmpty && active.allSatisfy { $0["from"] as? Int == a && $0["to"] as? Int == e })
        #expect((object["search"] as? [String: Any])?["event"] as? Int == 9)
    }

    @Test func theEndSaysWhatTheOrderThrowsAwayUnderTheBuggyEngine() throws {
        var s = try state()
        press("b", &s)
        for _ in 0..<12 { press("n", &s) }
        #expect(text(s, 120, 40).contains("Under grad =, in this order: a's and b's last writes"))
        #expect(words(s).contains("a's and b's last writes come through d, so what comes through e is thrown away"), "\(words(s))")
        press("e", &s)
        #expect(words(s).contains("Under grad +=, every write adds"))
    }

    @Test(arguments: [(80, 24), (100, 30)]) func everyEventsWordsFitTheScreen(_ size: (Int, Int)) throws {
        var s = try state()
        press("b", &s)
        let events = s.searchProgress!.events
        for k in 0...events {
            let lines = StepPane(state: s).lines(width: size.0)
            let panes = Screen.panes(s, width: size.0, height: size.1)
            #expect(lines.rows.count <= panes.step.height, "event \(k) at \(size)")
            #expect(lines.rows.allSatisfy { row in 1 + row.map { DisplayWidth.of($0.0) }.reduce(0, +) <= size.0 }, "event \(k)")
            press("n", &s)
        }
    }
}
