import Testing
@testable import Autograd
@testable import Canvas
@testable import Debugger
@testable import Demos
import Layout
@testable import Script

/// Every key's effect, as data: KeyMap decodes, `apply` changes the state.
@Suite struct UpdateTests {
    private func state(_ engine: Engine = .buggy) throws -> DebuggerState {
        let script = try ScriptLoader.load(source: """
            a = Value(-2.0, label='a'); b = Value(3.0, label='b')
            d = a * b; d.label = 'd'; e = a + b; e.label = 'e'; f = d * e; f.label = 'f'
            """, name: "t.py")
        return DebuggerState(script: script, engine: engine)
    }

    private func press(_ keys: [Key], _ s: inout DebuggerState) {
        for key in keys { s.apply(KeyMap.action(for: key, in: s)) }
    }

    @Test func stepKeysMoveOneCallAndStopAtTheEnds() throws {
        var s = try state()
        press([.character("n"), .character(" "), .right, .character("l")], &s)
        #expect(s.cursor.step == 4)
        press([.character("n"), .character("n")], &s)
        #expect(s.cursor.step == 5)
        #expect(s.message == "already at the end: step 5 is the last")
        press([.character("p"), .left, .character("h"), .backspace], &s)
        #expect(s.cursor.step == 1)
        press([.character("g")], &s)
        #expect(s.cursor.step == 0)
        press([.character("p")], &s)
        #expect(s.message == "already at the start: step 0 seeds the root")
        press([.end], &s)
        #expect(s.isFinished)
        press([.home], &s)
        #expect(s.cursor == Cursor(step: 0, applied: 1))
    }

    @Test func stepIntoGoesOneWriteAtATimeAndBackUndoesOneWrite() throws {
        var s = try state()
        press([.character("s")], &s)  // f._backward(), first write
        #expect(s.cursor == Cursor(step: 1, applied: 1))
        press([.character("s")], &s)
        #expect(s.cursor == Cursor(step: 1, applied: 2))
        press([.character("s"), .character("s"), .character("s")], &s)
        #expect(s.cursor == Cursor(step: 3, applied: 1))
        #expect(s.grads[0] == 3 && s.grads[1] == -6)
        #expect(s.flash, "an overwrite flashes")
        press([.character("p")], &s)
        #expect(s.cursor == Cursor(step: 2, applied: 2))
        press([.character("s"), .character("n")], &s)
        #expect(s.cursor == Cursor(step: 3, applied: 2), "n finishes the call that step-into entered")
    }

    @Test func engineToggleKeepsTheStep() throws {
        var s = try state()
        press([.character("G"), .character("e")], &s)
        #expect(s.engine == .fixed && s.cursor.step == 5)
        #expect(s.grads[0] == -3 && s.grads[1] == -8)
        press([.character("e")], &s)
        #expect(s.engine == .buggy && s.grads[0] == 3)
    }

    @Test func orderCyclesAndNewSeedsAreReproducible() throws {
        var s = try state()
        press([.character("o")], &s)
        #expect(s.order == .operand)
        press([.character("o")], &s)
        #expect(s.order == .random(seed: 1))
        press([.character("O")], &s)
        #expect(s.order == .random(seed: 2))
        press([.character("o")], &s)
        #expect(s.order == .label)
        // Many new seeds later, the state still steps and toggles correctly (old traces are let go).
        s.apply(.toEnd)
        for _ in 0..<20 { press([.character("O")], &s) }
        #expect(s.order == .random(seed: 20))
        press([.character("e"), .character("e")], &s)
        #expect(s.cursor.step == 5 && s.grads[0] == s.trace.finalGrads[0])
    }

    @Test func promptsNameAFormulaTitledValueAsTheStepPaneDoes() throws {
        let script = try ScriptLoader.load(source: Demo.named("neuron")!.source, name: "neuron")
        var s = DebuggerState(script: script)
        press([.character(":")] + "x1*w1 + x2*w2".map { .character($0) } + [.enter], &s)
        #expect(s.message == "(x1*w1 + x2*w2)._backward() runs at step 3")
        press([.character("/")] + "x1*w1 + x2*w2".map { .character($0) } + [.enter], &s)
        #expect(s.message?.hasPrefix("(x1*w1 + x2*w2)._backward() runs at step 3") == true)
    }

