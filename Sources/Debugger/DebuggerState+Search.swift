import Autograd

/// `build_topo(root)`'s search before the pass: started by `--topo` or `b`, stepped with the
/// pass's keys, restarted by `o`, and left for step 0 by `n` after its last append.
extension DebuggerState {
    /// Whether the screen shows `build_topo`'s search rather than the pass.
    public var isSearching: Bool { search != nil }
    /// Events of the search that have happened, and how many it has (nil outside the search).
    public var searchProgress: (count: Int, events: Int)? { search.map { ($0.count, $0.events.count) } }

    /// Starts the search in the pass's order after its first `count` events (all of them for
    /// `Int.max`), the pass back before its seed; a pass written by hand or the learner's own
    /// has no search, and the message says so.
    @discardableResult
    public mutating func startSearch(at count: Int = 0) -> Bool {
        guard trace.source == .sorted else {
            overlays.message = trace.source == .script
                ? "this script makes its own _backward() calls: there is no build_topo search to show"
                : "your backward() keeps its own order: there is no build_topo search to show"
            return false
        }
        pass.move(to: Cursor(step: 0, applied: 0))
        search = SearchState(graph, root: script.root, order: order, buggy: traces.trace(.buggy, order), count: count)
        searchSeen = true
        viewport.follow()
        return true
    }

    /// After `e`: the learner's own engine keeps its own order, so the search ends there.
    mutating func searchAfterEngineChange() {
        guard search != nil, trace.source != .sorted else { return }
        search = nil
        overlays.message = "your backward() keeps its own order: there is no build_topo search to show"
    }

    /// The search again from its first event, in the order just chosen (`o`, `O`).
    mutating func restartSearch() {
        search = nil
        if startSearch() { overlays.message = "order: \(order.description): build_topo starts again" }
    }

    /// What a key does in the search; false where it is not the search's to take (the pass,
    /// the view and the overlays take it as ever).
    mutating func applyToSearch(_ action: Action) -> Bool {
        guard var search else { return false }
        switch action {
        case .step, .stepInto, .tick:
            if action == .tick && !autoplay { return true }
            if search.forward() { break }
            // After the last append, on to the pass (in predict mode, its seed hidden as ever).
            self.search = nil
            playback.moved(pass.move(to: Cursor(step: 0, applied: 0).completed(in: trace)))
            overlays.message = "build_topo is done: step 0 seeds the root, then the pass walks topo backwards"
            viewport.follow()
            return true
        case .back:
            if !search.back() { overlays.message = "already at the start of build_topo: nothing is visited yet" }
        case .toStart: search.move(to: 0)
        case .toEnd: search.move(to: search.events.count)
        case .watchSearch: search.move(to: 0)
        case .goToStep(let k):
            // A step of the pass: the pass takes it, if there is one.
            guard (0...lastStep).contains(k) else {
                overlays.message = "no step \(k): steps go from 0 to \(lastStep)"
                return true
            }
            self.search = nil
            return false
        default:
            return false
        }
        self.search = search
        viewport.follow()
        return true
    }
}
