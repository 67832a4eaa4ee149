import Autograd
import Layout

/// How each action changes the state: pure, so every key's effect is tested as data.
extension DebuggerState {
    public mutating func apply(_ action: Action) {
        message = nil
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
            switchTrace(engine: engine == .buggy ? .fixed : .buggy, order: order)
            message = engine == .buggy ? "buggy engine: every write is grad =" : "fixed engine: every write is grad +="
        case .cycleOrder:
            switch order {
            case .label: switchTrace(engine: engine, order: .operand)
            case .operand: switchTrace(engine: engine, order: .random(seed: 1))
            case .random: switchTrace(engine: engine, order: .label)
            }
            message = "order: \(order.description)"
        case .newSeed:
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
            let origin = viewportOrigin
            scroll(to: Point(x: origin.x + dx, y: origin.y + dy))
        case .follow:
            scroll = nil
        case .find(let name): find(name)
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
        case .showHelp: showingHelp = true
        case .closeOverlay:
            showingHelp = false
            prompt = nil
        case .startPrompt(let kind): prompt = Prompt(kind: kind, text: "")
        case .typeInPrompt(let c):
            guard var p = prompt, p.text.count < 40 else { return }
            if p.kind == .goToStep && !c.isNumber { return }
            p.text.append(c)
            prompt = p
        case .erasePrompt:
            if var p = prompt, !p.text.isEmpty { p.text.removeLast(); prompt = p }
        case .submitPrompt:
            guard let p = prompt else { return }
            prompt = nil
            switch p.kind {
            case .goToStep:
                if let k = Int(p.text) { apply(.goToStep(k)) }
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

    /// Moves the cursor, follows the running node, and flashes values a forward move overwrote.
    private mutating func go(to target: Cursor) {
        let before = trace.steps[cursor.step].writeRange.lowerBound + cursor.applied
        move(to: target)
        let after = trace.steps[cursor.step].writeRange.lowerBound + cursor.applied
        flash = after > before && trace.writes[before..<after].contains { $0.lost != nil }
        scroll = nil
    }

    /// The graph viewport's top-left corner as the screen shows it now.
    private var viewportOrigin: Point {
        let pane = Screen.panes(self, width: screenWidth, height: screenHeight).graph
        return GraphPane(state: self).origin(width: pane.width, height: pane.height)
    }

    /// Scrolls the graph to `point`, kept inside the graph (read back through `viewportOrigin`, which clamps).
    private mutating func scroll(to point: Point) {
        scroll = point
        scroll = viewportOrigin
    }

    /// Compare and truth show two numbers per box: a compact box has room for one.
    private mutating func roomForTwoNumbers() {
        if zoom == .compact {
            setZoom(.normal)
            message = "zoomed to normal: each box shows two numbers now"
        }
    }

    private mutating func find(_ name: String) {
        let ids = graph.nodes.indices
        let match = ids.first { graph.title($0) == name } ?? ids.first { graph[$0].name == name || graph[$0].label == name }
            ?? ids.first { graph.title($0).hasPrefix(name) }
        guard let id = match else {
            message = "no node named '\(name)'"
            return
        }
        let pane = Screen.panes(self, width: screenWidth, height: screenHeight).graph
        let box = view.layout.boxes[id]
        scroll(to: Point(x: box.x + box.width / 2 - pane.width / 2, y: box.y + box.height / 2 - pane.height / 2))
        let step = stepOfNode(id)
        message = "\(graph.title(id)): its _backward() runs at step \(step); press : \(step) Enter to go there"
    }

    private func seconds(_ x: Double) -> String {
        x >= 1 ? String(Int((x * 10).rounded()) / 10) + "." + String(Int((x * 10).rounded()) % 10) + " s"
               : String(Int((x * 1000).rounded())) + " ms"
    }
}
