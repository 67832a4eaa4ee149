/// Central-difference estimates of d(root)/d(leaf), one per leaf, as far as their budget went.
public struct NumericGradients: Sendable {
    /// Each node's estimate: nil for a node that is not a leaf, and for a leaf it was not computed for.
    public let values: [Double?]
    /// The leaves left out when the budget ran out.
    public let skipped: Set<NodeID>
    /// The leaves below an op only the learner's code can run (an op of a saved graph's own, `my_sigmoid`).
    public let unrunnable: Set<NodeID>

    /// The estimate for node `id`, if it has one.
    public subscript(id: NodeID) -> Double? { values[id] }

    /// Whether `id` is a leaf left without an estimate, for the budget or for an op gradstep cannot run.
    public func isSkipped(_ id: NodeID) -> Bool { skipped.contains(id) || unrunnable.contains(id) }
}

extension Graph {
    /// How many node evaluations the estimates may cost at the most: a few tenths of a second.
    public static let numericBudget = 60_000_000

    /// Central-difference estimates of d(root)/d(leaf) for every leaf `root` depends on,
    /// by re-running the forward pass with that leaf nudged up and down.
    ///
    /// An outside check on both engines: it knows nothing of `_backward()`. Each re-run recomputes
    /// only the values downstream of the nudged leaf, which over all leaves can grow as n² (a fresh
    /// constant on every line of a chain): leaves are estimated while `budget` node evaluations
    /// last — labelled values first, then constants, those nearest the root (the cheapest) first —
    /// and the rest are `skipped`, as are leaves below an op only the learner's code can run.
    /// - Complexity: O(min(Σ cone sizes, budget) + n).
    public func numericGradients(of root: NodeID, budget: Int = numericBudget) -> NumericGradients {
        let consumers = Consumers(self)
        var result = [Double?](repeating: nil, count: nodes.count)
        var data = nodes.map(\.data)
        var cone = ConeWalker(count: nodes.count)
        let leaves = topologicalOrder(from: root, order: .operand).reversed().filter { nodes[$0].isLeaf }
        let ordered = leaves.filter { nodes[$0].constant == nil } + leaves.filter { nodes[$0].constant != nil }
        var spent = 0
        var skipped = Set<NodeID>()
        var unrunnable = Set<NodeID>()
        for leaf in ordered {
            guard spent < budget, let downstream = cone.downstream(of: leaf, consumers, limit: budget - spent) else {
                skipped.insert(leaf)
                spent = budget
                continue
            }
            spent += 3 * downstream.count + 1  // the walk and two re-runs
            // Only the learner's code can run an op it recorded (an op of a saved graph's own, `my_sigmoid`).
            if downstream.contains(where: { nodes[$0].op.isLearners }) {
                unrunnable.insert(leaf)
                continue
            }
            let x = nodes[leaf].data
            // Roughly the cube root of machine epsilon, scaled: the usual step for a central difference.
            let h = 6e-6 * Swift.max(1, Swift.abs(x))
            data[leaf] = x + h
            recompute(downstream, &data)
            let up = data[root]
            data[leaf] = x - h
            recompute(downstream, &data)
            let down = data[root]
            data[leaf] = x
            for id in downstream { data[id] = nodes[id].data }
            result[leaf] = (up - down) / (2 * h)
        }
        return NumericGradients(values: result, skipped: skipped, unrunnable: unrunnable)
    }

    /// Recomputes `ids`, which are in topological order, from the current `data`.
    private func recompute(_ ids: [NodeID], _ data: inout [Double]) {
        for id in ids {
            let operands = nodes[id].operands
            let x = data[operands[0]]
            data[id] = nodes[id].op.forward(x, operands.count > 1 ? data[operands[1]] : 0)
        }
    }
}

/// Finds the nodes downstream of a leaf in topological order, reusing its buffers between leaves.
private struct ConeWalker {
    /// `mark[id] == generation` means visited in the current walk; bumping the generation clears all marks.
    private var mark: [Int]
    private var generation = 0
    private var stack: [(node: NodeID, next: Int)] = []

    init(count: Int) {
        mark = [Int](repeating: 0, count: count)
    }

    /// Every node reachable from `leaf` along consumer edges, excluding `leaf`, operands first:
    /// the reversed post-order of a depth-first walk.
    /// Nil when re-running them would cost more than `limit` evaluations (three per node: the
    /// walk and two re-runs); the walk stops there.
    mutating func downstream(of leaf: NodeID, _ consumers: Consumers, limit: Int) -> [NodeID]? {
        generation += 1
        var postorder: [NodeID] = []
        var visited = 0
        mark[leaf] = generation
        stack.append((leaf, consumers.start[leaf]))
        while let top = stack.last {
            if top.next < consumers.start[top.node + 1] {
                stack[stack.count - 1].next += 1
                let consumer = consumers.list[top.next]
                if mark[consumer] != generation {
                    mark[consumer] = generation
                    visited += 1
                    if 3 * visited + 1 > limit {
                        stack.removeAll(keepingCapacity: true)
                        return nil
                    }
                    stack.append((consumer, consumers.start[consumer]))
                }
            } else {
                stack.removeLast()
                if top.node != leaf { postorder.append(top.node) }
            }
        }
        return postorder.reversed()
    }
}
