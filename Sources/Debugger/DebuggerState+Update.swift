import Autograd
import Canvas
import Foundation
import Layout

/// How each action changes the state: pure, so every key's effect is tested as data. The
/// caller passes the screen's panes as they are drawn now; the update never asks for them.
extension DebuggerState {
    public mutating func apply(_ action: Action, on panes: Screen.Panes) {
        // The flash ending is no key: the note and the highlight stay.
        if action == .endFlash { return playback.endFlash() }
        overlays.clearForKey(keepingMatches: action.keepsFindMatches)
        if applyToSearch(action) { return refreshComparison() }
        switch action {
        case .watchSearch: startSearch()
        case .step, .stepInto, .back, .toStart, .toEnd, .goToStep, .tick: applyToPass(action)
        case .toggleEngine, .cycleOrder, .newSeed: applyToTrace(action)
        case .zoomIn, .zoomOut, .cycleZoom, .pan, .follow, .toggleTopo, .toggleFold: applyToViewport(action, panes)
        case .toggleCompare, .toggleTruth: applyToComparison(action)
        case .find, .findNext, .showHelp, .closeOverlay, .startPrompt, .typeInPrompt, .erasePrompt, .submitPrompt:
            applyToOverlays(action, panes)
        case .togglePredict, .reveal, .toggleAutoplay, .slower, .faster: applyToPlayback(action)
        case .quit: shouldQuit = true
        case .redraw, .none, .endFlash: break
        }
        refreshComparison()
    }

    private mutating func applyToPass(_ action: Action) {
        switch action {
        case .step: step()
        case .stepInto:
            if playback.revealFirst() { return }
            if let next = pass.nextWrite() { go(to: next) } else { overlays.message = "already at the end: step \(lastStep) is the last" }
        case .back:
            if let previous = pass.previous() {
                go(to: previous)
            } else if searchSeen, trace.source == .sorted {
                startSearch(at: Int.max)  // back from step 0 into the search's end
            } else {
                overlays.message = "already at the start: step 0 seeds the root"
            }
        case .toStart: go(to: pass.at(step: 0))
        case .toEnd: go(to: pass.at(step: lastStep))
        case .goToStep(let k):
            guard (0...lastStep).contains(k) else { return overlays.message = "no step \(k): steps go from 0 to \(lastStep)" }
            go(to: pass.at(step: k))
        case .tick:
            guard autoplay else { return }
            if isFinished {
                playback.stop()
                overlays.message = "autoplay: reached the end"
            } else {
                step()
            }
        default: break
        }
    }

    /// The next call; finishes the current one first if it was entered write by write.
    private mutating func step() {
        if playback.revealFirst() { return }
        if let next = pass.nextCall() { go(to: next) } else { overlays.message = "already at the end: step \(lastStep) is the last" }
    }

    /// Moves the cursor, follows the running node, and flashes values a forward move overwrote;
    /// in predict mode, a move forward hides what it wrote and a move back shows it.
    private mutating func go(to target: Cursor) {
        playback.moved(pass.move(to: target))
        viewport.follow()
    }

    private mutating func applyToTrace(_ action: Action) {
        if action != .toggleEngine && trace.source == .yours {
            overlays.message = "your backward() keeps its own order: e for the buggy or fixed engine in any order"
            return
        }
        switch action {
        case .toggleEngine:
            pass.switchTrace(engine: nextEngine, order: order)
            overlays.message = engineNote
        case .cycleOrder:
            pass.switchTrace(engine: engine, order: order.next(written: script.writtenOrders))
            overlays.message = "order: \(order.description)"
        case .newSeed:
            let seed: UInt64 = if case .random(let s) = order { s &+ 1 } else { 1 }
            pass.switchTrace(engine: engine, order: .random(seed: seed))
            overlays.message = "order: random seed \(seed)"
        default: break
        }
        if search != nil { action == .toggleEngine ? searchAfterEngineChange() : restartSearch() }
    }

