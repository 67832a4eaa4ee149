import ArgumentParser
import Exporter

/// `gradstep exporter`: the Python module that saves a graph built by real Python.
struct ExporterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exporter",
        abstract: "Print the Python module that saves your own Value graph and backward() for gradstep.",
        discussion: """
            gradstep exporter > gradstep_export.py
            Then, in Python: import gradstep_export; gradstep_export.save(loss, "graph.json")
            And open it: gradstep graph.json (or trace, frame, dot, layout; --engine yours steps through your own backward()).
            """)

    func run() {
        emit(Exporter.source)
    }
}
