import SafeText
import Autograd

/// Graphviz DOT as the lecture's `draw_dot` draws it, with one edge per operand slot.
///
/// draw_dot keeps edges in a set, so `a + a` shows a single arrow and learners read it as
/// two `a` nodes on top of each other; here it shows two.
public enum GraphDOT {
    /// `digraph { rankdir=LR; one record { title | data %.4f | grad %.4f } per value; an op node per result }`.
    public static func render(_ graph: Graph, grads: [Double]) -> String {
        render(graph, grads: grads, marking: nil)
    }

    /// The graph as it stands after step `k` of `trace`: the grads at that moment, the node whose
    /// `_backward()` runs at `k` filled and bold, and the edges its writes go along bold, in the
    /// screen's blue; a value whose grad that step overwrote is drawn bold in the vermillion of
    /// LOST, with a `LOST` field saying what it threw away (so that it reads without colour too).
    public static func render(_ graph: Graph, trace: Trace, step k: Int) -> String {
        var grads = [Double](repeating: 0, count: graph.count)
        for write in trace.writes[0..<trace.steps[k].writeRange.upperBound] { grads[write.target] = write.after }
        let running = trace.steps[k].node
        let writes = trace.writes(of: k)
        let what = k == 0 ? "\(graph.reference(running)).grad = \(NumberFormat.short(writes.first?.after ?? 1))"
            : "\(graph.reference(running))._backward()"
        let mark = Marking(step: k, caption: "step \(k)/\(trace.steps.count - 1): \(what)", running: running,
                           slots: k == 0 ? [] : Set(writes.map(\.slot)),
                           lost: lostGrads(writes))
        return render(graph, grads: grads, marking: mark)
    }

    /// What `writes` threw away, by the value whose grad it was.
    private static func lostGrads(_ writes: ArraySlice<Write>) -> [NodeID: [Double]] {
        var lost: [NodeID: [Double]] = [:]
        for write in writes {
            if let amount = write.lost { lost[write.target, default: []].append(amount) }
        }
        return lost
    }

    /// What `dot --step` marks.
    struct Marking {
        var step: Int
        var caption: String
        var running: NodeID
        /// The running node's operand slots its writes go along.
        var slots: Set<Int>
        /// What the step's writes threw away, by value.
        var lost: [NodeID: [Double]]
    }

    static let blue = "#005faf", vermillion = "#d75f00", paleBlue = "#dbe9f7"

    private static func render(_ graph: Graph, grads: [Double], marking: Marking?) -> String {
        var out = "digraph {\n\tgraph [rankdir=LR]\n"
        if let marking {
            out += "\tlabel=\"\(escape(marking.caption))\" labelloc=t\n"
        }
        for (id, node) in graph.nodes.enumerated() {
            let lost = marking?.lost[id]
            let lostField = lost.map { " | LOST " + $0.map(NumberFormat.full).joined(separator: ", ") } ?? ""
            let record = "{ \(escape(graph.title(id))) | data \(NumberFormat.full(node.data)) | grad \(NumberFormat.full(grads[id]))\(lostField) }"
            var style = ""
            if marking?.running == id {
                style = " style=\"filled,bold\" fillcolor=\"\(paleBlue)\" color=\"\(blue)\" penwidth=2.5"
            } else if lost != nil {
                style = " style=bold color=\"\(vermillion)\" fontcolor=\"\(vermillion)\" penwidth=2"
            }
            out += "\t\"v\(id)\" [label=\"\(record)\" shape=record\(style)]\n"
            if !node.isLeaf {
                out += "\t\"v\(id)op\" [label=\"\(escape(node.op.symbol))\"]\n"
                out += "\t\"v\(id)op\" -> \"v\(id)\"\n"
            }
        }
        for (id, node) in graph.nodes.enumerated() {
            for (slot, operand) in node.operands.enumerated() {
                let active = marking?.running == id && marking?.slots.contains(slot) == true
                let style = active ? " [color=\"\(blue)\" penwidth=3 dir=back arrowtail=normal]" : ""
                out += "\t\"v\(operand)\" -> \"v\(id)op\"\(style)\n"
            }
        }
        return out + "}\n"
    }

    /// The most bytes of one label's text: Graphviz refuses a label of 16 KB, and a record's
    /// title is one field of several.
    static let labelBytes = 2048

    /// `text` cut to `labelBytes` bytes of UTF-8, at a character, ending in `…` when cut.
    static func cutForGraphviz(_ text: String) -> String {
        guard text.utf8.count > labelBytes else { return text }
        var out = "", bytes = 0
        for character in text {
            bytes += character.utf8.count
            if bytes > labelBytes - 3 { break }
            out.append(character)
        }
        return out + "…"
    }

    /// The text made safe to show (`\x1b` written out, as everywhere), then escaped for a record
    /// label inside a quoted DOT string, so the label reads in the drawing as it does on screen.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in cutForGraphviz(SafeText.visible(text)).unicodeScalars {
            switch scalar {
            case "{", "}", "|", "<", ">", "\"", "\\": out += "\\" + String(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
