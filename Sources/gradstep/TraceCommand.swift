import ArgumentParser
import Autograd
import Export
import Script

enum TraceFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json
}

/// `gradstep trace`: the whole backward pass, write by write.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Print every step of the backward pass, as text or JSON.")

    @OptionGroup var graph: GraphOptions

    @Option(help: "text (one block per step) or json (the whole trace as data).")
    var format: TraceFormat = .text

    @Flag(help: "Print build_topo(root)'s depth-first search instead, event by event: each value's visit, each call on one already visited, each append to topo.")
    var topo = false

    /// Traps before printing, so the end-to-end tests can check that a crash of a command on a
    /// terminal reports and ends at once.
    @Flag(help: .hidden)
    var crashForTesting = false

    func run() throws {
        if crashForTesting { fatalError("crash requested by --crash-for-testing") }
        let script = try graph.load()
        if topo { return try printSearch(script) }
        let trace = try graph.trace(of: script, defaultEngine: .fixed)
        let numeric = script.graph.numericGradients(of: script.root)
        switch format {
        case .text: StandardIO.emitReadable(TraceText.render(script.graph, trace, name: script.name, numeric: numeric))
        case .json: emit(TraceJSON.render(script.graph, trace, numeric: numeric))
        }
    }

    /// `--topo`: the search in the order asked for (the lecture's label order by default).
    private func printSearch(_ script: LoadedScript) throws {
        let order = try graph.searchOrder(for: script)
        switch format {
        case .text:
            let buggy = Trace(graph: script.graph, root: script.root, engine: .buggy, order: order)
            StandardIO.emitReadable(TopoSearchReport.text(script.graph, root: script.root, order: order, name: script.name, buggy: buggy))
        case .json: emit(TopoSearchReport.json(script.graph, root: script.root, order: order))
        }
    }
}
