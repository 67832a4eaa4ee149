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

    /// What the chain rule makes of the grad: `before + contribution`, the `+=` answer.
    public var chainRule: Double { before + contribution }

    /// Whether the write left what the chain rule makes (every `+=` write does; a learner's may not).
    public var followsChainRule: Bool { gradientsAgree(after, chainRule) }
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

    /// The order a trace under `engine` runs in: the one asked for, but the learner's own under `yours`.
    public static func order(_ order: ChildOrder, under engine: Engine) -> ChildOrder {
        engine == .yours ? .yours : order
    }

    /// Runs `root.backward()` on `graph` under `engine`, with children visited in `order`, recording
    /// every write; under the `script` order, runs the script's own `_backward()` calls (`pass`) instead.
    /// Under the `yours` engine, replays the learner's own pass (`recorded`); under the `yours`
    /// order, runs the engine over that pass's calls.
    /// - Complexity: O(n) time and memory (twice that for the buggy engine, which also runs the fixed one).
    public init(graph: Graph, root: NodeID, engine: Engine, order: ChildOrder = .label, pass: ScriptedPass? = nil,
                recorded: RecordedPass? = nil) {
        self.engine = engine
        self.order = Self.order(order, under: engine)
        self.root = root
        let seedRoot = [ScriptedPass.Seed(node: root, value: 1)]
        if engine == .yours {
            let recorded = recorded ?? RecordedPass(seed: 0, calls: [])
            topo = recorded.calls.map(\.node).reversed()
            (steps, writes, finalGrads) = Self.replay(graph, recorded, root: root)
            correctGrads = Self.chainRule(graph, root: root)
        } else if order == .script || order == .yours {
            // The calls somebody wrote, in their order: by hand in a script, or the learner's own.
            let (seeds, calls): ([ScriptedPass.Seed], [NodeID]) = order == .script
                ? (pass?.seeds ?? [], pass?.calls ?? [])
                : (seedRoot, recorded?.calls.map(\.node) ?? [])
            // The list walked upwards is the calls in the order made.
            topo = calls.reversed()
            (steps, writes, finalGrads) = Self.run(graph, calls: calls, seeds: seeds, root: root, engine: engine)
            correctGrads = Self.chainRule(graph, root: root)
        } else {
            topo = graph.topologicalOrder(from: root, order: order)
            (steps, writes, finalGrads) = Self.run(graph, calls: topo.reversed(), seeds: seedRoot, root: root, engine: engine)
            correctGrads = engine == .fixed ? finalGrads
                : Self.run(graph, calls: topo.reversed(), seeds: seedRoot, root: root, engine: .fixed).grads
        }
    }

    /// Every grad as `root.backward()` makes it under `+=`: what a pass in someone else's order is judged by.
    private static func chainRule(_ graph: Graph, root: NodeID) -> [Double] {
        run(graph, calls: graph.topologicalOrder(from: root).reversed(), seeds: [ScriptedPass.Seed(node: root, value: 1)],
            root: root, engine: .fixed).grads
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
            // Read field by field: a copy of the whole node would retain each of its strings.
            let operands = graph.nodes[id].operands, op = graph.nodes[id].op, out = graph.nodes[id].data
            let start = writes.count
            let x = operands.first.map { graph.nodes[$0].data } ?? 0
            let y = operands.count > 1 ? graph.nodes[operands[1]].data : 0
            // micrograd writes the first operand's grad, then the second's.
            for (slot, target) in operands.enumerated() {
                let local = op.localDerivative(slot: slot, x: x, y: y, out: out)
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

    /// The learner's pass as recorded: each call's changes become writes, one per operand written,
    /// with what the chain rule (`+=`, the op's local derivatives, the `out.grad` the call saw) sends.
    private static func replay(_ graph: Graph, _ recorded: RecordedPass, root: NodeID)
        -> (steps: [Step], writes: [Write], grads: [Double]) {
        var grads = [Double](repeating: 0, count: graph.count)
        var steps: [Step] = []
        var writes: [Write] = []
        steps.reserveCapacity(recorded.calls.count + 1)
        writes.reserveCapacity(recorded.calls.count * 2 + 1)
        writes.append(Write(target: root, slot: 0, before: 0, after: recorded.seed, contribution: recorded.seed, lost: nil))
        grads[root] = recorded.seed
        steps.append(Step(node: root, writeRange: 0..<1))

        for call in recorded.calls {
            let node = graph[call.node]
            let start = writes.count
            let x = node.operands.first.map { graph[$0].data } ?? 0
            let y = node.operands.count > 1 ? graph[node.operands[1]].data : 0
            for change in call.changes {
                guard let slot = node.operands.firstIndex(of: change.target) else { continue }
                // `a + a` writes a.grad once per slot; the recording saw the two as one change.
                var contribution = 0.0
                for (s, operand) in node.operands.enumerated() where operand == change.target {
                    contribution += node.op.localDerivative(slot: s, x: x, y: y, out: node.data) * call.outGrad
                }
                var write = Write(target: change.target, slot: slot, before: change.before, after: change.after,
                                  contribution: contribution, lost: nil)
                // An overwrite: the grad became this call's contribution alone.
                if change.before != 0 && gradientsAgree(change.after, contribution) && !write.followsChainRule { write.lost = change.before }
                writes.append(write)
                grads[change.target] = change.after
            }
            steps.append(Step(node: call.node, writeRange: start..<writes.count))
        }
        return (steps, writes, grads)
    }
}

/// A learner's own backward pass, as `gradstep_export.save` recorded it: the grad `backward()`
/// seeded the root with, then each `_backward()` call in the order made, with the grads of the
/// node's operands before and after it.
public struct RecordedPass: Hashable, Sendable {
    /// One operand's grad around one call.
    public struct Change: Hashable, Sendable {
        public var target: NodeID
        public var before: Double
        public var after: Double

        public init(target: NodeID, before: Double, after: Double) {
            self.target = target
            self.before = before
            self.after = after
        }
    }

    /// One `_backward()` call: whose, the node's own grad when it ran (`out.grad`), and what it changed.
    public struct Call: Hashable, Sendable {
        public var node: NodeID
        public var outGrad: Double
        /// One per distinct operand, in operand order.
        public var changes: [Change]

        public init(node: NodeID, outGrad: Double, changes: [Change]) {
            self.node = node
            self.outGrad = outGrad
            self.changes = changes
        }
    }

    /// The root's grad when the pass began its calls: 1.0 unless the learner's `backward()` forgot it.
    public var seed: Double
    /// The `_backward()` calls in the order the learner's `backward()` made them, with their writes.
    public var calls: [Call]
    /// Whether the calls were made from the local gradients of the learner's class (the
    /// local-gradient style, whose `backward()` is `child.grad += local_grad * v.grad`), not
    /// recorded one by one.
    public var replayed: Bool

    /// A pass seeded with `seed`, then `calls`; `replayed` for one made from local gradients.
    public init(seed: Double, calls: [Call], replayed: Bool = false) {
        self.seed = seed
        self.calls = calls
        self.replayed = replayed
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
