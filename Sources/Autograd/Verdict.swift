/// Which leaf grads a backward pass got wrong: the one rule every report uses, so `trace` and
/// the screen always agree.
///
/// The leaves judged are the values the root depends on that no op made, except constants (the
/// plain numbers micrograd wraps in a `Value`, like the `2` of `2 * x`): nobody learns those, and
/// counting them would make "3 of 3 wrong" out of one wrong weight. A grad is wrong where it
/// disagrees with the fixed engine's (`gradientsAgree`).
public struct Verdict: Sendable {
    /// The leaves judged, in topological order.
    public let leaves: [NodeID]
    /// Those whose final grad under the trace's engine is wrong.
    public let wrong: [NodeID]

    public init(_ graph: Graph, _ trace: Trace) {
        leaves = trace.topo.filter { graph[$0].isLeaf && graph[$0].constant == nil }
        wrong = leaves.filter { !gradientsAgree(trace.finalGrads[$0], trace.correctGrads[$0]) }
    }

    /// `every leaf grad is correct` or `2 of 3 leaf grads are wrong`.
    public var summary: String {
        wrong.isEmpty ? "every leaf grad is correct" : "\(wrong.count) of \(leaves.count) leaf grads are wrong"
    }
}
