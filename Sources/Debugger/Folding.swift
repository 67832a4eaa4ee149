import Autograd

/// A graph folded by the learner's calls (the exporter's `recording()`) around one value: each
/// call the value was not made in is one item, with its inputs and outputs and every call it
/// made inside it; the calls the value was made in are open, their values and the calls they
/// made drawn as items of their own. The values made before the recording (the parameters) are
/// folded by the first part of their name: `layer0.attn_wq`, `wte`.
struct Folding: Sendable {
    enum Item: Hashable, Sendable {
        case value(NodeID)
        case call(Int)
        /// Leaves made before the recording (the parameters, the data), by the first part of their
        /// name (`layer0.attn_wq[2][7]` is in `layer0.attn_wq`); the unnamed ones in `""`.
        case group(String)
        /// Repeated items merged into one box (`RepeatMerge`): the folding's `repeated[k]`.
        case repeats(Int)

        /// Whether the item is a folded box (a call's or a group's) rather than a value.
        var isFolded: Bool {
            if case .value = self { return false }
            return true
        }
    }

    /// The calls the value was made in, outermost first: `doc_loss`, `gpt`, `rmsnorm`.
    let open: [Int]
    /// What the folding depends on besides `open`: the parameter drawn as itself when it is the
    /// value folded around (-1 for any other).
    let key: NodeID
    /// The items, each after every item that feeds it.
    let items: [Item]
    /// For each item, the items its lines come from: a value's, one per operand slot; a folded
    /// box's, each item that feeds it once.
    let sources: [[Int]]
    /// For a folded box: how many values it holds, how many from outside it they use, and how
    /// many of them are used outside (the loss, the root, counts as used).
    let held: [Int], inputs: [Int], outputs: [Int]
    /// For each item, the items its lines go to, each once.
    let consumers: [[Int]]
    /// Each value's item, or with `baseItems` its item before the merge.
    private let itemOfNode: [Int32]
    /// In a folding drawn from another (`init(drawing:)`), the item each item of that one is in.
    let baseItems: [Int32]?
    /// In a folding drawn from another, the values drawn as themselves out of their group.
    let pulled: [NodeID: Int32]
    /// Each value that an item uses from outside it, once for each item that uses it; empty in a
    /// folding with its repeats merged (which is never merged again).
    let crossings: [Crossing]
    /// In a folding drawn from another (`init(drawing:)`), the value folded around, which stays
    /// itself; -1 in the base folding. And what each `.repeats` item stands for.
    let mergedAround: NodeID
    /// In a folding drawn from another: 0 with nothing merged, 1 with the repeats merged, 2 with
    /// the parameters' groups merged by their first name too (`layer0`); -1 in the base folding.
    let level: Int
    let repeated: [RepeatMerge.Repeated]

    /// The item value `id` is drawn in.
    func item(of id: NodeID) -> Int {
        guard let baseItems else { return Int(itemOfNode[id]) }
        if !pulled.isEmpty, let item = pulled[id] { return Int(item) }
        return Int(baseItems[Int(itemOfNode[id])])
    }

    /// A value used by an item it is not in.
    struct Crossing: Sendable {
        let to: Int32, value: Int32
    }

    /// The calls that call `call` was made in and itself, outermost first.
    static func chain(_ graph: Graph, _ call: Int?) -> [Int] {
        var chain: [Int] = []
        var next = call
        while let c = next {
            chain.append(c)
            next = graph.calls[c].parent
        }
        return chain.reversed()
    }

    /// What a folding around `focus` depends on besides its open calls (see `key`).
    static func key(_ graph: Graph, _ focus: NodeID) -> NodeID {
        graph.site(of: focus) == nil && graph.nodes[focus].isLeaf ? focus : -1
    }

    /// Whether a graph knows the calls its values were made in, so that it can be folded.
    static func canFold(_ graph: Graph) -> Bool { !graph.calls.isEmpty }

    /// `graph` folded around `focus`: the calls it was made in open, every other folded.
    init(_ graph: Graph, root: NodeID, around focus: NodeID) {
        let open = Self.chain(graph, graph.call(of: focus))
        let (items, itemOfNode) = Self.items(graph, root: root, focus: focus, open: open)
        let lines = Lines(graph, root: root, items: items, itemOfNode: itemOfNode)
        self.init(open: open, key: Self.key(graph, focus), items: items, lines: lines, itemOfNode: itemOfNode, baseItems: nil)
    }

