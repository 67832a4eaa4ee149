import ArgumentParser
import Debugger
import Layout

/// `gradstep layout`: where every box and line goes, in cell coordinates.
struct LayoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layout",
        abstract: "Print the graph's layout in cell coordinates, as JSON.")

    @Argument(help: "A script file, or the name of a built-in demo.")
    var source: String = "two-paths"

    @Option(help: "How much each value box shows: compact, record, normal or full.")
    var zoom: Zoom = .normal

    @Option(help: "json (the only format).")
    var format: String = "json"

    func validate() throws {
        guard format == "json" else { throw ValidationError("--format must be json") }
    }

    func run() throws {
        let script = try ScriptSource.loadOrExit(source)
        let view = GraphView(graph: script.graph, zoom: zoom)
        StandardIO.emit(bytes: LayoutJSON.bytes(view.layout))
    }
}
