import ArgumentParser
import Autograd
import Export

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

    func run() throws {
        let script = try graph.load()
        let trace = try graph.trace(of: script, defaultEngine: .fixed)
        let numeric = script.graph.numericGradients(of: script.root)
        switch format {
        case .text: StandardIO.emitReadable(TraceText.render(script.graph, trace, name: script.name, numeric: numeric))
        case .json: emit(TraceJSON.render(script.graph, trace, numeric: numeric))
        }
    }
}
