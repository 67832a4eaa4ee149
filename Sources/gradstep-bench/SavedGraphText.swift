import Autograd
import Script

/// A graph written as `gradstep_export.save` writes it, with the fixed engine's pass as the
/// learner's own: what `gradstep graph.json --engine yours` reads, at the benchmark's sizes.
enum SavedGraphText {
    static func make(_ script: LoadedScript) -> String {
        let graph = script.graph
        let trace = Trace(graph: graph, root: script.root, engine: .fixed)
        var out = "{\"gradstep\":1,\"style\":\"micrograd\",\"root\":\(script.root),\"nodes\":["
        for (id, node) in graph.nodes.enumerated() {
            if id > 0 { out += "," }
            out += "{\"id\":\(id),\"data\":\(node.data),\"op\":\"\(node.op.symbol)\",\"operands\":["
            out += node.operands.map(String.init).joined(separator: ",")
            out += "],\"label\":\"\(node.label)\",\"grad\":\(trace.finalGrads[id])}"
        }
        out += "],\"pass\":{\"kind\":\"calls\",\"seed\":1.0,\"calls\":["
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
