import ArgumentParser
import Autograd
import Canvas
import Debugger
import Foundation
import SafeText

/// `gradstep record`: the whole pass as an asciicast v2 file, frame by frame, without a terminal.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record the whole backward pass as an asciicast v2 file (asciinema play pass.cast).",
        discussion: "One frame per step, each exactly what `gradstep frame --step K` prints and the program shows.")

    @OptionGroup var graph: GraphOptions
    @OptionGroup var look: LookOptions
    @OptionGroup var search: SearchOptions

    @Option(name: .shortAndLong, help: "The file to write (default: standard output).")
    var output: String?

    @OptionGroup var size: ScreenSize

    @Option(help: "The colours: dark, light or mono.")
    var theme: ThemeName = .dark

    @Option(parsing: .unconditional, help: "Seconds each step stays on screen.")
    var delay: Double = 1.5

    @Flag(help: "Play the pass under the buggy engine, then under the fixed one.")
    var both = false

    func validate() throws {
        guard delay.isFinite, delay > 0, delay <= 3600 else {
            throw ValidationError("--delay must be more than 0 and at most 3600 seconds, not \(delay)")
        }
        if both && graph.engine != nil {
            throw ValidationError("--both plays the buggy engine, then the fixed one: leave out --engine")
        }
    }

    func run() throws {
        let script = try graph.load()
        var (chosen, order) = try graph.choice(for: script, defaultEngine: .buggy)
        if search.topo { order = try graph.searchOrder(for: script) }
        if let problem = look.foldProblem(script) { throw ValidationError(problem) }
        let engines: [Engine] = both ? [.buggy, .fixed] : [chosen]
        let name = SafeText.visible(script.name.split(separator: "/").last.map(String.init) ?? script.name)
        var cast = Asciicast(width: size.width, height: size.height,
                             title: "gradstep \(name): " + engines.map { "\($0.rawValue) engine" }.joined(separator: ", then "),
                             palette: theme.palette ?? .mono)
        try withOutput { out in
            try out(cast.header)
            var time = 0.0
            for engine in engines {
                var state = DebuggerState.offscreen(script, engine: engine, order: order, look: look, size: size, theme: theme)
                // With --topo, the search first (each engine's recording shows it once), then the pass.
                if search.topo, state.startSearch() {
                    while state.isSearching {
                        try out(cast.frame(Screen.render(state, width: size.width, height: size.height), at: time))
                        time += delay
                        state.apply(.step, on: Screen.panes(state))
                    }
                    state.apply(.closeOverlay, on: Screen.panes(state))  // the pass's frames as `frame` prints them
                }
                for step in 0...state.lastStep {
                    state.apply(.goToStep(step), on: Screen.panes(state))
                    state.apply(.endFlash, on: Screen.panes(state))  // `frame` prints no flash: the frames are its frames
                    try out(cast.frame(Screen.render(state, width: size.width, height: size.height), at: time))
                    time += delay
                }
            }
            try out(cast.end(at: time))
        }
    }

    /// Runs `body` with a writer to standard output, or to `--output` (see `OutputFile`): a
    /// failure to open or write it is one line and exit 1, leaving no half-written file behind.
    private func withOutput(_ body: ((String) throws -> Void) throws -> Void) throws {
        guard let output, output != "-" else { return try body(emit) }
        do {
            let file = try OutputFile.open(output)
            do {
                try body { text throws(OutputFile.Failure) in try file.write(text) }
            } catch {
                file.abandon()
                throw error
            }
            try file.finish()
        } catch let failure as OutputFile.Failure {
            StandardIO.warn(failure.description)
            throw ExitCode(1)
        }
    }
}

/// The screen size `frame` and `record` draw at, without a terminal.
struct ScreenSize: ParsableArguments {
    // `.unconditional`, so that `--width -5` is read as a value and gets a real message.
    @Option(parsing: .unconditional, help: "Screen width in columns (80 or more).")
    var width: Int = 100

    @Option(parsing: .unconditional, help: "Screen height in rows (24 or more).")
    var height: Int = 30

    func validate() throws {
        guard width >= Screen.minimumWidth, height >= Screen.minimumHeight else {
            throw ValidationError("the screen needs \(Screen.minimumWidth)x\(Screen.minimumHeight) or more, not \(width)x\(height)")
        }
        guard width <= 2000, height <= 1000 else {
            throw ValidationError("--width and --height go up to 2000 by 1000, not \(width)x\(height)")
        }
    }
}
