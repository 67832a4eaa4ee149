extension Node {
    /// What a person calls this value: its label, else its variable name (with primes for earlier
    /// values of that name: `c`, `c'`, `c''`, `c'3`), else its number if it is a constant, else the
    /// script text that made it (`e - 1`), else `#id`.
    public func title(id: NodeID) -> String {
        if !label.isEmpty { return label }
        if !name.isEmpty { return name + Self.primes(rebinding) }
        if let constant { return constant.pythonRepr }
        if !sourceTitle.isEmpty { return sourceTitle }
        return "#\(id)"
    }
}

extension Node {
    /// How a rebound name is told apart: `'` and `''` for the first two rebindings, then `'3`,
    /// `'4`, … — a title stays short however often a script rebinds a name (`x = x * 1.0001`).
    static func primes(_ rebinding: Int) -> String {
        rebinding <= 2 ? String(repeating: "'", count: rebinding) : "'\(rebinding)"
    }
}

extension Graph {
    /// The title of node `id`; see `Node.title(id:)`. A value with none of its own that was made
    /// inside the exporter's `recording()` is titled by the function that made it and its op,
    /// `rmsnorm ·*`, or for a constant its number, `1e-05`.
    public func title(_ id: NodeID) -> String {
        let node = nodes[id]
        guard !hasOwnTitle(id), let site = site(of: id) else { return node.title(id: id) }
        guard node.isLeaf else { return site.caller + " ·" + node.op.symbol }
        // A constant the learner's code wrapped (`x - max_val`): short, as the screen writes numbers.
        let repr = Number(node.data).pythonRepr
        return repr.count <= 8 ? repr : String(format: "%.4f", node.data)
    }

    /// Whether the learner named a value: a label, or a name from the program (`a`, `w[2]`).
    public func hasName(_ id: NodeID) -> Bool { !nodes[id].label.isEmpty || !nodes[id].name.isEmpty }

    /// Whether a value has a title of its own: a label, a name, a constant's number or the text
    /// that made it; else it is titled by where it was made, or `#id`.
    public func hasOwnTitle(_ id: NodeID) -> Bool {
        !nodes[id].label.isEmpty || !nodes[id].name.isEmpty || nodes[id].constant != nil || !nodes[id].sourceTitle.isEmpty
    }

    /// The title as the receiver of an attribute or an operand: `a`, `#7`, but `(0.5)` for a
    /// constant and `(x1*w1 + x2*w2)` for a label that is not a plain name, so that
    /// `(0.5).grad` and `(x1*w1 + x2*w2)._backward()` read as they should.
    public func reference(_ id: NodeID) -> String {
        let title = title(id)
        // A number (a constant, or a saved leaf titled by its data) is no name: `(0.5).grad`.
        let number = nodes[id].constant != nil || title.first.map { $0.isNumber || $0 == "-" } ?? false
        let plain = !title.isEmpty && !number && title.unicodeScalars.allSatisfy {
            // A name path from the learner's program reads as Python too: `layers[1].w[2].grad`.
            $0.properties.isXIDContinue || $0 == "_" || $0 == "#" || $0 == "'" || $0 == "[" || $0 == "]" || $0 == "."
        }
        return plain ? title : "(\(title))"
    }

    /// The op that made `id`, written out: `d * e`, `a + a`, `tanh(n)`, `x**2`; the title for a leaf.
    public func formula(_ id: NodeID) -> String {
        let node = nodes[id]
        let names = node.operands.map(reference)
        if node.isLeaf { return title(id) }
        return node.op.formula(names)
    }
}
