import Autograd

/// A folding's repeated items merged into one box each: the runs of one function at one level
/// (`gpt ×7`, one per token) and the values one line makes with one op (`losses ×7`), so that a
/// level too wide for the pane reads whole. Items merge only where that keeps every line going
/// left to right: the `linear` runs before an attention's `softmax` are one box, those that
/// take its output others.
struct RepeatMerge {
    /// What a merged box stands for: `gpt`, run 7 times; `microgpt ·log`, 7 values.
    struct Repeated: Hashable, Sendable {
        let name: String
        let count: Int
    }

    /// The merged items, the one each of the base folding's items is in, and what each `.repeats` item stands for.
    typealias Merged = (items: [Folding.Item], boxOf: [Int], repeated: [Repeated])

    /// `base`'s items with, where `repeats`, the repeats merged, the items `keep` kept as
    /// themselves; with `groups`, the parameters' groups by the first part of their name too.
    ///
    /// Boxes are numbered as they open, and an item joins the open box of its kind only where
    /// everything that feeds it is in that box or in one opened before: so every line goes from
    /// a box to the same or a later one, and no two boxes can feed each other. One pass over
    /// the items and their lines.
    static func merge(_ graph: Graph, _ base: Folding, keep: [Int], repeats: Bool, groups: Bool) -> Merged {
        let items = base.items
        var keys = items.map { item -> Key? in
            if case .group = item { return key(graph, item, groups: groups) }
            return repeats ? key(graph, item, groups: groups) : nil
        }
        for k in keep { keys[k] = nil }
        var boxOf = [Int](repeating: -1, count: items.count)
        var members: [[Int]] = []
        var openBox: [Key: Int] = [:]
        for x in items.indices {  // (in the folding's order: each item after those that feed it)
            let box: Int
            if let k = keys[x], let b = openBox[k], base.sources[x].allSatisfy({ boxOf[$0] <= b }) {
                box = b
                members[b].append(x)
            } else {
                box = members.count
                members.append([x])
                if let k = keys[x] { openBox[k] = box }
            }
            boxOf[x] = box
        }
        var merged: [Folding.Item] = [], repeated: [Repeated] = []
        for box in members.indices {  // (boxes come in the order of their first item)
            if members[box].count == 1 {
                merged.append(items[members[box][0]])
            } else if case .group(let name) = items[members[box][0]] {
                merged.append(.group(Self.head(name)))
            } else {
                merged.append(.repeats(repeated.count))
                repeated.append(Repeated(name: name(graph, items[members[box][0]]), count: members[box].count))
            }
        }
        return (merged, boxOf, repeated)
    }

    /// What items repeat each other share, nil for one that never merges: a folded run's function
    /// and the call it was made in; a value's line, op and name (its number, for a constant).
    private static func key(_ graph: Graph, _ item: Folding.Item, groups: Bool) -> Key? {
        switch item {
        case .call(let c):
            return .call(parent: graph.calls[c].parent ?? -1, function: graph.calls[c].function)
        case .value(let id):
            guard let site = graph.siteIndex(of: id), graph.nodes[id].label.isEmpty else { return nil }
            let node = graph.nodes[id]
            return .value(site: site, call: graph.call(of: id) ?? -1, op: node.isLeaf ? nil : node.op.symbol,
                          constant: node.isLeaf ? node.data.bitPattern : 0, group: Folding.group(graph, id))
        case .group(let name):
            return groups && !name.isEmpty ? .group(head(name)) : nil
        case .repeats:
            return nil
        }
    }

    /// What items that repeat each other share (see `key`).
    private enum Key: Hashable {
        case call(parent: Int, function: String)
        case value(site: Int, call: Int, op: String?, constant: UInt64, group: String)
        case group(String)
    }

    /// The first part of a group's name: `layer0` of `layer0.attn_wq`, `layers` of `layers[1]`.
    static func head(_ name: String) -> String {
        String(name.prefix { $0 != "." && $0 != "[" })
    }

    /// A merged box's name: the function run; the values' name without its index (`losses`);
    /// else their title, which names their line's function and op (`microgpt ·log`) or a constant's number.
    private static func name(_ graph: Graph, _ item: Folding.Item) -> String {
        switch item {
        case .call(let c): return graph.calls[c].function
        case .value(let id):
            let node = graph.nodes[id]
            if !node.name.isEmpty { return Folding.group(graph, id) }
            // Not the first value's own title (`log(probs[25])`): the line's, which all of them share.
            guard !node.isLeaf, let site = graph.site(of: id) else { return graph.title(id) }
            return site.caller + " ·" + node.op.symbol
        case .group(let name): return name
        case .repeats: return ""
        }
    }
}
