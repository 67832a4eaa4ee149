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

    /// `build_topo(a)`, `build_topo(x1*w1 + x2*w2)`: the title in the call's own brackets.
    public func call(_ id: NodeID) -> String { "build_topo(\(SafeText.visible(graph.title(id))))" }

    /// The sentence for event `k`.
    public func sentence(_ k: Int) -> String {
        let event = events[k], v = name(event.node)
        let operands = graph.nodes[event.node].operands, children = Set(operands).count
        switch event.kind {
        case .visit:
            let from = event.parent.map { p in Set(graph.nodes[p].operands).count == 1 ? ", \(name(p))'s child," : ", one of \(name(p))'s children," } ?? ""
            let next = children == 0 ? "it has no children, so it is appended next"
                : children == 1 ? "its child comes next" : "its \(children) children come next"
            // `a + a`: `_prev` is a set, so the child that fills both slots is called once.
            let once = operands.count > children ? " (\(v)._prev is a set: \(name(operands[0])) is in it once, though \(graph.formula(event.node)) uses it twice)" : ""
            return "\(call(event.node))\(from) finds \(v) not in visited, so \(v) goes in; \(next)\(once)."
        case .skip:
            let by = event.parent.map { " (from \(name($0)))" } ?? ""
            return "\(v) is already visited: \(call(event.node))\(by) returns at once."
        case .append:
            let parent = event.parent.map { "; back in \(call($0))" } ?? "; the search is done"
            let why = children == 0 ? "\(v) has no children" : "All of \(v)'s children are in topo"
            return "\(why), so \(v) joins topo as topo[\(inTopo[k + 1] - 1)]\(parent)."
        }
    }

    /// What `grad =` does in `buggy` (the pass in this order) to the values more than one write
    /// reaches: a sentence for each kind of loss, the values that lose alike together ("a's and
    /// b's last writes come through d, so what comes through e is thrown away"), and how many
    /// values lose in all.
    public static func overwrites(_ graph: Graph, _ buggy: Trace) -> (sentences: [String], values: Int) {
        var writers: [NodeID: [NodeID]] = [:]
        var targets: [NodeID] = []
        for k in buggy.steps.indices.dropFirst() {
            for write in buggy.writes(of: k) {
                if writers[write.target] == nil { targets.append(write.target) }
                writers[write.target, default: []].append(buggy.steps[k].node)
            }
        }
        let words = TopoSearchWords(graph, [])
        // Values that keep and lose through the same values are said together; by the values
        // themselves, as two values can share a title.
        var order: [[NodeID]] = [], together: [[NodeID]: [NodeID]] = [:]
        var values = 0
        for target in targets {
            let through = writers[target]!
            guard through.count > 1 else { continue }
            values += 1
            if together[through] == nil { order.append(through) }
            together[through, default: []].append(target)
        }
        let sentences = order.map { through -> String in
            let targets = together[through]!, last = through.last!, lost = Array(through.dropLast())
            let many = targets.count > 1
            let titles = list(targets.prefix(3).map(words.name) + (targets.count > 3 ? ["\(targets.count - 3) more"] : []))
            if lost.allSatisfy({ $0 == last }) {
                let times = through.count == 2 ? "twice" : "\(through.count) times"
                return "\(words.name(last)) writes \(titles).grad \(times), and only its last write is kept"
            }
            let others = lost.filter { $0 != last }.uniqued()
            let lastTitle = words.name(last), otherTitles = others.map(words.name).uniqued()
            guard !otherTitles.contains(lastTitle), others.count <= 3 else {
                // Writers that share a title, or many: say how many writes, not whose.
                return "\(titles) \(many ? "are" : "is") written \(through.count) times, and only the last write, from \(lastTitle), is kept"
            }
            let again = lost.contains(last) ? " (and its own earlier write)" : ""
            let possessive = list(targets.prefix(3).map { words.name($0) + "'s" } + (targets.count > 3 ? ["\(targets.count - 3) more values'"] : []))
            return "\(possessive) last write\(many ? "s come" : " comes") through \(lastTitle), so what comes through \(list(otherTitles))\(again) is thrown away"
        }
        return (sentences, values)
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
