import ArgumentParser
import Autograd
import Demos
import Export

/// `gradstep dot`: the graph as Graphviz DOT, like the lecture's draw_dot.
struct DotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dot",
        abstract: "Print the graph as Graphviz DOT (draw_dot's records, one edge per operand slot).",
        discussion: "The grads shown are those after the whole backward pass under --engine and --order.")

    @OptionGroup var graph: GraphOptions

    func run() throws {
        let script = try graph.load()
        let trace = try graph.trace(of: script, defaultEngine: .fixed)
        emit(GraphDOT.render(script.graph, grads: trace.finalGrads))
    }
}
