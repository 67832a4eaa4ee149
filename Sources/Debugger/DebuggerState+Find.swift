import Autograd
import Canvas
import Layout

/// The overlays' keys: the help, the `:` and `/` prompts, and finding a node by name.
extension DebuggerState {
    mutating func applyToOverlays(_ action: Action, _ panes: Screen.Panes) {
        switch action {
        case .showHelp: overlays.showHelp()
        case .closeOverlay: overlays.closeOverlay()
        case .startPrompt(let kind): overlays.startPrompt(kind)
        case .typeInPrompt(let c): overlays.type(c)
        case .erasePrompt: overlays.erase()
        case .submitPrompt: if let prompt = overlays.submit() { submit(prompt, panes) }
        case .find(let name): find(name, panes)
        case .findNext: if let next = overlays.nextMatch() { show(next, panes) }
        default: break
        }
    }

    /// Enter in a prompt: a step number or a node's name after `:`, a name after `/`.
    private mutating func submit(_ prompt: Prompt, _ panes: Screen.Panes) {
        switch prompt.kind {
        case .goToStep:
            if let k = Int(prompt.text) {
                apply(.goToStep(k), on: panes)
            } else if let id = matches(prompt.text.trimmingCharacters(in: .whitespaces)).first {
                apply(.goToStep(stepOfNode(id)), on: panes)
                overlays.message = "\(DisplayWidth.safe(graph.reference(id)))._backward() runs at step \(stepOfNode(id))"
            } else if !prompt.text.isEmpty {
                overlays.message = "no step or node '\(DisplayWidth.safe(prompt.text))'"
            }
        case .find:
            if !prompt.text.isEmpty { apply(.find(prompt.text), on: panes) }
        }
    }

    /// The nodes whose title (or label, or variable name or name path) is `name`, ignoring case,
    /// or where the learner's program made them is (`rmsnorm`, `model.py:74`, or the calls that led
    /// there, `gpt › softmax` or `gpt>softmax`); then those it begins. Each kind in the order the
    /// pass reaches them from the cursor on.
    func matches(_ name: String) -> [NodeID] {
        let wanted = name.lowercased().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "›", with: ">")
        guard !wanted.isEmpty else { return [] }
        var whole: [NodeID] = [], prefix: [NodeID] = []
        var paths: [Int: [String]] = [:]  // the call paths of each site, worked out once
        for id in graph.nodes.indices {
            var names = [graph.title(id), graph[id].label, graph[id].name].map { $0.lowercased().replacingOccurrences(of: " ", with: "") }
            if let site = graph.site(of: id), let index = graph.siteIndex(of: id) {
                if paths[index] == nil {
                    let file = site.file.split(separator: "/").last.map(String.init) ?? site.file
                    // `softmax`, `gpt>softmax`, `doc_loss>gpt>softmax`: the named calls, innermost last.
                    let named = (site.calls + [site.function]).filter { !$0.hasPrefix("<") }.map { $0.lowercased() }
                    let chains = named.indices.map { named[$0...].joined(separator: ">") }
                    paths[index] = [site.caller.lowercased(), "\(file):\(site.line)".lowercased()] + chains
                }
                names += paths[index]!
            }
            if names.contains(wanted) { whole.append(id) } else if names.contains(where: { $0.hasPrefix(wanted) }) { prefix.append(id) }
        }
        // From the cursor on, as the pass reaches them, then round to the start.
        let now = cursor.step, count = lastStep + 1
        func ahead(_ id: NodeID) -> Int { (stepOfNode(id) - now + count) % count }
        return whole.sorted { ahead($0) < ahead($1) } + prefix.sorted { ahead($0) < ahead($1) }
    }

    private mutating func find(_ name: String, _ panes: Screen.Panes) {
        overlays.found(matches(name))
        guard let first = findMatches.first else {
            overlays.message = "no node named '\(DisplayWidth.safe(name))'"
            return
        }
        show(first, panes)
    }

    /// Scrolls to a found node, highlights it, and says when its grad is written and when its `_backward()` runs.
    private mutating func show(_ id: NodeID, _ panes: Screen.Panes) {
        // Scroll the whole drawing to it, unless it is in view already (as it is when the whole graph is).
        let pane = panes.graph
        let scene = Scene.make(self, pane: pane)
        overlays.highlighted = id
        // The folded view follows the running value: a value folded in a box not drawn near it can only be named.
        if scene.kind == .folded, let folding = scene.folding, !scene.foldedItems.contains(folding.item(of: id)) {
            overlays.message = "not drawn near the running value (F unfolds); " + foundNote(id)
            return
        }
        let inView = scene.local(id).map { scene.viewport(pane).contains(Point(x: scene.layout.boxes[$0].x, y: scene.layout.boxes[$0].y)) } ?? false
        if !inView { scroll(to: centre(on: id, pane), on: panes) }
        overlays.message = foundNote(id)
    }

    /// `2 of 3: a is a leaf (step 5); grad set at 3, 4; overwritten at 5  (Enter: next)`.
    private func foundNote(_ id: NodeID) -> String {
        let (set, overwritten) = pass.writeSteps(of: id)
        func steps(_ ks: [Int]) -> String {
            ks.prefix(4).map(String.init).joined(separator: ", ") + (ks.count > 4 ? ", …" : "")
        }
        // As the step pane writes it: `(x1*w1 + x2*w2)._backward()`, not `x1*w1 + x2*w2._backward()`.
        let title = DisplayWidth.safe(graph.reference(id))
        var text = overlays.matchCounter
        text += graph[id].isLeaf ? "\(title) is a leaf (step \(stepOfNode(id)))" : "\(title)._backward() runs at step \(stepOfNode(id))"
        if set.isEmpty && overwritten.isEmpty { text += "; its grad is never written" }
        if !set.isEmpty { text += "; grad set at \(steps(set))" }
        if !overwritten.isEmpty { text += "; overwritten at \(steps(overwritten))" }
        if findMatches.count > 1 { text += "  (Enter: next)" }
        return text
    }
}
