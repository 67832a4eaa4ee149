import Autograd
import SafeText

/// The words for `build_topo(root)`'s search (`Graph.topologicalSearch`), one event at a time:
/// the call stack, `visited`, `topo`, a sentence for each event, and at the end what the order
/// does under `grad =` to each value reached along two paths. Titles are made safe here.
public struct TopoSearchWords: Sendable {
    /// The graph searched, whose titles name the values.
    public let graph: Graph
    /// The search's events, in order (`Graph.topologicalSearch`).
    public let events: [TopoEvent]
    /// How many values are in `topo` after each number of events: `inTopo[k]` after the first `k`.
    public let inTopo: [Int]

    /// The words for `events` of a search of `graph`.
    public init(_ graph: Graph, _ events: [TopoEvent]) {
        self.graph = graph
        self.events = events
        var counts = [0]
        counts.reserveCapacity(events.count + 1)
        for event in events { counts.append(counts.last! + (event.kind == .append ? 1 : 0)) }
        inTopo = counts
    }

    /// The lecture's `build_topo`, as its cell 12.2 has it, for the step pane and `trace --topo`.
    public static let code = [
        "def build_topo(v):",
        "  if v not in visited:",
        "    visited.add(v)",
        "    for child in v._prev:",
        "      build_topo(child)",
        "    topo.append(v)",
    ]

    /// The line of `code` that runs at an event: the test for a call on a value already visited,
    /// `visited.add(v)` for a visit, `topo.append(v)` for an append.
    public static func line(of kind: TopoEvent.Kind) -> Int {
        switch kind {
        case .skip: 1
        case .visit: 2
        case .append: 5
        }
    }

    /// A value as the words name it: `a`, `(0.5)`.
    public func name(_ id: NodeID) -> String { SafeText.visible(graph.reference(id)) }

    /// `build_topo(a)`.
    public func call(_ id: NodeID) -> String { "build_topo(\(name(id)))" }

    /// The calls open after the first `count` events, outermost first: the root's, then each
    /// child's being visited. A skip's call returns at once, so it is shown only as the event's own.
    public func stack(after count: Int) -> [NodeID] {
        var stack: [NodeID] = []
        for event in events.prefix(count) {
            switch event.kind {
            case .visit: stack.append(event.node)
            case .append: stack.removeLast()
            case .skip: break
            }
        }
        return stack
    }

    /// The sentence for event `k`.
    public func sentence(_ k: Int) -> String {
        let event = events[k], v = name(event.node)
        switch event.kind {
        case .visit:
            let children = Set(graph.nodes[event.node].operands).count
            let from = event.parent.map { ", one of \(name($0))'s children," } ?? ""
            let next = children == 0 ? "it has no children, so it is appended next"
                : children == 1 ? "its child comes next" : "its \(children) children come next"
            return "\(call(event.node))\(from) finds \(v) not in visited, so \(v) goes in; \(next)."
        case .skip:
            let by = event.parent.map { " (from \(name($0)))" } ?? ""
            return "\(v) is already visited: \(call(event.node))\(by) returns at once."
        case .append:
            let parent = event.parent.map { "; back in \(call($0))" } ?? "; the search is done"
            return "All of \(v)'s children are in topo, so \(v) joins it, number \(inTopo[k + 1])\(parent)."
        }
    }

    /// For each value more than one write reaches under `grad =` in `buggy` (the pass in this
    /// order), what is kept and what thrown away: "a's last write comes through d, so what
    /// comes through e is thrown away".
    public static func overwrites(_ graph: Graph, _ buggy: Trace) -> [String] {
        var writers: [NodeID: [(step: Int, slot: Int)]] = [:]
        var targets: [NodeID] = []
        for k in buggy.steps.indices.dropFirst() {
            for write in buggy.writes(of: k) {
                if writers[write.target] == nil { targets.append(write.target) }
                writers[write.target, default: []].append((k, write.slot))
            }
        }
        let words = TopoSearchWords(graph, [])
        // Values that keep and lose through the same values are said together: "a's and b's last writes".
        var groups: [(key: String, targets: [String], sentence: (String, Bool) -> String)] = []
        for target in targets {
            let all = writers[target]!
            guard all.count > 1 else { continue }
            let through = all.map { words.name(buggy.steps[$0.step].node) }
            let last = through.last!
            let lost = Array(through.dropLast())
            let key: String, sentence: (String, Bool) -> String
            if lost.allSatisfy({ $0 == last }) {
                let times = lost.count == 1 ? "twice" : "\(all.count) times"
                key = "\(last) \(times)"
                sentence = { targets, _ in "\(last) writes \(targets) \(times), and only its last write is kept" }
            } else {
                let others = Self.list(lost.filter { $0 != last }.uniqued())
                let again = lost.contains(last) ? " (and its own earlier write)" : ""
                key = "\(last) | \(others)\(again)"
                sentence = { targets, many in
                    "\(targets) last write\(many ? "s come" : " comes") through \(last), so what comes through \(others)\(again) is thrown away"
                }
            }
            if let i = groups.firstIndex(where: { $0.key == key }) {
                groups[i].targets.append(words.name(target))
            } else {
                groups.append((key, [words.name(target)], sentence))
            }
        }
        return groups.map { group in
            let grads = group.key.hasSuffix("twice") || group.key.hasSuffix("times")
            let targets = grads ? Self.list(group.targets.map { "\($0).grad" }) : Self.list(group.targets.map { "\($0)'s" })
            return group.sentence(targets, group.targets.count > 1)
        }
    }

    /// `d`, `d and e`, `c, d and e`.
    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
