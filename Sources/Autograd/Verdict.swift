/// Which leaf grads a backward pass got wrong: the one rule every report uses, so `trace` and
/// the screen always agree.
///
/// The leaves judged are the values the root depends on that no op made, except constants (the
/// plain numbers micrograd wraps in a `Value`, like the `2` of `2 * x`): nobody learns those, and
/// counting them would make "3 of 3 wrong" out of one wrong weight. A grad is wrong where it
/// disagrees with the fixed engine's (`gradientsAgree`).
public struct Verdict: Sendable {
    /// The leaves judged, in topological order (by id for a pass written by hand).
    public let leaves: [NodeID]
    /// Those whose final grad under the trace's engine is wrong.
    public let wrong: [NodeID]
    /// Calls made too early: at `step`, `node`'s `_backward()` ran before `consumer`'s had added
    /// its share to `node.grad`, so what it passed on misses that share, even under `+=`. Only a
    /// pass written by hand (the `script` order) can do that; a topological order never does.
    public let early: [(step: Int, node: NodeID, consumer: NodeID)]

    /// In a pass somebody wrote, the values with operands whose `_backward()` it never calls
    /// though their grad is not zero: what reached them goes no further. A learner's
    /// `build_topo` whose `visited` set compares values by data skips one this way.
    public let uncalled: [NodeID]

    /// Under `yours`, each op whose recorded writes disagree with the chain rule, by `_op`
    /// string, with its first disagreeing write; in the order first met.
    public let disagreements: [Disagreement]

    /// A write of the learner's `_backward()` for an op that the chain rule would not make.
    public struct Disagreement: Sendable {
        /// The op's `_op` string: `*`, `+`, `my_sigmoid`.
        public var symbol: String
        /// The first disagreeing write: at `step`, `node`'s `_backward()` left `target.grad` at
        /// `yours`, where `+=` with the op's local derivative makes `chainRule`.
        public var step: Int
        public var node: NodeID
        public var target: NodeID
        public var yours: Double
        public var chainRule: Double
        /// How many writes of this op disagree.
        public var count: Int
    }

    public init(_ graph: Graph, _ trace: Trace) {
        // In topological order; a pass written by hand may call no leaf at all, so there, every leaf by id.
        let ordered = trace.source.isWritten ? Array(graph.nodes.indices) : trace.topo
        // Not a constant, nor a number the learner's code wrapped inside `recording()` without a
        // name (the `0.0` that starts a `sum`, the `2` of `2 * x`).
        leaves = ordered.filter { id in
            graph[id].isLeaf && graph[id].constant == nil && (graph.site(of: id) == nil || graph.hasName(id))
        }
        wrong = leaves.filter { !gradientsAgree(trace.finalGrads[$0], trace.correctGrads[$0]) }
        early = trace.source.isWritten ? Self.earlyCalls(graph, trace) : []
        uncalled = trace.source.isWritten ? Self.uncalledValues(graph, trace) : []
        disagreements = trace.source == .yours ? Self.disagreements(graph, trace) : []
    }

    private static func disagreements(_ graph: Graph, _ trace: Trace) -> [Disagreement] {
        var found: [Disagreement] = []
        var index: [String: Int] = [:]
        for (k, step) in trace.steps.enumerated() where k > 0 {
            for write in trace.writes(of: k) where !write.followsChainRule {
                let symbol = graph[step.node].op.symbol
                if let i = index[symbol] {
                    found[i].count += 1
                } else {
                    index[symbol] = found.count
                    found.append(Disagreement(symbol: symbol, step: k, node: step.node, target: write.target,
                                              yours: write.after, chainRule: write.chainRule, count: 1))
                }
            }
        }
        return found
    }

    private static func uncalledValues(_ graph: Graph, _ trace: Trace) -> [NodeID] {
        var called = [Bool](repeating: false, count: graph.count)
        for step in trace.steps.dropFirst() { called[step.node] = true }
        return graph.nodes.indices.filter { !graph[$0].isLeaf && !called[$0] && trace.finalGrads[$0] != 0 }
    }

    private static func earlyCalls(_ graph: Graph, _ trace: Trace) -> [(step: Int, node: NodeID, consumer: NodeID)] {
        let consumers = Consumers(graph)
        var ran = [Bool](repeating: false, count: graph.count)
        var early: [(step: Int, node: NodeID, consumer: NodeID)] = []
        for (k, step) in trace.steps.enumerated() where k > 0 {
            let node = step.node
            if !graph[node].isLeaf, let missing = consumers.of(node).first(where: { !ran[$0] }) {
                early.append((k, node, missing))
            }
            ran[node] = true
        }
        return early
    }

    /// `every leaf grad is correct` or `2 of 3 leaf grads are wrong`; `no leaf to judge` where
    /// every leaf is a number the program wrapped.
    public var summary: String {
        if leaves.isEmpty { return "no leaf to judge" }
        return wrong.isEmpty ? "every leaf grad is correct" : "\(wrong.count) of \(leaves.count) leaf grads are wrong"
    }
}
