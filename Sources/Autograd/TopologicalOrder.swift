/// The order in which the topological sort visits a node's children.
///
/// micrograd iterates `v._prev`, a Python set, so its order is arbitrary; the lecture sorts
/// by label "to enforce stability for education purposes". Which order is used decides which
/// contribution the buggy engine keeps.
public enum ChildOrder: Hashable, Sendable {
    /// Children sorted by label (the empty label first), ties kept in operand order: the lecture's order.
    case label
    /// Children in operand order.
    case operand
    /// Children shuffled at every node by a generator seeded with `seed`.
    case random(seed: UInt64)
    /// No sort at all: the `_backward()` calls a script makes by hand, in the order it makes them
    /// (the lecture's cells before `backward()` existed). See `ScriptedPass`.
    case script
    /// The order a learner's own `backward()` called `_backward()` in, as a saved graph recorded
    /// it: the only order of the `yours` engine (see `RecordedPass`).
    case yours

    /// `label`, `operand`, `random`, `script` or `yours`.
    public var name: String {
        switch self {
        case .label: "label"
        case .operand: "operand"
        case .random: "random"
        case .script: "script"
        case .yours: "yours"
        }
    }

    /// The order `o` switches to: label → operand → random → the written orders the graph has
    /// (`script` for a pass written by hand, `yours` for a learner's own) → label.
    public func next(written: [ChildOrder]) -> ChildOrder {
        let cycle: [ChildOrder] = [.label, .operand, .random(seed: 1)] + written
        let here: Int? = if case .random = self { 2 } else { cycle.firstIndex(of: self) }
        guard let here else { return .label }
        return cycle[(here + 1) % cycle.count]
    }

    /// The name with its seed when it has one: `random seed 7`.
    public var description: String {
        if case .random(let seed) = self { return "random seed \(seed)" }
        return name
    }
}

/// One event of micrograd's `build_topo(root)`, the depth-first search that orders the pass.
public struct TopoEvent: Hashable, Sendable {
    /// What an event is: `visit`, `skip` or `append`, as `trace --topo --format json` writes it.
    public enum Kind: String, Sendable {
        /// The value enters `visited`; its children are called next.
        case visit
        /// A call on a value already visited returns at once.
        case skip
        /// All the value's children are done: it joins `topo`.
        case append
    }

    /// What happens: a visit, a skip or an append.
    public var kind: Kind
    /// The value the event is about: the argument of the `build_topo` call.
    public var node: NodeID
    /// How deep the call on `node` is: 0 for `build_topo(root)`.
    public var depth: Int
    /// The value whose loop over its children made the call (the edge followed); nil for the root's.
    public var parent: NodeID?

    /// An event of `kind` on `node`, in a call `depth` deep made by `parent`'s loop.
    public init(_ kind: Kind, _ node: NodeID, depth: Int, parent: NodeID?) {
        self.kind = kind
        self.node = node
        self.depth = depth
        self.parent = parent
    }
}

extension Graph {
    /// micrograd's `build_topo(root)`: a depth-first post-order, each distinct child visited once.
    ///
    /// Iterative, so a 100,000-node chain does not overflow the stack.
    /// - Returns: the ids of every node `root` depends on, children before parents, `root` last.
    /// - Complexity: O(n).
    public func topologicalOrder(from root: NodeID, order: ChildOrder = .label) -> [NodeID] {
        var topo: [NodeID] = []
        topo.reserveCapacity(nodes.count)
        searchTopologically(from: root, order: order) { event in
            if event.kind == .append { topo.append(event.node) }
        }
        return topo
    }

    /// Every event of `build_topo(root)` in the order it happens: each value's visit, each call
    /// on a value already visited, each append to `topo`.
    public func topologicalSearch(from root: NodeID, order: ChildOrder = .label) -> [TopoEvent] {
        var events: [TopoEvent] = []
        searchTopologically(from: root, order: order) { events.append($0) }
        return events
    }

    /// The search itself, telling `event` each step; the one place the children's order and
    /// the visiting rule live.
    private func searchTopologically(from root: NodeID, order: ChildOrder, _ event: (TopoEvent) -> Void) {
        var generator = SeededGenerator(seed: { if case .random(let s) = order { s } else { 0 } }())
        var visited = [Bool](repeating: false, count: nodes.count)
        // One frame per call on the current path: its value's children in visiting order and how many are done.
        struct Frame { var node: NodeID; var children: [NodeID]; var next: Int }
        event(TopoEvent(.visit, root, depth: 0, parent: nil))
        var stack = [Frame(node: root, children: children(of: root, order, &generator), next: 0)]
        visited[root] = true
        while !stack.isEmpty {
            let top = stack.count - 1
            if stack[top].next < stack[top].children.count {
                let child = stack[top].children[stack[top].next]
                stack[top].next += 1
                if visited[child] {
                    event(TopoEvent(.skip, child, depth: top + 1, parent: stack[top].node))
                } else {
                    visited[child] = true
                    event(TopoEvent(.visit, child, depth: top + 1, parent: stack[top].node))
                    stack.append(Frame(node: child, children: children(of: child, order, &generator), next: 0))
                }
            } else {
                let done = stack.removeLast().node
                event(TopoEvent(.append, done, depth: top, parent: stack.last?.node))
            }
        }
    }

    /// `set(_children)` in the visiting order: each distinct operand once.
    private func children(of id: NodeID, _ order: ChildOrder, _ generator: inout SeededGenerator) -> [NodeID] {
        var children: [NodeID] = []
        for operand in nodes[id].operands where !children.contains(operand) {
            children.append(operand)
        }
        switch order {
        case .operand, .script, .yours:
            break
        case .label where children.count < 2:
            break
        case .label where children.count == 2:
            // Most values have two operands: compared in place, ties kept in operand order.
            if wholeLabel(children[1]).unicodeScalars.lexicographicallyPrecedes(wholeLabel(children[0]).unicodeScalars) {
                children.swapAt(0, 1)
            }
        case .label:
            // Python compares strings by code point; Swift's `<` on String does not.
            // `sort` is not stable, so ties fall back to operand position explicitly.
            children = children.enumerated().sorted { lhs, rhs in
                let l = wholeLabel(lhs.element).unicodeScalars, r = wholeLabel(rhs.element).unicodeScalars
                if l.elementsEqual(r) { return lhs.offset < rhs.offset }
                return l.lexicographicallyPrecedes(r)
            }.map(\.element)
        case .random:
            children.shuffle(using: &generator)
        }
        return children
    }
}
