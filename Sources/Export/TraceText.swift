import SafeText
import Autograd
import Canvas

/// The plain-text report of a trace: one block per step, then each leaf's grad beside the correct one.
public enum TraceText {
    /// The whole report for `trace` of `graph`, titled with `name`.
    public static func render(_ graph: Graph, _ trace: Trace, name: String, numeric: NumericGradients) -> String {
        var out = "gradstep trace: \(SafeText.visible(name))   engine: \(trace.engine.rawValue) (\(trace.engine.phrase))"
        out += "   order: \(trace.order.description)\n"
        out += "topo: " + trace.topo.map { SafeText.visible(graph.title($0)) }.joined(separator: ", ")
        let uncalled = Verdict(graph, trace).uncalled
        if !uncalled.isEmpty { out += "; never called: " + uncalled.map { SafeText.visible(graph.title($0)) }.joined(separator: ", ") }
        out += "\n"
        let narrator = Narrator(graph, trace)
        for k in trace.steps.indices {
            out += "\n" + narrator.header(of: k) + "\n"
            for write in trace.writes(of: k) {
                out += "  " + line(for: write, graph, engine: k == 0 ? nil : trace.engine) + "\n"
            }
        }
        out += "\n" + leafTable(graph, trace, numeric: numeric)
        return out
    }

    /// `a.grad  -6.0000 -> 3.0000  (= overwrite, lost -6.0000)` or `(+= 9.0000)`.
    /// `engine` is nil for the root's seed, which is a plain assignment under either engine.
    public static func line(for write: Write, _ graph: Graph, engine: Engine?) -> String {
        var text = "\(SafeText.visible(graph.reference(write.target))).grad  \(NumberFormat.full(write.before)) -> \(NumberFormat.full(write.after))"
        switch engine {
        case nil: break
        case .fixed: text += "  (+= \(NumberFormat.full(write.contribution)))"
        case .buggy:
            text += write.lost.map { "  (= overwrite, lost \(NumberFormat.full($0)))" } ?? "  (= overwrite)"
        case .yours:
            if write.followsChainRule {
                text += "  (your code; as the chain rule)"
            } else {
                let lost = write.lost.map { ", overwrote \(NumberFormat.full($0))" } ?? ""
                text += "  (your code\(lost); the chain rule makes \(NumberFormat.full(write.chainRule)))"
            }
        }
        return text
    }

    /// Every judged leaf's final grad, the correct one and the finite-difference estimate; WRONG
    /// where they differ; then the verdict (`Verdict`, the rule the screen uses).
    static func leafTable(_ graph: Graph, _ trace: Trace, numeric: NumericGradients) -> String {
        let verdict = Verdict(graph, trace)
        let rows = verdict.leaves.map { id in
            [SafeText.visible(graph.title(id)), NumberFormat.full(trace.finalGrads[id]), NumberFormat.full(trace.correctGrads[id]),
             numeric[id].map { NumberFormat.full($0) } ?? (numeric.isSkipped(id) ? "not computed" : "-")]
        }
        let headings = ["leaf", "grad (\(trace.engine.rawValue))", "correct", "numeric"]
        // Columns by the width titles take on a terminal, wide characters counted twice.
        let widths = (0..<4).map { column in ([headings] + rows).map { DisplayWidth.of($0[column]) }.max()! }
        func format(_ row: [String]) -> String {
            DisplayWidth.pad(row[0], to: widths[0]) + (1..<4).map { "   " + DisplayWidth.padLeft(row[$0], to: widths[$0]) }.joined()
        }
        let wrong = Set(verdict.wrong)
        var out = format(headings) + "\n"
        for (id, row) in zip(verdict.leaves, rows) {
            out += format(row) + (wrong.contains(id) ? "   WRONG" : "") + "\n"
        }
        if !numeric.skipped.isEmpty {
            out += "numeric: \(numeric.skipped.count) leaves not computed (the check's budget ran out)\n"
        }
        if !numeric.unrunnable.isEmpty {
            out += "numeric: \(numeric.unrunnable.count) leaves not computed (only your code can run the ops above them)\n"
        }
        for call in verdict.early {
            out += "step \(call.step): \(SafeText.visible(graph.reference(call.node)))._backward() ran before "
                + "\(SafeText.visible(graph.reference(call.consumer)))._backward() had added to its grad\n"
        }
        for id in verdict.uncalled {
            out += Verdict.uncalledSentence(id, graph, source: trace.source) + "\n"
        }
        for disagreement in verdict.disagreements {
            out += disagreement.sentence(graph) + "\n"
        }
        let engine = trace.source == .yours ? "your backward()" : "the \(trace.engine.rawValue) engine"
        return out + verdict.summary + (verdict.wrong.isEmpty ? "" : " under \(engine)") + "\n"
    }
}
