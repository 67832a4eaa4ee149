import Autograd
import Canvas
import Foundation
import Layout

/// How each action changes the state: pure, so every key's effect is tested as data.
extension DebuggerState {
    public mutating func apply(_ action: Action) {
        message = nil
        highlighted = nil
        if case .findNext = action {} else if case .find = action {} else if case .submitPrompt = action {} else {
            findMatches = []
        }
        switch action {
        case .step: step()
        case .stepInto: stepInto()
        case .back: back()
        case .toStart: go(to: Cursor(step: 0, applied: 0).completed(in: trace))
        case .toEnd: go(to: Cursor(step: lastStep, applied: 0).completed(in: trace))
        case .goToStep(let k):
            guard (0...lastStep).contains(k) else {
                message = "no step \(k): steps go from 0 to \(lastStep)"
                return
            }
            go(to: Cursor(step: k, applied: 0).completed(in: trace))
        case .toggleEngine:
            switchTrace(engine: nextEngine, order: order)
            switch engine {
            case .buggy:
                message = "buggy engine: every write is grad ="
                // Back round from fixed with no third engine: say why a saved graph has none.
                if let note = script.recordedPassNote, script.recordedPass == nil { message! += "; no yours engine: \(note)" }
            case .fixed: message = "fixed engine: every write is grad +="
            case .yours: message = "your engine: your own _backward() calls, in your order, as your code wrote them"
            }
        case .cycleOrder:
            guard engine != .yours else {
                message = "your backward() keeps its own order: e for the buggy or fixed engine in any order"
                return
            }
            switchTrace(engine: engine, order: order.next(written: script.writtenOrders))
            message = "order: \(order.description)"
        case .newSeed:
            guard engine != .yours else {
                message = "your backward() keeps its own order: e for the buggy or fixed engine in any order"
                return
            }
            let seed: UInt64 = if case .random(let s) = order { s &+ 1 } else { 1 }
            switchTrace(engine: engine, order: .random(seed: seed))
            message = "order: random seed \(seed)"
        case .toggleCompare:
            comparing.toggle()
            if comparing { showingTruth = false; roomForTwoNumbers() }
        case .toggleTruth:
            showingTruth.toggle()
            if showingTruth { comparing = false; roomForTwoNumbers() }
        case .zoomIn: if zoom != .full { setZoom(zoom.next) }
        case .zoomOut: if zoom != .compact { setZoom(zoom.previous) }
        case .cycleZoom: setZoom(zoom.next)
        case .pan(let dx, let dy):
            guard let origin = viewportOrigin else {
                message = "the whole graph is in view: nothing to pan"
                return
            }
            scroll(to: Point(x: origin.x + dx, y: origin.y + dy))
        case .follow:
            scroll = nil
        case .find(let name): find(name)
        case .findNext:
            guard !findMatches.isEmpty else { return }
            findIndex = (findIndex + 1) % findMatches.count
            show(findMatches[findIndex])
        case .togglePredict:
            predicting.toggle()
            revealed = true  // what is on screen stays; the next step's writes are hidden
            message = predicting ? "predict: each step's writes are hidden; call them out, then n or r reveals them" : "predict mode off"
        case .reveal:
            if predicting && !revealed { revealed = true } else { message = predicting ? "nothing hidden: n steps on" : "r reveals in predict mode (P)" }
        case .toggleTopo:
            topoHidden.toggle()
            scroll = nil
            message = topoHidden ? "topological list hidden: T shows it again" : nil
        case .toggleAutoplay:
            autoplay.toggle()
            message = autoplay ? "autoplay: a step every \(seconds(autoplayInterval)); any key stops it" : nil
        case .slower:
            autoplayInterval = min(10, autoplayInterval * 1.5)
            message = "autoplay: a step every \(seconds(autoplayInterval))"
        case .faster:
            autoplayInterval = max(0.1, autoplayInterval / 1.5)
            message = "autoplay: a step every \(seconds(autoplayInterval))"
        case .tick:
            guard autoplay else { return }
            if isFinished { autoplay = false; message = "autoplay: reached the end" } else { step() }
        case .showHelp:
            // Again while it is open: the other page.
            helpPage = showingHelp ? 1 - helpPage : 0
            showingHelp = true
        case .closeOverlay:
            showingHelp = false
            prompt = nil
        case .startPrompt(let kind): prompt = Prompt(kind: kind, text: "")
        case .typeInPrompt(let c):
            guard var p = prompt, p.text.count < 40 else { return }
            p.text.append(c)
            prompt = p
        case .erasePrompt:
            if var p = prompt, !p.text.isEmpty { p.text.removeLast(); prompt = p }
        case .submitPrompt:
            guard let p = prompt else { return }
            prompt = nil
            switch p.kind {
            case .goToStep:
                if let k = Int(p.text) {
                    apply(.goToStep(k))
                } else if let id = matches(p.text.trimmingCharacters(in: .whitespaces)).first {
                    apply(.goToStep(stepOfNode(id)))
                    message = "\(DisplayWidth.safe(graph.title(id)))._backward() runs at step \(stepOfNode(id))"
                } else if !p.text.isEmpty {
                    message = "no step or node '\(DisplayWidth.safe(p.text))'"
                }
            case .find:
                if !p.text.isEmpty { apply(.find(p.text)) }
            }
        case .redraw, .none: break
        case .quit: shouldQuit = true
        }
        refreshComparison()
    }

