extension Graph {
    /// Central-difference estimates of d(root)/d(leaf) for every leaf `root` depends on,
    /// by re-running the forward pass with that leaf nudged up and down.
    ///
    /// An outside check on both engines: it knows nothing of `_backward()`.
    /// - Returns: one entry per node; nil for nodes that are not leaves reachable from `root`.
    /// - Complexity: O(leaves × n) in the worst case; each re-run only recomputes the nodes
    ///   downstream of the nudged leaf.
    public func numericGradients(of root: NodeID) -> [Double?] {
        let topo = topologicalOrder(from: root, order: .operand)
        var result = [Double?](repeating: nil, count: nodes.count)
        var data = nodes.map(\.data)
        var affected = [Bool](repeating: false, count: nodes.count)
        for leaf in topo where nodes[leaf].isLeaf {
            let x = nodes[leaf].data
            // Roughly the cube root of machine epsilon, scaled: the usual step for a central difference.
            let h = 6e-6 * Swift.max(1, Swift.abs(x))
            data[leaf] = x + h
            let up = evaluate(root, changed: leaf, data: &data, affected: &affected)
            data[leaf] = x - h
            let down = evaluate(root, changed: leaf, data: &data, affected: &affected)
            data[leaf] = x
            _ = evaluate(root, changed: leaf, data: &data, affected: &affected)
            result[leaf] = (up - down) / (2 * h)
        }
        return result
    }

    /// Recomputes every node after `changed` that depends on it, and returns the root's new data.
    private func evaluate(_ root: NodeID, changed: NodeID, data: inout [Double], affected: inout [Bool]) -> Double {
        guard changed < root else { return data[root] }
        affected[changed] = true
        for id in (changed + 1)...root {
            let node = nodes[id]
            guard node.operands.contains(where: { affected[$0] }) else { continue }
            affected[id] = true
            let x = data[node.operands[0]]
            data[id] = node.op.forward(x, node.operands.count > 1 ? data[node.operands[1]] : 0)
        }
        for id in changed...root { affected[id] = false }
        return data[root]
    }
}
