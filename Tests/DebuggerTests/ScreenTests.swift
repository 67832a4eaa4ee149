import Testing
@testable import Autograd
@testable import Canvas
@testable import Debugger
@testable import Layout
@testable import Script

/// What the screen must show, checked as text and styles rather than whole frames.
@Suite struct ScreenTests {
    private func state(_ source: String, engine: Engine = .buggy, step: Int = 0, glyphs: Glyphs = .unicode) throws -> DebuggerState {
        DebuggerState(script: try ScriptLoader.load(source: source, name: "t.py"), engine: engine, glyphs: glyphs, step: step)
    }

    private let twoPaths = """
        a = Value(-2.0, label='a'); b = Value(3.0, label='b')
        d = a * b; d.label = 'd'; e = a + b; e.label = 'e'; f = d * e; f.label = 'f'
        f.backward()
        """

    /// The cells of `grid` holding `text` on some row: (x, y) of its first character.
    private func find(_ text: String, in grid: Grid) -> (x: Int, y: Int)? {
        for (y, line) in grid.lines.enumerated() {
            if let range = line.range(of: text) { return (line.distance(from: line.startIndex, to: range.lowerBound), y) }
        }
        return nil
    }

    @Test func headerNamesTheEngineInWordsAndSymbol() throws {
        let buggy = Screen.render(try state(twoPaths), width: 100, height: 30)
        #expect(buggy.lines[0].contains("BUGGY  grad = "))
        let at = find("BUGGY", in: buggy)!
        #expect(buggy[at.x, at.y].style == Style(.buggy, bold: true, reverse: true))
        let fixed = Screen.render(try state(twoPaths, engine: .fixed, step: 2), width: 100, height: 30)
        #expect(fixed.lines[0].contains("FIXED  grad += "))
        #expect(fixed.lines[0].contains("step 2/5"))
        #expect(fixed.lines[0].contains("order: label"))
    }