    /// The next call; finishes the current one first if it was entered write by write.
    private mutating func step() {
        if revealFirst() { return }
        let writes = trace.steps[cursor.step].writeRange.count
        if cursor.applied < writes {
            go(to: cursor.completed(in: trace))
        } else if cursor.step < lastStep {
            go(to: Cursor(step: cursor.step + 1, applied: 0).completed(in: trace))
        } else {
            message = "already at the end: step \(lastStep) is the last"
        }
        steppingWrites = false
    }

    /// One write; on to the next call once the current one has made all of its writes.
    private mutating func stepInto() {
        if revealFirst() { return }
        let writes = trace.steps[cursor.step].writeRange.count
        if cursor.applied < writes {
            go(to: Cursor(step: cursor.step, applied: cursor.applied + 1))
        } else if cursor.step < lastStep {
            let next = trace.steps[cursor.step + 1].writeRange.count
            go(to: Cursor(step: cursor.step + 1, applied: next == 0 ? 0 : 1))
        } else {
            message = "already at the end: step \(lastStep) is the last"
        }
        steppingWrites = true
    }

    /// Undoes one write after step-into, else one whole call.
    private mutating func back() {
        if steppingWrites && cursor.applied > 0 && !(cursor.step == 0) {
            go(to: Cursor(step: cursor.step, applied: cursor.applied - 1))
            if cursor.applied == 0 && cursor.step > 0 {
                go(to: Cursor(step: cursor.step - 1, applied: 0).completed(in: trace))
            }
        } else if cursor.step > 0 {
            go(to: Cursor(step: cursor.step - 1, applied: 0).completed(in: trace))
        } else {
            message = "already at the start: step 0 seeds the root"
        }
    }

    /// In predict mode, the first press on a step whose writes are hidden reveals them.
    private mutating func revealFirst() -> Bool {
        guard predicting && !revealed else { return false }
        revealed = true
        return true
    }

    /// Moves the cursor, follows the running node, and flashes values a forward move overwrote;
    /// in predict mode, a move forward hides what it wrote and a move back shows it.
    private mutating func go(to target: Cursor) {
        let before = trace.steps[cursor.step].writeRange.lowerBound + cursor.applied
        move(to: target)
        let after = trace.steps[cursor.step].writeRange.lowerBound + cursor.applied
        revealed = !(predicting && after > before)
        flash = revealed && after > before && trace.writes[before..<after].contains { $0.lost != nil }
        scroll = nil
    }

    /// The graph pane on the screen as it is now.
    var graphPane: Rect { Screen.panes(self, width: screenWidth, height: screenHeight).graph }

