import ArgumentParser
import Demos

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