    @Test func promptsGoToStepsAndFindNodes() throws {
        var s = try state()
        press([.character(":"), .character("4"), .character("x"), .enter], &s)
        #expect(s.message == "no step or node '4x'" && s.prompt == nil)
        press([.character(":"), .character("4"), .enter], &s)
        #expect(s.cursor.step == 4 && s.prompt == nil)
        // A name goes to the step where that node's _backward() runs.
        press([.character(":"), .character("E"), .enter], &s)
        #expect(s.cursor.step == 2 && s.message == "e._backward() runs at step 2")
        press([.character(":"), .character("4"), .enter], &s)
        press([.character(":"), .character("7"), .enter], &s)
        #expect(s.message == "no step 7: steps go from 0 to 5")
        press([.character("/"), .character("q"), .escape], &s)
        #expect(s.prompt == nil && s.cursor.step == 4)
        press([.character("/"), .character("e"), .enter], &s)
        #expect(s.message == "e._backward() runs at step 2; grad set at 1")
        #expect(s.highlighted == 3 && s.scroll == nil, "the whole graph is in view: no need to scroll")
        press([.character("/"), .character("a"), .enter], &s)
        #expect(s.message == "a is a leaf (step 5); grad set at 2; overwritten at 3")
        // Whole titles first, ignoring case; then prefixes. Enter goes on to the next match.
        let script = try ScriptLoader.load(source: "ab = Value(1.0)\nA = Value(2.0)\nc = ab * A", name: "t.py")
        var t = DebuggerState(script: script)
        press([.character("/"), .character("a"), .enter], &t)
        #expect(t.findMatches == [1, 0] && t.highlighted == 1)
        #expect(t.message?.hasPrefix("1 of 2: A is a leaf (step 2); grad set at 1") == true)
        press([.enter], &t)
        #expect(t.highlighted == 0 && t.message?.hasPrefix("2 of 2: ab is a leaf") == true)
        press([.tab], &t)
        #expect(t.highlighted == 1)
        press([.character("n")], &t)
        #expect(t.highlighted == nil && t.findMatches.isEmpty, "the highlight lasts until the next key")
        press([.character("f")], &s)
        #expect(s.scroll == nil)
    }

    @Test func theZoomIsFittedAtStartAndAfterEveryResize() throws {
        let script = try ScriptLoader.load(source: Demo.named("neuron")!.source, name: "neuron")
        var s = DebuggerState(script: script)
        s.resize(width: 100, height: 30)
        s.fitZoomToScreen()
        #expect(s.zoom == .record, "the neuron fits 100x30 with its data only in record boxes")
        s.resize(width: 200, height: 60)
        #expect(s.zoom == .full)
        press([.character("-")], &s)
        #expect(s.zoom == .normal, "the user may zoom out")
        s.resize(width: 80, height: 24)
        #expect(s.zoom == .normal, "nothing fits 80x24 whole: normal, following the work")
        s.resize(width: 80, height: 24)
        #expect(s.zoom == .normal)
        // A zoom given on the command line is kept.
        var fixed = DebuggerState(script: script, zoom: .full)
        fixed.resize(width: 100, height: 30)
        #expect(fixed.zoom == .full)
    }

    @Test func overlaysZoomAndAutoplay() throws {
        var s = try state()
        press([.character("?")], &s)
        #expect(s.showingHelp && s.helpPage == 0)
        press([.character("n")], &s)
        #expect(s.showingHelp && s.helpPage == 1, "the legend is the second page")
        press([.character("x")], &s)
        #expect(!s.showingHelp && s.cursor.step == 0, "a key closes help without acting")
        press([.character("c")], &s)
        #expect(s.comparing && s.otherGrads != nil)
        press([.character("t")], &s)
        #expect(s.showingTruth && !s.comparing)
        press([.character("z")], &s)
        #expect(s.zoom == .full)
        press([.character("-"), .character("-"), .character("-")], &s)
        #expect(s.zoom == .compact)
        press([.character("t"), .character("c")], &s)
        #expect(s.comparing && s.zoom == .record, "compare needs room for two numbers")
        press([.character("c")], &s)
        press([.character("a")], &s)
        #expect(s.autoplay)
        s.apply(.tick)
        #expect(s.cursor.step == 1)
        press([.character("]")], &s)
        #expect(s.autoplayInterval == 1)
        press([.character("q")], &s)
        #expect(s.shouldQuit)
    }

    @Test func panningScrollsAndStaysInsideTheGraph() throws {
        // A chain far wider than the pane, so there is room to pan.
        var lines = ["x0 = Value(0.5, label='x0')"]
        for i in 1..<30 { lines.append("x\(i) = (x\(i - 1) * 2).tanh()") }
        var s = DebuggerState(script: try ScriptLoader.load(source: lines.joined(separator: "\n"), name: "chain.py"))
        s.resize(width: 80, height: 24)
        let pane = s.graphPane
        #expect(s.view.layout.width > pane.width + 40)
        // At step 0 the root is in view at the right end; panning left moves the view left by 8 per key.
        press([.character("H")], &s)
        let start = try #require(s.scroll)
        press([.character("H"), .character("H")], &s)
        #expect(s.scroll?.x == start.x - 16)
        press(Array(repeating: .character("L"), count: 200), &s)
        #expect(s.scroll?.x == s.view.layout.width - pane.width, "panning stops at the right edge")
        press(Array(repeating: .character("H"), count: 400), &s)
        #expect(s.scroll?.x == 0, "and at the left edge")
        press([.character("f")], &s)
        #expect(s.scroll == nil)
        // Find scrolls to a node out of view.
        press([.character("/"), .character("x"), .character("0"), .enter], &s)
        let found = try #require(s.scroll)
        let box = s.view.layout.boxes[0]
        #expect(Rect(x: found.x, y: found.y, width: pane.width, height: pane.height).contains(Point(x: box.x, y: box.y)))
        #expect(s.highlighted == 0)
    }
}