    @Test func tallScreensWriteTheEngineInBlockLetters() throws {
        #expect(BannerFont.render("BUGGY =") == [
            "█▀▄ █ █ █▀▀ █▀▀ █ █     ▄▄▄",
            "█▀▄ █ █ █ █ █ █  █      ▄▄▄",
            "▀▀  ▀▀▀ ▀▀▀ ▀▀▀  ▀         ",
        ])
        #expect(BannerFont.render("FIXED +=").allSatisfy { DisplayWidth.of($0) == BannerFont.width("FIXED +=") })
        let tall = Screen.render(try state(twoPaths), width: 120, height: 40)
        #expect(tall.lines[0].hasPrefix(" █▀▄ █ █ █▀▀"))
        #expect(tall.lines[0].contains("BUGGY  grad ="))
        let at = find("█▀▄", in: tall)!
        #expect(tall[at.x, at.y].style == Style(.buggy, bold: true))
        // Not on small screens, and never in ASCII.
        #expect(Screen.render(try state(twoPaths), width: 100, height: 30).lines[0].hasPrefix(" gradstep"))
        #expect(Screen.render(try state(twoPaths, glyphs: .ascii), width: 120, height: 40).lines[0].hasPrefix(" gradstep"))
    }

    @Test func overwrittenValuesAreMarkedWithAWordNotOnlyAColour() throws {
        let grid = Screen.render(try state(twoPaths, step: 3), width: 100, height: 30)
        let tags = grid.lines.filter { $0.contains(" LOST ") }
        #expect(tags.count == 2)  // a and b
        let at = find(" LOST ", in: grid)!
        #expect(grid[at.x + 1, at.y].style.role == .lost)
        #expect(grid[at.x + 1, at.y].style.reverse)
        let fixed = Screen.render(try state(twoPaths, engine: .fixed, step: 3), width: 100, height: 30)
        #expect(fixed.lines.filter { $0.contains(" += ┐") }.count == 2)
        #expect(!fixed.lines.contains { $0.contains("LOST") })
    }

    @Test func runningNodeIsDrawnDifferentlyAndItsIncomingEdgesAreHeavy() throws {
        let grid = Screen.render(try state(twoPaths, step: 3), width: 100, height: 30)
        // d runs at step 3: its box has the double border, and two heavy arrows come in.
        // (The op's wall inside it is single, as its ends `╤` `╧` are.)
        #expect(grid.lines.contains { $0.contains("╔═══╤") } && grid.lines.contains { $0.contains("║   │ d ") })
        let heavy = grid.cells.filter { $0.style.role == .activeEdge }
        #expect(heavy.contains { $0.text == "━" })
        #expect(heavy.filter { $0.text == "▶" }.count == 2)
        let ascii = Screen.render(try state(twoPaths, step: 3, glyphs: .ascii), width: 100, height: 30)
        #expect(ascii.lines.contains { $0.contains("#===") })
        #expect(ascii.cells.allSatisfy { $0.text.unicodeScalars.allSatisfy(\.isASCII) })
    }

    @Test func stepPaneShowsTheSeedsPythonWithItsNumbers() throws {
        let grid = Screen.render(try state(twoPaths, step: 3), width: 120, height: 40)
        let text = grid.lines.joined(separator: "\n")
        #expect(text.contains("d._backward()   d = a * b"))
        #expect(text.contains("self.grad = other.data * out.grad   a.grad: -6.0000 → 3.0000   OVERWRITTEN: lost -6.0000"))
        #expect(text.contains("other.grad = self.data * out.grad   b.grad: -6.0000 → -2.0000"))
        let fixed = Screen.render(try state(twoPaths, engine: .fixed, step: 3), width: 120, height: 40).lines.joined(separator: "\n")
        #expect(fixed.contains("self.grad += other.data * out.grad   a.grad: -6.0000 → -3.0000   accumulated +3.0000"))
        // The lecture's lines for + and tanh too.
        #expect(StepPane.code(.add, slot: 1, engine: .buggy) == "other.grad = 1.0 * out.grad")
        #expect(StepPane.code(.tanh, slot: 0, engine: .buggy) == "self.grad = (1 - t**2) * out.grad")
    }

    @Test func narrationSaysWhatWasLostAndWhereItCameFrom() throws {
        var s = try state(twoPaths, step: 3)
        s.move(to: Cursor(step: 3, applied: 1))
        #expect(StepPane(state: s).narration() == "d._backward() set a.grad = 3.0: the -6.0 that came through e is lost; under += a.grad would be -6.0 + 3.0 = -3.0.")
        let header = Screen.render(s, width: 100, height: 30).lines[0]
        #expect(header.contains("step 3/5  write 1/2"))
        let aa = try state("a = Value(3.0, label='a')\nb = a + a; b.label = 'b'", step: 1)
        // One grad written twice is told once, with what += would have made of it.
        #expect(StepPane(state: aa).narration() == "b._backward() set a.grad = 1.0, then 1.0: the 1.0 from its other operand slot is lost; under += a.grad would be 1.0 + 1.0 = 2.0.")
        let fixed = try state(twoPaths, engine: .fixed, step: 3)
        #expect(StepPane(state: fixed).narration() == "d._backward() added 3.0 to a.grad (-6.0 + 3.0 = -3.0) and -2.0 to b.grad (-6.0 - 2.0 = -8.0).")
        let whole = try state(twoPaths, step: 3)
        #expect(StepPane(state: whole).narration() == "d._backward() set a.grad = 3.0 and b.grad = -2.0: the -6.0 and -6.0 that came through e are lost; under += a.grad would be -6.0 + 3.0 = -3.0 and b.grad -6.0 - 2.0 = -8.0.")
    }

    @Test func verdictAtTheEndNamesTheWrongLeavesWithTheCorrectValues() throws {
        let s = try state(twoPaths, step: 5)
        let text = Screen.render(s, width: 80, height: 24).lines.joined(separator: "\n")
        #expect(text.contains("Done: 2 of 2 leaf grads are wrong under grad ="))
        #expect(text.contains("a.grad      3.0000   correct    -3.0000"))
        let fixed = Screen.render(try state(twoPaths, engine: .fixed, step: 5), width: 80, height: 24).lines.joined(separator: "\n")
        #expect(fixed.contains("Done: every leaf grad is correct under grad +="))
    }

    @Test func topoListNumbersEachNodeByTheStepItRunsAtAndMarksDoneRunningAndPending() throws {
        let grid = Screen.render(try state(twoPaths, step: 3), width: 100, height: 30)
        let lines = grid.lines.map { $0.split(separator: "│").last.map(String.init) ?? "" }
        #expect(lines.contains { $0.hasPrefix("▶ 3 d") })
        #expect(lines.contains { $0.hasPrefix("✓ 1 f") })
        #expect(lines.contains { $0.hasPrefix("  5 a") })
    }

    @Test func theTopoListTakesTheWidthItsRowsNeedAndCanBeHidden() throws {
        var s = try state(twoPaths)
        s.resize(width: 120, height: 40)
        // `▶ 5 d  *`: mark and space, one digit, a space, the one-letter titles, a space, the op.
        #expect(Screen.panes(s, width: 120, height: 40).topo.width == TopoPane.minimumWidth)
        let wide = try state("a = Value(1.0, label='a rather long title')\nb = a * a")
        #expect(Screen.panes(wide, width: 120, height: 40).topo.width == 2 + 1 + 1 + NodeBox.titleLimit + 1 + 1)
        s.apply(.toggleTopo)
        #expect(Screen.panes(s, width: 120, height: 40).topo.width == 0)
        #expect(Screen.panes(s, width: 120, height: 40).graph.width == 120)
        #expect(!Screen.render(s, width: 120, height: 40).lines.joined().contains("topo, walked"))
    }

    @Test func labelsAreMadeSafeMeasuredAndCut() throws {
        let source = """
            a = Value(1.0, label='evil\\x1b[2J\\x07')
            b = Value(2.0, label='数据')
            c = Value(3.0, label='a label far too long for any box')
            d = a * b + c
            """
        let labelled = try state(source, step: 1)
        let grid = Screen.render(labelled, width: 120, height: 40)
        #expect(!grid.cells.contains { $0.text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } })
        let text = grid.lines.joined(separator: "\n")
        #expect(text.contains(#"evil\x1b[2J\x07"#))
        #expect(text.contains("a label far too…"))
        // The wide label takes four columns, so its box's right side stays in line.
        let graphPane = Screen.panes(labelled, width: 120, height: 40).graph
        let y = (0..<grid.height).first { y in (0..<graphPane.maxX).contains { grid[$0, y].text == "数" } }!
        let x = (0..<graphPane.maxX).first { grid[$0, y].text == "数" }!
        #expect(grid[x + 1, y].text == "" && grid[x + 2, y].text == "据")
        let right = (x..<grid.width).first { grid[$0, y].text == "│" }!
        #expect(grid[right, y - 1].text == "┐", "the box's top-right corner stands above its right side")
        #expect(["│", "├", "║", "╟"].contains(grid[right, y + 1].text))
    }

    @Test func anASCIIScreenIsPureASCIIWhateverTheLabels() throws {
        let source = """
            a = Value(1.0, label='café 数据 🙂')
            b = Value(2.0, label='a label far too long for any box')
            c = a * b
            """
        for step in 0...3 {
            let grid = Screen.render(try state(source, step: step, glyphs: .ascii), width: 100, height: 30)
            #expect(grid.cells.allSatisfy { $0.text.unicodeScalars.allSatisfy(\.isASCII) })
            #expect(grid.lines.allSatisfy { $0.count == 100 }, "rows keep their width")
        }
        let text = Screen.render(try state(source, step: 3, glyphs: .ascii), width: 100, height: 30).lines.joined()
        #expect(text.contains("caf? ???? ??"))
        #expect(text.contains("a label far too."))
    }

    @Test func aHandWrittenPassIsSteppedInItsOwnOrderAndEarlyCallsAreNamed() throws {
        let source = """
            a = Value(-2.0, label='a'); b = Value(3.0, label='b')
            d = a * b; d.label = 'd'; e = a + b; e.label = 'e'; f = d * e; f.label = 'f'
            f.grad = 1.0
            f._backward()
            d._backward()
            e._backward()
            """
        let script = try ScriptLoader.load(source: source, name: "manual.py")
        var s = DebuggerState(script: script, engine: .fixed, order: script.defaultOrder)
        #expect(s.order == .script && s.lastStep == 3)
        let start = Screen.render(s, width: 100, height: 30).lines.joined(separator: "\n")
        #expect(start.contains("order: script") && start.contains("The script sets f.grad = 1.0, then calls _backward() by hand"))
        s.apply(.goToStep(3))
        // e._backward() is the last call, and the right one; the result is correct under +=.
        #expect(s.grads[0] == -3 && s.grads[1] == -8)
        // Called before f, d misses f's share: the words say so.
        let early = try ScriptLoader.load(source: source.replacingOccurrences(of: "f._backward()\nd._backward()", with: "d._backward()\nf._backward()"), name: "m.py")
        var t = DebuggerState(script: early, engine: .fixed, order: early.defaultOrder)
        t.apply(.goToStep(1))
        #expect(StepPane(state: t).narration()?.hasSuffix("d._backward() ran before d.grad had its contribution from f: a.grad and b.grad miss it, even under +=.") == true)
        t.apply(.toEnd)
        #expect(Screen.render(t, width: 100, height: 30).lines.joined().contains("Done: 2 of 2 leaf grads are wrong under grad +="))
        // o goes on to the ordinary orders and comes back to the script's.
        var orders: [ChildOrder] = []
        for _ in 0..<4 { t.apply(.cycleOrder); orders.append(t.order) }
        #expect(orders == [.label, .operand, .random(seed: 1), .script])
    }

    @Test func bothPagesOfHelpFitAn80x24ScreenWhole() throws {
        for glyphs in [Glyphs.unicode, .ascii] {
            var s = try state(twoPaths, glyphs: glyphs)
            s.apply(.showHelp)
            let keys = Screen.render(s, width: 80, height: 24).lines.joined(separator: "\n")
            for row in Bindings.documented {
                let shown = row.keysText(unicode: glyphs.isUnicode)
                let help = row.help(glyphs)
                #expect(keys.contains(shown) && keys.contains(help), "help row cut: \(row.help)")
            }
            #expect(keys.contains("close the help / redraw / quit") && keys.contains("keys (1/2)"))
            s.apply(.showHelp)
            let legend = Screen.render(s, width: 80, height: 24).lines.joined(separator: "\n")
            for row in HelpOverlay(state: s).legend where !row.mark.isEmpty {
                #expect(legend.contains(row.mark) && legend.contains(row.meaning), "legend row cut: \(row.meaning)")
            }
        }
    }

    @Test func whileABigScriptLoadsTheScreenSaysSo() {
        let grid = Screen.loading("../bench/mlp_49947.py", bytes: 1_290_342, width: 100, height: 30, glyphs: .unicode)
        #expect(grid.lines[15].contains("gradstep: loading mlp_49947.py (1.3 MB)…"))
        let ascii = Screen.loading("evil\u{1B}[2J.py", bytes: 300_000, width: 80, height: 24, glyphs: .ascii)
        #expect(ascii.lines[12].contains(#"loading evil\x1b[2J.py (300 KB)..."#))
    }

    @Test func movingTheCursorAppliesAndUndoesRecordedWrites() throws {
        var s = try state(twoPaths)
        s.move(to: Cursor(step: 5, applied: 0))
        #expect(s.grads[0] == 3 && s.grads[1] == -2)
        s.move(to: Cursor(step: 2, applied: 2))
        #expect(s.grads[0] == -6 && s.grads[1] == -6)
        s.pass.switchTrace(engine: .fixed, order: .label)
        #expect(s.cursor.step == 2)
        #expect(s.grads[0] == -6)
        s.move(to: Cursor(step: 5, applied: 0))
        #expect(s.grads[0] == -3 && s.grads[1] == -8)
        s.move(to: Cursor(step: 0, applied: 0))
        #expect(s.grads.allSatisfy { $0 == 0 })
    }
}
