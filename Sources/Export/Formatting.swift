import Autograd
import SafeText
import Canvas
import Foundation

/// `%.4f` as Python prints it (`-6.0000`, `nan`, `inf`, `-inf`): draw_dot's number format.
public func fixed(_ x: Double, places: Int = 4) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    return String(format: "%.\(places)f", x)
}

/// Pads `text` with spaces on the right to `width` columns.
func padded(_ text: String, _ width: Int) -> String {
    columns(text) >= width ? text : text + String(repeating: " ", count: width - columns(text))
}

/// The columns `text` takes on a terminal: a CJK character or an emoji takes two.
func columns(_ text: String) -> Int { DisplayWidth.of(text) }

/// Pads `text` with spaces on the left to `width` columns.
func leftPadded(_ text: String, _ width: Int) -> String {
    columns(text) >= width ? text : String(repeating: " ", count: width - columns(text)) + text
}

/// A short form for sentences: `3.0`, `-6.0`, `0.5`, `0.7071`.
public func shortNumber(_ x: Double) -> String {
    if !x.isFinite { return fixed(x) }
    var text = fixed(x, places: 4)
    while text.hasSuffix("0") && !text.hasSuffix(".0") { text.removeLast() }
    return text
}

extension Verdict.Disagreement {
    /// "your _backward() for '*' disagrees with the chain rule (a.grad 0.0055; chain rule -0.0046)",
    /// with how many more writes of the op disagree.
    public func sentence(_ graph: Graph) -> String {
        let more = count > 1 ? "; \(count) of its writes do" : ""
        return "your _backward() for '\(SafeText.visible(symbol))' disagrees with the chain rule "
            + "(\(SafeText.visible(graph.reference(target))).grad \(shortNumber(yours)); chain rule \(shortNumber(chainRule))) "
            + "at step \(step)\(more)"
    }
}

extension Verdict {
    /// "your backward() never called c's _backward(): your build_topo skipped it", or for a pass
    /// written by hand, "the script never calls c._backward()": a value whose grad went no further.
    public static func uncalledSentence(_ id: NodeID, _ graph: Graph, order: ChildOrder) -> String {
        let name = SafeText.visible(graph.reference(id))
        return order == .recorded ? "your backward() never called \(name)'s _backward(): your build_topo skipped it"
            : "the script never calls \(name)._backward()"
    }
}