    /// What `e` says of the engine it switched to.
    private var engineNote: String {
        switch engine {
        case .buggy:
            // Back round from fixed with no third engine: say why a saved graph has none.
            if let note = script.recordedPassNote, script.recordedPass == nil { return "buggy engine: every write is grad =; no yours engine: \(note)" }
            // Back from `yours`, the calls stay the learner's, so each step is the same call under `=`: say so.
            if order == .yours { return "buggy engine: every write is grad =, in your backward()'s order (o: gradstep's)" }
            return "buggy engine: every write is grad ="
        case .fixed: return "fixed engine: every write is grad +="
        case .yours:
            if script.recordedPass?.replayed == true { return "your engine: your class's local gradients, added up in your order" }
            return "your engine: your own _backward() calls, in your order, as your code wrote them"
        }
    }

    private mutating func applyToViewport(_ action: Action, _ panes: Screen.Panes) {
        switch action {
        case .zoomIn: if zoom != .full { viewport.setZoom(zoom.next) }
        case .zoomOut: if zoom != .compact { viewport.setZoom(zoom.previous) }
        case .cycleZoom: viewport.setZoom(zoom.next)
        case .pan(let dx, let dy):
            guard let origin = viewportOrigin(panes.graph) else {
                return overlays.message = folded ? "the folded view follows the running value: F unfolds the graph to pan it"
                    : "the whole graph is in view: nothing to pan"
            }
            scroll(to: Point(x: origin.x + dx, y: origin.y + dy), on: panes)
        case .follow: viewport.follow()
        case .toggleTopo:
            overlays.message = viewport.toggleTopo() ? "topological list hidden: T shows it again" : nil
        case .toggleFold:
            guard Folding.canFold(graph) else {
                overlays.message = "nothing to fold by: save with your forward pass inside recording()"
                return
            }
            viewport.setFolded(!viewport.folded)
            overlays.message = viewport.folded ? "folded by your calls, the running value's open: F unfolds" : nil
        default: break
        }
    }

    /// The viewport's top-left corner in the whole drawing as the screen shows it now (in the
    /// neighbourhood view, centred on the running node); nil when the whole graph is in view.
    private func viewportOrigin(_ pane: Rect) -> Point? {
        let scene = Scene.make(self, pane: pane)
        switch scene.kind {
        case .whole, .folded: return nil
        case .scrolled: return scene.origin
        case .neighbourhood: return centre(on: runningNode, pane)
        }
    }

    /// The viewport's corner that puts node `id` in the middle of `pane`.
    func centre(on id: NodeID, _ pane: Rect) -> Point {
        let box = view.layout.boxes[id]
        return Point(x: box.x + box.width / 2 - pane.width / 2, y: box.y + box.height / 2 - pane.height / 2)
    }

    private mutating func applyToComparison(_ action: Action) {
        let on = action == .toggleCompare ? overlays.toggleCompare() : overlays.toggleTruth()
        // Compare and truth show two numbers per box: a compact box has room for one.
        if on && !zoom.showsTwoNumbers {
            viewport.setZoom(.record)
            overlays.message = "zoomed to record: each box shows two numbers now"
        }
    }

    /// Recomputes the other engine's grads at the cursor, while comparing.
    private mutating func refreshComparison() {
        guard comparing else { return overlays.otherGrads = nil }
        let other = traces.trace(comparedEngine, order)
        var grads = [Double](repeating: 0, count: graph.count)
        let end: Int
        if trace.source == .yours {
            // The recording has a write per operand, the engines one per slot: compare whole steps.
            let done = cursor.applied == trace.steps[cursor.step].writeRange.count ? cursor.step : cursor.step - 1
            end = done < 0 ? 0 : other.steps[min(done, other.steps.count - 1)].writeRange.upperBound
        } else {
            end = trace.steps[cursor.step].writeRange.lowerBound + cursor.applied
        }
        for w in other.writes[0..<end] { grads[w.target] = w.after }
        overlays.otherGrads = grads
    }

    private mutating func applyToPlayback(_ action: Action) {
        switch action {
        case .togglePredict: overlays.message = playback.togglePredict()
        case .reveal: overlays.message = playback.reveal()
        case .toggleAutoplay: overlays.message = playback.toggleAutoplay()
        case .slower, .faster: overlays.message = playback.pace(slower: action == .slower)
        default: break
        }
    }
}

extension Action {
    /// The actions that go on with the last find's matches; every other one forgets them.
    var keepsFindMatches: Bool {
        switch self {
        case .find, .findNext, .submitPrompt: true
        default: false
        }
    }
}
