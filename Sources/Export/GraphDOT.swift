import SafeText
import Autograd

/// Graphviz DOT as the lecture's `draw_dot` draws it, with one edge per operand slot.
///
/// draw_dot keeps edges in a set, so `a + a` shows a single arrow and learners read it as
/// two `a` nodes on top of each other; here it shows two.
public enum GraphDOT {
    /// `digraph { rankdir=LR; one record { title | data %.4f | grad %.4f } per value; an op node per result }`.
    public static func render(_ graph: Graph, grads: [Double]) -> String {
        var out = "digraph {\n\tgraph [rankdir=LR]\n"
        for (id, node) in graph.nodes.enumerated() {
            let record = "{ \(escape(graph.title(id))) | data \(fixed(node.data)) | grad \(fixed(grads[id])) }"
            out += "\t\"v\(id)\" [label=\"\(record)\" shape=record]\n"
            if !node.isLeaf {
                out += "\t\"v\(id)op\" [label=\"\(escape(node.op.symbol))\"]\n"
                out += "\t\"v\(id)op\" -> \"v\(id)\"\n"
            }
        }
        for (id, node) in graph.nodes.enumerated() {
            for operand in node.operands {
                out += "\t\"v\(operand)\" -> \"v\(id)op\"\n"
            }
        }
        return out + "}\n"
    }

    /// The text made safe to show (`\x1b` written out, as everywhere), then escaped for a record
    /// label inside a quoted DOT string, so the label reads in the drawing as it does on screen.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in SafeText.visible(text).unicodeScalars {
            switch scalar {
            case "{", "}", "|", "<", ">", "\"", "\\": out += "\\" + String(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
