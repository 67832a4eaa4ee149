/// One gradient write inside a `_backward()` call: `target.grad = contribution` or `+= contribution`.
public struct Write: Hashable, Sendable {
    /// The node whose grad is written.
    public var target: NodeID
    /// Which operand slot of the running node this write is for (0 for the first operand).
    public var slot: Int
    public var before: Double
    public var after: Double
    /// `local * out.grad`: what the chain rule sends back along this operand slot.
    public var contribution: Double
    /// What an overwrite threw away: the non-zero grad it replaced. Nil when nothing was lost.
    public var lost: Double?
}

/// One step of the backward pass: step 0 seeds the root's grad, step k ≥ 1 is the
/// `_backward()` of the k-th node of reversed(topo).
public struct Step: Hashable, Sendable {
    /// The node that runs (for step 0, the root being seeded).
    public var node: NodeID
    /// Where this step's writes sit in `Trace.writes`.
    public var writeRange: Range<Int>
}

/// A whole backward pass, recorded write by write, so a debugger can move through it
/// in either direction without recomputing anything.
public struct Trace: Sendable {
    public let engine: Engine
    public let order: ChildOrder
    public let root: NodeID
    /// The nodes in topological order, the root last.
    public let topo: [NodeID]
    /// `steps[0]` seeds the root; `steps[k]` runs `topo[topo.count - k]`.
    public let steps: [Step]
    /// Every write of every step, in the order they happen.
    public let writes: [Write]
    /// Each node's grad when the pass has finished, under this trace's engine.
    public let finalGrads: [Double]
    /// Each node's grad under the fixed engine: the true gradient of the root.
    public let correctGrads: [Double]

    /// The writes step `k` makes.
    public func writes(of k: Int) -> ArraySlice<Write> {
        writes[steps[k].writeRange]
    }

    /// Runs `root.backward()` on `graph` under `engine`, with children visited in `order`, recording
    /// every write; under the `script` order, runs the script's own `_backward()` calls (`pass`) instead.
    /// - Complexity: O(n) time and memory (twice that for the buggy engine, which also runs the fixed one).
    public init(graph: Graph, root: NodeID, engine: Engine, order: ChildOrder = .label, pass: ScriptedPass? = nil) {
        self.engine = engine
        self.order = order
        self.root = root
        let seedRoot = [ScriptedPass.Seed(node: root, value: 1)]
        if order == .script {
            let pass = pass ?? ScriptedPass(seeds: [], calls: [])
            // The list walked upwards is the calls in the order made.
            topo = pass.calls.reversed()
            (steps, writes, finalGrads) = Self.run(graph, calls: pass.calls, seeds: pass.seeds, root: root, engine: engine)
            let sorted = graph.topologicalOrder(from: root)
            correctGrads = Self.run(graph, calls: sorted.reversed(), seeds: seedRoot, root: root, engine: .fixed).grads
        } else {
            topo = graph.topologicalOrder(from: root, order: order)
            (steps, writes, finalGrads) = Self.run(graph, calls: topo.reversed(), seeds: seedRoot, root: root, engine: engine)
            correctGrads = engine == .fixed ? finalGrads
                : Self.run(graph, calls: topo.reversed(), seeds: seedRoot, root: root, engine: .fixed).grads
        }
    }

    /// Step 0 sets the seeds (`self.grad = 1.0` on the root, a plain assignment under either
    /// engine); step k runs the k-th call's `_backward()`.
    private static func run(
        _ graph: Graph, calls: some Collection<NodeID>, seeds: [ScriptedPass.Seed], root: NodeID, engine: Engine
    ) -> (steps: [Step], writes: [Write], grads: [Double]) {
        var grads = [Double](repeating: 0, count: graph.count)
        var steps: [Step] = []
        var writes: [Write] = []
        steps.reserveCapacity(calls.count + 1)
        writes.reserveCapacity(calls.count * 2 + seeds.count)

        for seed in seeds {
            writes.append(Write(target: seed.node, slot: 0, before: grads[seed.node], after: seed.value,
                                contribution: seed.value, lost: nil))
            grads[seed.node] = seed.value
        }
        steps.append(Step(node: root, writeRange: 0..<writes.count))

        for id in calls {
            let node = graph[id]
            let start = writes.count
            let x = node.operands.first.map { graph[$0].data } ?? 0
            let y = node.operands.count > 1 ? graph[node.operands[1]].data : 0
            // micrograd writes the first operand's grad, then the second's.
            for (slot, target) in node.operands.enumerated() {
                let local = node.op.localDerivative(slot: slot, x: x, y: y, out: node.data)
                let contribution = local * grads[id]
                let before = grads[target]
                let after = engine.write(contribution, onto: before)
                let lost: Double? = engine == .buggy && before != 0 ? before : nil
                grads[target] = after
                writes.append(Write(target: target, slot: slot, before: before, after: after,
                                    contribution: contribution, lost: lost))
            }
            steps.append(Step(node: id, writeRange: start..<writes.count))
        }
        return (steps, writes, grads)
    }
}

/// A backward pass written out by hand, as the lecture's cells do it: grads set first
/// (`o.grad = 1.0`), then `_backward()` called node by node (`o._backward()`, `n._backward()`, …).
public struct ScriptedPass: Hashable, Sendable {
    /// `x.grad = value` before the pass: on the root, the seed.
    public struct Seed: Hashable, Sendable {
        public var node: NodeID
        public var value: Double

        public init(node: NodeID, value: Double) {
            self.node = node
            self.value = value
        }
    }

    public var seeds: [Seed]
    /// The nodes whose `_backward()` is called, in the order called, repeats kept.
    public var calls: [NodeID]

    public init(seeds: [Seed], calls: [NodeID]) {
        self.seeds = seeds
        self.calls = calls
    }
}

/// Whether two gradients agree to within rounding (two nans agree): how a grad is judged
/// right or wrong against the correct one.
public func gradientsAgree(_ x: Double, _ y: Double) -> Bool {
    if x.isNaN || y.isNaN { return x.isNaN && y.isNaN }
    if x == y { return true }
    return abs(x - y) <= 1e-9 * max(1, abs(x), abs(y))
}