    /// The viewport's top-left corner in the whole drawing as the screen shows it now (in the
    /// neighbourhood view, centred on the running node); nil when the whole graph is in view.
    private var viewportOrigin: Point? {
        let pane = graphPane
        let scene = Scene.make(self, pane: pane)
        switch scene.kind {
        case .whole: return nil
        case .scrolled: return scene.origin
        case .neighbourhood:
            let box = view.layout.boxes[runningNode]
            return Point(x: box.x + box.width / 2 - pane.width / 2, y: box.y + box.height / 2 - pane.height / 2)
        }
    }

    /// Scrolls the whole drawing to `point`, kept inside it.
    private mutating func scroll(to point: Point) {
        let layout = view.layout, pane = graphPane
        scroll = Point(x: max(0, min(point.x, layout.width - pane.width)), y: max(0, min(point.y, layout.height - pane.height)))
    }

    /// Compare and truth show two numbers per box: a compact box has room for one.
    private mutating func roomForTwoNumbers() {
        if zoom == .compact {
            setZoom(.normal)
            message = "zoomed to normal: each box shows two numbers now"
        }
    }

    /// The nodes whose title (or label, or variable name) is `name`, ignoring case; then those it begins.
    func matches(_ name: String) -> [NodeID] {
        let wanted = name.lowercased()
        guard !wanted.isEmpty else { return [] }
        var whole: [NodeID] = [], prefix: [NodeID] = []
        for id in graph.nodes.indices {
            let names = [graph.title(id), graph[id].label, graph[id].name].map { $0.lowercased() }
            if names.contains(wanted) { whole.append(id) } else if names.contains(where: { $0.hasPrefix(wanted) }) { prefix.append(id) }
        }
        return whole + prefix
    }

    private mutating func find(_ name: String) {
        findMatches = matches(name)
        findIndex = 0
        guard let first = findMatches.first else {
            message = "no node named '\(DisplayWidth.safe(name))'"
            return
        }
        show(first)
    }

    /// Scrolls to a found node, highlights it, and says when its grad is written and when its `_backward()` runs.
    private mutating func show(_ id: NodeID) {
        // Scroll the whole drawing to it, unless it is in view already (as it is when the whole graph is).
        let pane = graphPane
        let scene = Scene.make(self, pane: pane)
        let inView = scene.local(id).map { scene.viewport(pane).contains(Point(x: scene.layout.boxes[$0].x, y: scene.layout.boxes[$0].y)) } ?? false
        if !inView {
            let box = view.layout.boxes[id]
            scroll(to: Point(x: box.x + box.width / 2 - pane.width / 2, y: box.y + box.height / 2 - pane.height / 2))
        }
        highlighted = id
        var set: [Int] = [], overwritten: [Int] = []
        for k in 0...lastStep {
            for w in trace.writes(of: k) where w.target == id {
                if w.lost != nil { overwritten.append(k) } else { set.append(k) }
            }
        }
        func steps(_ ks: [Int]) -> String {
            ks.prefix(4).map(String.init).joined(separator: ", ") + (ks.count > 4 ? ", …" : "")
        }
        let title = DisplayWidth.safe(graph.title(id))
        var text = findMatches.count > 1 ? "\(findIndex + 1) of \(findMatches.count): " : ""
        text += graph[id].isLeaf ? "\(title) is a leaf (step \(stepOfNode(id)))" : "\(title)._backward() runs at step \(stepOfNode(id))"
        if set.isEmpty && overwritten.isEmpty { text += "; its grad is never written" }
        if !set.isEmpty { text += "; grad set at \(steps(set))" }
        if !overwritten.isEmpty { text += "; overwritten at \(steps(overwritten))" }
        if findMatches.count > 1 { text += "  (Enter: next)" }
        message = text
    }

    private func seconds(_ x: Double) -> String {
        x >= 1 ? String(Int((x * 10).rounded()) / 10) + "." + String(Int((x * 10).rounded()) % 10) + " s"
               : String(Int((x * 1000).rounded())) + " ms"
    }
}