    /// `base` around `focus` as the screen draws it: the running value's operands as themselves
    /// (pulled out of their parameters' group, kept out of any merge), and with `repeats` the
    /// items that repeat each other merged (`gpt ×7`, see `RepeatMerge`), with `groups` the
    /// parameters' groups too by the first part of their name (`layer0`). The work is in
    /// `base`'s items and the values that cross between them, besides two marks a value.
    init(drawing base: Folding, _ graph: Graph, root: NodeID, around focus: NodeID, repeats: Bool, groups: Bool) {
        let (pulled, keep) = Self.drawnAsThemselves(base, graph, root: root, focus: focus)
        let merge = RepeatMerge.merge(graph, base, keep: keep, repeats: repeats, groups: groups)
        let boxOf = merge.boxOf
        var items = merge.items, pulledItem: [NodeID: Int] = [:]
        for value in pulled {
            pulledItem[value] = items.count
            items.append(.value(value))
        }
        let pulledPairs = Array(pulledItem)  // (two at most: a linear look beats hashing every crossing)
        func itemOf(_ value: Int) -> Int {
            for (id, item) in pulledPairs where id == value { return item }
            return boxOf[base.item(of: value)]
        }
        var lines = Lines(count: items.count)
        for b in base.items.indices { lines.held[boxOf[b]] += base.held[b] }
        for (value, item) in pulledItem {
            lines.held[item] = 1
            lines.held[boxOf[base.item(of: value)]] -= 1
        }
        for (item, kind) in items.enumerated() {
            if case .value(let id) = kind { lines.sources[item] = graph.nodes[id].operands.map(itemOf) }  // one per operand slot
        }
        lines.connect(items, base.crossings, box: { boxOf[$0] }, itemOf: itemOf, root: root, valueCount: graph.count)
        // A group whose every value was pulled out of it is no box at all.
        var boxes = boxOf
        if pulled.contains(where: { lines.held[boxOf[base.item(of: $0)]] == 0 }) {
            Self.dropEmpty(&items, &lines, &boxes, &pulledItem, emptiedBy: pulled.map { ($0, boxOf[base.item(of: $0)]) })
        }
        self.init(open: base.open, key: base.key, items: items, lines: lines, itemOfNode: base.itemOfNode,
                  baseItems: boxes, pulled: pulledItem, mergedAround: focus, level: groups ? 2 : repeats ? 1 : 0,
                  repeated: merge.repeated)
    }

    /// The running value's operands that leave their group, and the items kept out of any merge:
    /// the running value's, the root's, its operands'. An operand in a folded run stays in its box.
    private static func drawnAsThemselves(_ base: Folding, _ graph: Graph, root: NodeID, focus: NodeID) -> (pulled: [NodeID], keep: [Int]) {
        var pulled: [NodeID] = [], keep = [base.item(of: focus), base.item(of: root)]
        for operand in Set(graph.nodes[focus].operands).sorted() {
            switch base.items[base.item(of: operand)] {
            case .group: pulled.append(operand)
            case .value: keep.append(base.item(of: operand))
            default: break
            }
        }
        return (pulled, keep)
    }

    /// The items that hold no value taken out, and everything that points at items renumbered; a
    /// base item that was in one now points at its pulled value's item (`emptiedBy`: each pulled
    /// value and the item it was in).
    private static func dropEmpty(_ items: inout [Item], _ lines: inout Lines, _ boxes: inout [Int], _ pulled: inout [NodeID: Int],
                                  emptiedBy: [(NodeID, Int)]) {
        var keptAt = [Int](repeating: -1, count: items.count), kept: [Item] = []
        for (item, kind) in items.enumerated() where lines.held[item] > 0 { keptAt[item] = kept.count; kept.append(kind) }
        for (value, was) in emptiedBy where keptAt[was] < 0 { keptAt[was] = keptAt[pulled[value]!] }
        var trimmed = Lines(count: kept.count)
        for item in items.indices where lines.held[item] > 0 {
            let at = keptAt[item]
            (trimmed.held[at], trimmed.inputs[at], trimmed.outputs[at]) = (lines.held[item], lines.inputs[item], lines.outputs[item])
            trimmed.sources[at] = lines.sources[item].map { keptAt[$0] }
        }
        (items, lines, boxes) = (kept, trimmed, boxes.map { keptAt[$0] })
        pulled = pulled.mapValues { keptAt[$0] }
    }

