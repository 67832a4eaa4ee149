import ArgumentParser
import Autograd
import Demos
import Export

/// `gradstep dot`: the graph as Graphviz DOT, like the lecture's draw_dot.
struct DotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dot",
        abstract: "Print the graph as Graphviz DOT (draw_dot's records, one edge per operand slot).",
        discussion: "The grads shown are those after the whole backward pass under --engine and --order, or with --step, those at that step.")

    @OptionGroup var graph: GraphOptions

    // `.unconditional`, so that `--step -1` is read as a value and gets a real message.
    @Option(parsing: .unconditional, help: "Show the grads as they stand at step K, the node that runs at K, and the edges its writes go along.")
    var step: Int?

    func validate() throws {
        if let step, step < 0 { throw ValidationError("--step must be 0 or more") }
    }

    func run() throws {
        let script = try graph.load()
        let trace = try graph.trace(of: script, defaultEngine: .fixed)
        guard let step else { return StandardIO.emitReadable(GraphDOT.render(script.graph, grads: trace.finalGrads)) }
        guard step < trace.steps.count else {
            throw ValidationError("--step \(step) is past the end: this graph has steps 0 to \(trace.steps.count - 1)")
        }
        StandardIO.emitReadable(GraphDOT.render(script.graph, trace: trace, step: step))
    }
}
