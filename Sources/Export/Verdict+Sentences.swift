import Autograd
import SafeText

/// The verdict's findings as the sentences the step pane and `trace` print.
extension Verdict.Disagreement {
    /// "your _backward() for '*' disagrees with the chain rule (a.grad 0.0055; chain rule -0.0046)",
    /// at its first step, and how many of the op's writes disagree when it is more than one.
    public func sentence(_ graph: Graph) -> String {
        let more = count > 1 ? ", the first of its \(count) writes that do" : ""
        return "your _backward() for '\(SafeText.visible(symbol))' disagrees with the chain rule "
            + "(\(SafeText.visible(graph.reference(target))).grad \(NumberFormat.short(yours)); chain rule \(NumberFormat.short(chainRule))) "
            + "at step \(step)\(more)"
    }
}

extension Verdict {
    /// "your backward() never called c's _backward(): your build_topo skipped it", or for a pass
    /// written by hand, "the script never calls c._backward()": a value whose grad went no further.
    public static func uncalledSentence(_ id: NodeID, _ graph: Graph, source: PassSource) -> String {
        let name = SafeText.visible(graph.reference(id))
        return source.isLearners ? "your backward() never called \(name)'s _backward(): your build_topo skipped it"
            : "the script never calls \(name)._backward()"
    }
}
