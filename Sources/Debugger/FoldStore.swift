import Autograd

/// The folding around the running value, made once for each chain of open calls (as the screen
/// draws it, once for each running value), with the first step of each pass at which a write
/// inside each folded box lost a contribution.
final class FoldStore: @unchecked Sendable {
    private let graph: Graph
    private let root: NodeID
    private var last: (open: [Int], key: NodeID, folding: Folding)?
    private var lastDrawn: [Int: (open: [Int], focus: NodeID, folding: Folding)] = [:]
    private var losses: (open: [Int], key: NodeID, pass: String, first: [Int?])?
    private var drawnLosses: (open: [Int], focus: NodeID, level: Int, pass: String, first: [Int?])?
    private let lock = Lock()

    init(_ graph: Graph, root: NodeID) {
        self.graph = graph
        self.root = root
    }

    /// The graph folded around `focus`.
    func folding(around focus: NodeID) -> Folding {
        lock.withLock { base(around: focus) }
    }

    /// The graph folded around `focus` as the screen draws it (`Folding.init(drawing:)`): at
    /// `level` 0 with its operands drawn as themselves, at 1 with the repeats merged (`gpt ×7`) too,
    /// at 2 with the parameters' groups by the first part of their names too.
    func drawnFolding(around focus: NodeID, level: Int) -> Folding {
        lock.withLock {
            let open = Folding.chain(graph, graph.call(of: focus))
            if let last = lastDrawn[level], last.open == open, last.focus == focus { return last.folding }
            let folding = Folding(drawing: base(around: focus), graph, root: root, around: focus, repeats: level >= 1, groups: level >= 2)
            lastDrawn[level] = (open, focus, folding)
            return folding
        }
    }

    private func base(around focus: NodeID) -> Folding {
        let open = Folding.chain(graph, graph.call(of: focus)), key = Folding.key(graph, focus)
        if let last, last.open == open, last.key == key { return last.folding }
        let folding = Folding(graph, root: root, around: focus)
        last = (open, key, folding)
        return folding
    }

    /// For each item of `folding`, the first step of `trace` (the pass named `pass`: its engine
    /// and order) whose writes, made by a value the item holds, threw a contribution away; nil
    /// where none does.
    func firstLosses(_ folding: Folding, _ trace: Trace, pass: String) -> [Int?] {
        lock.withLock {
            guard let baseItems = folding.baseItems else { return baseLosses(folding, trace, pass: pass) }
            let focus = folding.mergedAround
            if let m = drawnLosses, m.open == folding.open, m.focus == focus, m.level == folding.level, m.pass == pass {
                return m.first
            }
            // A merged box's: the first of its items'.
            var first = [Int?](repeating: nil, count: folding.items.count)
            for (item, step) in baseLosses(base(around: focus), trace, pass: pass).enumerated() {
                guard let step else { continue }
                let box = Int(baseItems[item])
                first[box] = min(first[box] ?? step, step)
            }
            drawnLosses = (folding.open, focus, folding.level, pass, first)
            return first
        }
    }

    private func baseLosses(_ folding: Folding, _ trace: Trace, pass: String) -> [Int?] {
        if let losses, losses.open == folding.open, losses.key == folding.key, losses.pass == pass { return losses.first }
        var first = [Int?](repeating: nil, count: folding.items.count)
        for k in trace.steps.indices.dropFirst() where trace.writes(of: k).contains(where: { $0.lost != nil }) {
            let item = folding.item(of: trace.steps[k].node)
            if first[item] == nil { first[item] = k }
        }
        losses = (folding.open, folding.key, pass, first)
        return first
    }
}
