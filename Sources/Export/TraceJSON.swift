import SafeText
import Autograd

/// The JSON form of a trace: a contract other tools and tests rely on.
///
/// `{engine, order, seed, root, nodes: [{id, label, name, title, source, op, data, grad, correct, numeric, children}],
///   topo, steps: [{node, writes: [{node, before, after, contribution, lost}]}]}`.
/// Non-finite numbers are the strings "nan", "inf", "-inf".
public enum TraceJSON {
    /// `{"file": …, "line": 87, "function": "rmsnorm", "calls": ["doc_loss", "gpt"]}`.
    static func source(_ site: Site) -> String {
        // The learner's own functions: a comprehension's frame is its enclosing function's line.
        "{\"file\": \(string(site.file)), \"line\": \(site.line), \"function\": \(string(site.namedFunction)), "
            + "\"calls\": [\(site.namedCalls.map(string).joined(separator: ", "))]}"
    }

    /// The whole document, one line per node and per step.
    public static func render(_ graph: Graph, _ trace: Trace, numeric: NumericGradients) -> String {
        var out = "{\n"
        out += "\"engine\": \(string(trace.engine.rawValue)),\n"
        out += "\"order\": \(string(trace.order.name)),\n"
        if case .random(let seed) = trace.order { out += "\"seed\": \(seed),\n" } else { out += "\"seed\": null,\n" }
        out += "\"root\": \(trace.root),\n"
        out += "\"nodes\": [\n"
        for (id, node) in graph.nodes.enumerated() {
            out += "{\"id\": \(id), \"label\": \(string(graph.wholeLabel(id))), \"name\": \(string(node.name)), "
            // A label cut or written out for the screen is whole here, as `label` is.
            out += "\"title\": \(string(graph.wholeLabels[id] ?? graph.title(id))), "
            // Where the learner's program made it: {file, line, function, calls}, or null.
            out += "\"source\": \(graph.site(of: id).map(source) ?? "null"), "
            out += "\"op\": \(string(node.op.symbol)), \"data\": \(number(node.data)), "
            out += "\"grad\": \(number(trace.finalGrads[id])), \"correct\": \(number(trace.correctGrads[id])), "
            out += "\"numeric\": \(numeric[id].map(number) ?? (numeric.isSkipped(id) ? "\"not computed\"" : "null")), "
            out += "\"children\": [\(node.operands.map(String.init).joined(separator: ", "))]}"
            out += id == graph.count - 1 ? "\n" : ",\n"
        }
        out += "],\n"
        out += "\"topo\": [\(trace.topo.map(String.init).joined(separator: ", "))],\n"
        out += "\"steps\": [\n"
        for (k, step) in trace.steps.enumerated() {
            let writes = trace.writes(of: k).map { w in
                "{\"node\": \(w.target), \"before\": \(number(w.before)), \"after\": \(number(w.after)), "
                    + "\"contribution\": \(number(w.contribution)), \"lost\": \(w.lost.map(number) ?? "null")}"
            }
            out += "{\"node\": \(step.node), \"writes\": [\(writes.joined(separator: ", "))]}"
            out += k == trace.steps.count - 1 ? "\n" : ",\n"
        }
        out += "]\n}\n"
        return out
    }

    /// A JSON number; the strings "nan", "inf", "-inf" for non-finite values.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "\"nan\"" }
        if x.isInfinite { return x < 0 ? "\"-inf\"" : "\"inf\"" }
        return x.description
    }

    /// A JSON string literal (see `SafeText.jsonQuoted`).
    public static func string(_ text: String) -> String {
        SafeText.jsonQuoted(text)
    }
}