    /// The items put in an order where each comes after what feeds it, and the rest with them.
    /// Each value's item is `itemOfNode`'s, or with `baseItems` the item that `itemOfNode`'s is merged in.
    private init(open: [Int], key: NodeID, items: [Item], lines: Lines, itemOfNode: [Int32], baseItems: [Int]?,
                 pulled: [NodeID: Int] = [:], mergedAround: NodeID = -1, level: Int = -1,
                 repeated: [RepeatMerge.Repeated] = []) {
        self.open = open
        self.key = key
        self.mergedAround = mergedAround
        self.level = level
        self.repeated = repeated
        // (The values' ids are such an order, and an item's lines only come from items whose values were made before.)
        let order = Self.topologicalOrder(lines.sources)
        var position = [Int](repeating: 0, count: items.count)
        for (p, item) in order.enumerated() { position[item] = p }
        self.items = order.map { items[$0] }
        // A line must come from an item before its own: a saved file whose calls say otherwise
        // loses that line rather than the drawing.
        sources = order.enumerated().map { p, item in lines.sources[item].map { position[$0] }.filter { $0 < p } }
        held = order.map { lines.held[$0] }
        inputs = order.map { lines.inputs[$0] }
        outputs = order.map { lines.outputs[$0] }
        if let baseItems {
            self.itemOfNode = itemOfNode
            self.baseItems = baseItems.map { Int32(position[$0]) }
        } else {
            self.itemOfNode = itemOfNode.map { Int32(position[Int($0)]) }
            self.baseItems = nil
        }
        self.pulled = pulled.mapValues { Int32(position[$0]) }
        crossings = lines.crossings.map { Crossing(to: Int32(position[Int($0.to)]), value: $0.value) }
        consumers = Self.consumers(sources)
    }

    /// The item each value is drawn in, and the items in the order their first value comes.
    private static func items(_ graph: Graph, root: NodeID, focus: NodeID, open: [Int]) -> ([Item], [Int32]) {
        let calls = graph.calls
        var isOpen = [Bool](repeating: false, count: calls.count)
        for c in open { isOpen[c] = true }
        // The folded call a call is drawn in: itself, or the outermost of its callers not open.
        var foldedAs = [Int](repeating: -1, count: calls.count)
        for c in calls.indices where !isOpen[c] {
            foldedAs[c] = calls[c].parent.map { isOpen[$0] ? c : foldedAs[$0] } ?? c
        }
        var items: [Item] = []
        var itemOfCall = [Int](repeating: -1, count: calls.count)
        var itemOfGroup: [String: Int] = [:]
        var itemOfNode = [Int32](repeating: -1, count: graph.count)
        for id in graph.nodes.indices {
            let item: Int
            if let c = graph.call(of: id), foldedAs[c] >= 0 {
                let folded = foldedAs[c]
                if itemOfCall[folded] < 0 { itemOfCall[folded] = items.count; items.append(.call(folded)) }
                item = itemOfCall[folded]
            } else if graph.site(of: id) == nil && graph.nodes[id].isLeaf && id != root && id != focus {
                // (A parameter whose empty `_backward()` runs is drawn as itself.)
                let group = Self.group(graph, id)
                if itemOfGroup[group] == nil { itemOfGroup[group] = items.count; items.append(.group(group)) }
                item = itemOfGroup[group]!
            } else {
                item = items.count
                items.append(.value(id))
            }
            itemOfNode[id] = Int32(item)
        }
        return (items, itemOfNode)
    }

    /// The lines between items, and what each folded box holds, takes in and gives out.
    struct Lines {
        var sources: [[Int]], held: [Int], inputs: [Int], outputs: [Int]
        var crossings: [Crossing] = []

        /// No lines between `count` items.
        init(count: Int) {
            sources = Array(repeating: [], count: count)
            held = Array(repeating: 0, count: count)
            inputs = held
            outputs = held
        }

        /// The lines of `items`, each value's in `itemOfNode`: a value's one per operand slot, and
        /// a folded box's and every item's outputs from the values that cross between items.
        init(_ graph: Graph, root: NodeID, items: [Item], itemOfNode: [Int32]) {
            self.init(count: items.count)
            for id in graph.nodes.indices {
                let item = Int(itemOfNode[id])
                held[item] += 1
                let operands = graph.nodes[id].operands
                if !items[item].isFolded { sources[item] = operands.map { Int(itemOfNode[$0]) } }
                for (slot, operand) in operands.enumerated() where itemOfNode[operand] != itemOfNode[id] && !operands[..<slot].contains(operand) {
                    crossings.append(Crossing(to: Int32(item), value: Int32(operand)))
                }
            }
            connect(items, crossings, box: { $0 }, itemOf: { Int(itemOfNode[$0]) }, root: root, valueCount: graph.count)
        }

