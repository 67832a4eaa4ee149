import Autograd
import SafeText

/// `trace --topo`: `build_topo(root)`'s search event by event, as text or JSON.
public enum TopoSearchReport {
    /// How an order puts a value's children: "children sorted by label".
    public static func phrase(_ order: ChildOrder) -> String {
        switch order {
        case .label: "children sorted by label"
        case .operand: "children in operand order"
        case .random(let seed): "children shuffled with seed \(seed), as Python's set order is"
        case .script, .yours: "no search: the pass's own calls"
        }
    }

    /// One line an event: its number, its kind, the call (indented by its depth) or the append,
    /// and what it does; then `topo`, and what the order does under `grad =` (from `buggy`).
    public static func text(_ graph: Graph, root: NodeID, order: ChildOrder, name: String, buggy: Trace) -> String {
        let events = graph.topologicalSearch(from: root, order: order)
        let words = TopoSearchWords(graph, events)
        var out = "gradstep trace --topo: \(SafeText.visible(name))   order: \(order.description) (\(phrase(order)))\n"
        out += "\(words.call(root)), event by event:\n"
        let number = String(events.count).count
        for (k, event) in events.enumerated() {
            let indent = String(repeating: "  ", count: min(event.depth, 40))
            let deeper = event.depth > 40 ? "(depth \(event.depth)) " : ""
            let what: String
            switch event.kind {
            case .visit: what = "visit   \(indent)\(deeper)\(words.call(event.node))   enters visited"
            case .skip: what = "skip    \(indent)\(deeper)\(words.call(event.node))   already visited: returns"
            case .append: what = "append  \(indent)\(deeper)topo.append(\(words.name(event.node)))   topo has \(words.inTopo[k + 1])"
            }
            out += String(repeating: " ", count: number - String(k + 1).count) + "\(k + 1)  \(what)\n"
        }
        let topo = events.filter { $0.kind == .append }.map { words.name($0.node) }
        out += "\ntopo = [\(topo.joined(separator: ", "))]\n"
        let (sentences, values) = TopoSearchWords.overwrites(graph, buggy)
        if sentences.isEmpty {
            out += "Under grad =, no value is written twice: this graph loses nothing in any order.\n"
        } else {
            // The first twenty kinds of loss; a big graph has thousands, alike.
            out += "Under grad =, in this order, \(values) value\(values == 1 ? "" : "s") lose\(values == 1 ? "s" : "") a contribution:\n"
            out += sentences.prefix(20).map { "  \($0).\n" }.joined()
            if sentences.count > 20 { out += "  and \(sentences.count - 20) more like them.\n" }
        }
        return out
    }

    /// `{order, seed, topo: [ids, root last], events: [{kind, node, depth}]}`, ids as in
    /// `trace --format json`; `seed` null but for the random order.
    public static func json(_ graph: Graph, root: NodeID, order: ChildOrder) -> String {
        let events = graph.topologicalSearch(from: root, order: order)
        let seed = if case .random(let s) = order { String(s) } else { "null" }
        let topo = events.filter { $0.kind == .append }.map { String($0.node) }.joined(separator: ", ")
        var out = "{\"order\": \"\(order.name)\", \"seed\": \(seed), \"topo\": [\(topo)],\n\"events\": [\n"
        out += events.map { "{\"kind\": \"\($0.kind.rawValue)\", \"node\": \($0.node), \"depth\": \($0.depth)}" }.joined(separator: ",\n")
        return out + "\n]}\n"
    }
}
