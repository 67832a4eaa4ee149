extension Node {
    /// What a person calls this value: its label, else its variable name, else its number if it is
    /// a constant, else `#id`.
    public func title(id: NodeID) -> String {
        if !label.isEmpty { return label }
        if !name.isEmpty { return name }
        if let constant { return constant.pythonRepr }
        return "#\(id)"
    }
}

extension Graph {
    /// The title of node `id`; see `Node.title(id:)`.
    public func title(_ id: NodeID) -> String { nodes[id].title(id: id) }

    /// The title as the receiver of an attribute: `a`, `#7`, but `(0.5)` for a constant,
    /// so `(0.5).grad` does not read as a number.
    public func reference(_ id: NodeID) -> String {
        nodes[id].constant == nil ? title(id) : "(\(title(id)))"
    }

    /// The op that made `id`, written out: `d * e`, `a + a`, `tanh(n)`, `x**2`; the title for a leaf.
    public func formula(_ id: NodeID) -> String {
        let node = nodes[id]
        let names = node.operands.map(title)
        switch node.op {
        case .leaf: return title(id)
        case .add, .mul: return "\(names[0]) \(node.op.symbol) \(names[1])"
        case .pow: return names[0] + node.op.symbol
        case .tanh, .exp: return "\(node.op.symbol)(\(names[0]))"
        case .relu: return "relu(\(names[0]))"
        }
    }
}
