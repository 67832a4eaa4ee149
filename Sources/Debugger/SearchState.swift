import Autograd
import Export

/// `build_topo(root)`'s search, stepped through before the pass (`--topo`, `b`): its events in
/// the pass's order, and how many of them have happened.
struct SearchState: Sendable {
    let order: ChildOrder
    let words: TopoSearchWords
    let root: NodeID
    /// Events that have happened: 0 before the root's call, `events.count` once the search is done.
    private(set) var count = 0
    /// Each value's place in the events: the event that visits it, and the one that appends it.
    private let visitEvent: [Int32], appendEvent: [Int32]

    init(_ graph: Graph, root: NodeID, order: ChildOrder, count: Int = 0) {
        self.order = order
        self.root = root
        words = TopoSearchWords(graph, graph.topologicalSearch(from: root, order: order))
        var visits = [Int32](repeating: -1, count: graph.count), appends = visits
        for (k, event) in words.events.enumerated() {
            if event.kind == .visit { visits[event.node] = Int32(k) }
            if event.kind == .append { appends[event.node] = Int32(k) }
        }
        visitEvent = visits
        appendEvent = appends
        self.count = min(max(0, count), words.events.count)
    }

    var events: [TopoEvent] { words.events }
    /// Whether every event has happened.
    var isDone: Bool { count == events.count }
    /// The event that happened last, nil before the first.
    var current: TopoEvent? { count > 0 ? events[count - 1] : nil }
    /// The value the search is at: the last event's, the root before the first.
    var focus: NodeID { current?.node ?? root }

    /// Whether value `id` is in `visited` by now.
    func isVisited(_ id: NodeID) -> Bool { visitEvent[id] >= 0 && Int(visitEvent[id]) < count }
    /// Whether value `id` is in `topo` by now.
    func isInTopo(_ id: NodeID) -> Bool { appendEvent[id] >= 0 && Int(appendEvent[id]) < count }

    /// `topo` by now, in the order it grew.
    var topo: [NodeID] { events.prefix(count).filter { $0.kind == .append }.map(\.node) }
    /// `visited` by now, in the order values entered it.
    var visited: [NodeID] { events.prefix(count).filter { $0.kind == .visit }.map(\.node) }

    /// One event on; false once the search is done.
    mutating func forward() -> Bool {
        guard count < events.count else { return false }
        count += 1
        return true
    }

    /// One event back; false before the first.
    mutating func back() -> Bool {
        guard count > 0 else { return false }
        count -= 1
        return true
    }

    mutating func move(to k: Int) { count = min(max(0, k), events.count) }
}
