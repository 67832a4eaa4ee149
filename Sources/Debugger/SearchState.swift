import Autograd
import Export

/// `build_topo(root)`'s search, stepped through before the pass (`--topo`, `b`): its events in
/// the pass's order, and how many of them have happened. What a frame reads of it (`visited`,
/// `topo`, the call stack) is found without going over the events again.
struct SearchState: Sendable {
    let order: ChildOrder
    let words: TopoSearchWords
    let root: NodeID
    /// What `grad =` throws away in this order (`TopoSearchWords.overwrites`), worked out once.
    let overwrites: (sentences: [String], values: Int)
    /// Events that have happened: 0 before the root's call, `events.count` once the search is done.
    private(set) var count = 0
    /// The values in the order they enter `visited`, and how many have after each number of events.
    private let visitOrder: [NodeID], visitedAfter: [Int32]
    /// The values in the order they join `topo`.
    private let appendOrder: [NodeID]
    /// For each value visited, the value whose loop called it (-1 for the root).
    private let caller: [Int32]

    init(_ graph: Graph, root: NodeID, order: ChildOrder, buggy: Trace, count: Int = 0) {
        self.order = order
        self.root = root
        let events = graph.topologicalSearch(from: root, order: order)
        words = TopoSearchWords(graph, events)
        overwrites = TopoSearchWords.overwrites(graph, buggy)
        var visits: [NodeID] = [], appends: [NodeID] = [], after: [Int32] = [0]
        var caller = [Int32](repeating: -1, count: graph.count)
        visits.reserveCapacity(graph.count)
        after.reserveCapacity(events.count + 1)
        for event in events {
            if event.kind == .visit {
                visits.append(event.node)
                caller[event.node] = Int32(event.parent ?? -1)
            }
            if event.kind == .append { appends.append(event.node) }
            after.append(Int32(visits.count))
        }
        (visitOrder, visitedAfter, appendOrder, self.caller) = (visits, after, appends, caller)
        self.count = min(max(0, count), events.count)
    }

    var events: [TopoEvent] { words.events }
    /// Whether every event has happened.
    var isDone: Bool { count == events.count }
    /// The event that happened last, nil before the first.
    var current: TopoEvent? { count > 0 ? events[count - 1] : nil }
    /// The value the search is at: the last event's, the root before the first.
    var focus: NodeID { current?.node ?? root }

    /// `topo` by now, in the order it grew.
    var topo: ArraySlice<NodeID> { appendOrder.prefix(words.inTopo[count]) }
    /// `visited` by now, in the order values entered it.
    var visited: ArraySlice<NodeID> { visitOrder.prefix(Int(visitedAfter[count])) }

    /// The calls open at the last event, outermost first, with the event's own: the call that
    /// visits, appends (its `topo.append(v)` runs inside it) or returns at once.
    var stack: [NodeID] {
        guard let event = current else { return [] }
        var calls = [event.node]
        var next = event.kind == .skip ? event.parent ?? -1 : Int(caller[event.node])
        while next >= 0 {
            calls.append(next)
            next = Int(caller[next])
        }
        return calls.reversed()
    }

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
