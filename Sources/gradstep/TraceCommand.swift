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

    /// Traps before printing, so the end-to-end tests can check that a crash of a command on a
    /// terminal reports and ends at once.
    @Flag(help: .hidden)
    var crashForTesting = false

    func run() throws {
        if crashForTesting { fatalError("crash requested by --crash-for-testing") }
        let script = try graph.load()
        let trace = try graph.trace(of: script, defaultEngine: .fixed)
        let numeric = script.graph.numericGradients(of: script.root)
        switch format {
        case .text: StandardIO.emitReadable(TraceText.render(script.graph, trace, name: script.name, numeric: numeric))
        case .json: emit(TraceJSON.render(script.graph, trace, numeric: numeric))
        }
    }
}
