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
        let trace = Trace(graph: script.graph, root: script.root, engine: graph.engine ?? .fixed, order: graph.childOrder)
        emit(GraphDOT.render(script.graph, grads: trace.finalGrads))
    }
}

/// `gradstep demos`: the built-in scripts.
struct DemosCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demos",
        abstract: "List the built-in demos, one line each with what it teaches.")

    func run() {
        let width = Demo.all.map(\.name.count).max() ?? 0
        for demo in Demo.all {
            emit(demo.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + demo.summary + "\n")
        }
    }
}
