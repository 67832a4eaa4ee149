import Autograd
import Script

/// A graph written as `gradstep_export.save` writes it (format 2, a list per field), with the
/// fixed engine's pass as the learner's own: what `gradstep graph.json --engine yours` reads,
/// at the benchmark's sizes.
enum SavedGraphText {
    static func make(_ script: LoadedScript) -> String {
        let graph = script.graph
        let trace = Trace(graph: graph, root: script.root, engine: .fixed)
        let symbols = Array(Set(graph.nodes.map(\.op.symbol))).sorted()
        let number = Dictionary(uniqueKeysWithValues: symbols.enumerated().map { ($1, $0) })
        func list<T>(_ items: some Sequence<T>) -> String { "[" + items.map { "\($0)" }.joined(separator: ",") + "]" }
        var out = "{\"gradstep\":2,\"style\":\"micrograd\",\"root\":\(script.root)"
        out += ",\"data\":" + list(graph.nodes.map(\.data))
        out += ",\"arity\":" + list(graph.nodes.map(\.operands.count))
        out += ",\"operands\":" + list(graph.nodes.flatMap(\.operands))
        out += ",\"ops\":" + list(symbols.map { "\"\($0)\"" }) + ",\"op\":" + list(graph.nodes.map { number[$0.op.symbol]! })
        out += ",\"labels\":" + list(graph.nodes.indices.filter { !graph[$0].label.isEmpty }.map { "[\($0),\"\(graph[$0].label)\"]" })
        out += ",\"grad\":" + list(trace.finalGrads)
        out += ",\"pass\":{\"kind\":\"calls\",\"seed\":1.0,\"calls\":["
        var grads = [Double](repeating: 0, count: graph.count)
        for write in trace.writes(of: 0) { grads[write.target] = write.after }
        for k in 1..<trace.steps.count {
            let node = trace.steps[k].node
            let outGrad = grads[node]
            var before: [(NodeID, Double)] = []
            for operand in graph[node].operands where !before.contains(where: { $0.0 == operand }) {
                before.append((operand, grads[operand]))
            }
            for write in trace.writes(of: k) { grads[write.target] = write.after }
            let changes = before.map { "[\($0.0),\($0.1),\(grads[$0.0])]" }.joined(separator: ",")
            out += (k > 1 ? "," : "") + "[\(node),\(outGrad),[\(changes)]]"
        }
        return out + "]}}\n"
    }
}