        /// From `crossings` (each value an item uses from outside it, the item numbered as `box`
        /// renumbers it): each folded box's lines and what it takes in, and each item's outputs,
        /// the root among them. By box, so that a value two of a box's items use counts once,
        /// with marks rather than hashing.
        mutating func connect(_ items: [Item], _ crossings: [Crossing], box: (Int) -> Int, itemOf: (Int) -> Int,
                              root: NodeID, valueCount: Int) {
            var byBox = [[Int32]](repeating: [], count: items.count)
            for edge in crossings { byBox[box(Int(edge.to))].append(edge.value) }
            var takenBy = [Int32](repeating: -1, count: valueCount)
            var givenOut = [Bool](repeating: false, count: valueCount)
            // For each item, the last box a line from it was drawn into: each line once.
            var linkedTo = [Int32](repeating: -1, count: items.count)
            for (to, values) in byBox.enumerated() {
                for value in values where takenBy[Int(value)] != Int32(to) {
                    let from = itemOf(Int(value))
                    guard from != to else { continue }
                    takenBy[Int(value)] = Int32(to)
                    if items[to].isFolded {
                        inputs[to] += 1
                        if linkedTo[from] != Int32(to) {
                            linkedTo[from] = Int32(to)
                            sources[to].append(from)
                        }
                    }
                    if !givenOut[Int(value)] { givenOut[Int(value)] = true; outputs[from] += 1 }
                }
            }
            if !givenOut[root] { outputs[itemOf(root)] += 1 }
        }
    }

    /// For each item, the items its lines go to, each once, in item order.
    private static func consumers(_ sources: [[Int]]) -> [[Int]] {
        var consumers = [[Int]](repeating: [], count: sources.count)
        for (item, from) in sources.enumerated() { for s in Set(from).sorted() { consumers[s].append(item) } }
        return consumers
    }

    /// The group a value made before the recording is folded in: its name without its indices
    /// at the end, cut after its first index if it has another: `layer0.attn_wq` for
    /// `layer0.attn_wq[2][7]`, `wte` for `wte[3][5]`, `layers[1]` for `layers[1].neurons[0].w[2]`;
    /// else its label; else the unnamed group.
    static func group(_ graph: Graph, _ id: NodeID) -> String {
        var name = Substring(graph.nodes[id].name.isEmpty ? graph.nodes[id].label : graph.nodes[id].name)
        while name.hasSuffix("]"), let open = name.lastIndex(of: "[") { name = name[..<open] }
        if let close = name.firstIndex(of: "]") { name = name[...close] }
        return String(name)
    }

    /// Kahn's order of items whose lines come from `sources`, ties in item order.
    static func topologicalOrder(_ sources: [[Int]]) -> [Int] {
        var remaining = sources.map { Set($0).count }
        let consumers = consumers(sources)
        var ready = remaining.indices.filter { remaining[$0] == 0 }.reversed() as [Int]
        var order: [Int] = []
        order.reserveCapacity(sources.count)
        while let item = ready.popLast() {
            order.append(item)
            for c in consumers[item] {
                remaining[c] -= 1
                if remaining[c] == 0 { ready.append(c) }
            }
        }
        // A cycle cannot happen (a call's values are made while it runs); were one there, its
        // items follow in item order rather than vanish.
        if order.count < sources.count {
            let placed = Set(order)
            order += sources.indices.filter { !placed.contains($0) }
        }
        return order
    }

    /// The words of a folded box: `rmsnorm`, `16 in → 16 out`; a group's `layer0.attn_wq`,
    /// `256 values`; merged repeats' `gpt ×7`, `112 in → 7 out`.
    func words(_ item: Int, _ graph: Graph, arrow: String, times: String = "×") -> (title: String, detail: String) {
        switch items[item] {
        case .value(let id): return (graph.title(id), "")
        case .call(let c): return (graph.calls[c].function, "\(inputs[item]) in \(arrow) \(outputs[item]) out")
        case .repeats(let r):
            return ("\(repeated[r].name) \(times)\(repeated[r].count)", "\(inputs[item]) in \(arrow) \(outputs[item]) out")
        case .group(let name): return (name.isEmpty ? "inputs" : name, "\(held[item]) value\(held[item] == 1 ? "" : "s")")
        }
    }
}
