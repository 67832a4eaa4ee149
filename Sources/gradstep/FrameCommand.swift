import ArgumentParser
import Autograd
import Canvas
import Debugger
import Foundation
import Layout
import Script

/// `gradstep frame`: one frame of the debugger as text, for slides, handouts and tests.
enum FrameFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, svg
}

struct FrameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frame",
        abstract: "Print the debugger's screen at one step, as plain text (or with colour).")

    @OptionGroup var graph: GraphOptions
    @OptionGroup var look: LookOptions
    @OptionGroup var search: SearchOptions

    // `.unconditional`, so that `--step -1` is read as a value and gets a real message.
    @Option(parsing: .unconditional, help: "The step to show: 0 seeds the root, then one per _backward() call.")
    var step: Int = 0

    @OptionGroup var size: ScreenSize

    @Option(help: "Colour escapes: auto (a terminal, without NO_COLOR), always, or never.")
    var color: ColorChoice = .auto

    @Option(help: "The colours with --color and of --format svg: dark, light or mono.")
    var theme: ThemeName = .dark

    @Flag(help: "Predict mode: what step K writes is shown as ?, as the program shows it before the reveal.")
    var predict = false

    @Option(help: "text (the screen as it shows), json (rows, panes, boxes and lines, for tests and tools), or svg (one self-contained picture, for slides).")
    var format: FrameFormat = .text

    func validate() throws {
        guard step >= 0 else { throw ValidationError("--step must be 0 or more") }
    }

    func run() throws {
        let script = try graph.load()
        var (engine, order) = try graph.choice(for: script, defaultEngine: .buggy)
        if search.topo { order = try graph.searchOrder(for: script) }
        if let problem = look.foldProblem(script) { throw ValidationError(problem) }
        var state = DebuggerState.offscreen(script, engine: engine, order: order, look: look, size: size, theme: theme,
                                            step: search.topo ? 0 : step)
        if search.topo {
            state.startSearch(at: step)
            let events = state.searchProgress?.events ?? 0
            if step > events { throw ValidationError("--step \(step) is past the end: build_topo here has events 0 to \(events)") }
        } else if step > state.lastStep {
            throw ValidationError("--step \(step) is past the end: this graph has steps 0 to \(state.lastStep)")
        }
        if predict { state.predictFromHere() }
        if format == .json {
            emit(FrameJSON.render(state, width: size.width, height: size.height))
            return
        }
        let grid = Screen.render(state, width: size.width, height: size.height)
        if format == .svg {
            emit(SVG.render(grid, palette: theme.palette ?? .mono))
            return
        }
        if color.useColour(for: FileHandle.standardOutput) {
            // Mono keeps bold and reverse video.
            emit(ANSI.render(grid, palette: theme.palette ?? .mono))
        } else {
            emit(grid.lines.map { $0.trailingSpacesRemoved }.joined(separator: "\n") + "\n")
        }
    }
}

extension DebuggerState {
    /// The state `frame` and `record` draw without a terminal: at `size`, with the zoom given or
    /// else the one that fits, mono's marks as words — as the program would show it.
    static func offscreen(_ script: LoadedScript, engine: Engine, order: ChildOrder, look: LookOptions,
                          size: ScreenSize, theme: ThemeName, step: Int = 0) -> DebuggerState {
        var state = DebuggerState(script: script, engine: engine, order: order, zoom: look.zoom ?? .normal,
                                  glyphs: look.glyphs, marksAsWords: theme == .mono, step: step)
        if look.fold { state.setFolded(true) }
        state.resize(to: Screen.panes(state, width: size.width, height: size.height))
        if look.zoom == nil { state.fitZoomToScreen(Screen.panes(state)) }
        return state
    }
}
