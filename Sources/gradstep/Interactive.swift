import ArgumentParser
import Autograd
import Canvas
import Debugger
import Foundation
import Script
import Terminal

enum ThemeName: String, CaseIterable, ExpressibleByArgument {
    case dark, light, mono

    /// The theme's colours; nil for mono.
    var palette: Palette? {
        switch self {
        case .dark: .dark
        case .light: .light
        case .mono: nil
        }
    }
}

/// `gradstep [SCRIPT|DEMO]`: the interactive debugger.
struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Step through the backward pass in the terminal (the default command).",
        discussion: "Press ? inside for every key. Without a terminal, use `gradstep frame` or `gradstep trace`.")

    @OptionGroup var graph: GraphOptions
    @OptionGroup var look: LookOptions
    @OptionGroup var search: SearchOptions

    @Option(help: "dark (high contrast), light (for white projector screens) or mono (no colour).")
    var theme: ThemeName = .dark

    @Option(help: "Colour: auto (unless NO_COLOR is set), always, or never.")
    var color: ColorChoice = .auto

    @Flag(help: "Predict mode, for a class: each step's writes are hidden as ? until n or r reveals them (P toggles it).")
    var predict = false

    /// Traps after the first frame, so the end-to-end tests can check that a crash restores the terminal.
    @Flag(help: .hidden)
    var crashForTesting = false

    /// The colours to draw with; nil for none.
    var palette: Palette? {
        // The screen only starts on a terminal, so `auto` comes down to NO_COLOR.
        if !color.useColour(onTerminal: true) { return nil }
        return theme.palette
    }

    /// Scripts at least this big are loaded with the screen up, saying so; smaller ones load
    /// before it starts, so a script error never flashes the screen.
    static let loadingScreenBytes = 256 * 1024

    func run() throws {
        let size = ScriptSource.fileSize(graph.source)
        let loadsLong = size.map { $0 >= Self.loadingScreenBytes } ?? false
        let loaded = loadsLong ? nil : try graph.load()
        if let loaded { _ = try graph.choice(for: loaded, defaultEngine: .buggy) }  // a bad --order is reported before the screen starts
        // A script piped in took standard input: the keys come from the terminal itself.
        if graph.source == "-" && !Self.takeKeysFromTheTerminal() {
            StandardIO.warn("gradstep: error: the script came from standard input and there is no terminal to read keys from (use gradstep frame or gradstep trace)")
            throw ExitCode(2)
        }
        let palette = self.palette
        let failure: Error? = MainActor.assumeIsolated {
            do {
                let terminal = try Terminal(palette: palette)
                var script = loaded
                if script == nil {
                    let (width, height) = terminal.size
                    terminal.draw(Screen.loading(graph.source, bytes: size ?? 0, width: width, height: height,
                                                 glyphs: look.glyphs))
                    do {
                        script = try graph.load()
                    } catch {
                        terminal.stop()  // the reason, already written, is shown once the screen is down
                        return error
                    }
                }
                var state: DebuggerState
                do {
                    state = try makeState(script!)
                } catch {
                    terminal.stop()
                    return error
                }
                state.resize(to: Screen.panes(state, width: terminal.size.width, height: terminal.size.height))
                // Fitted once, at the terminal's own size (and again after every resize).
                if look.zoom == nil { state.fitZoomToScreen(Screen.panes(state)) }
                var loop = EventLoop(terminal: terminal, state: state, crashAfterFirstFrame: crashForTesting)
                loop.run()
                terminal.stop()
                // Ended because the terminal went away: the status a hangup gives.
                return terminal.isGone ? ExitCode(129) : nil
            } catch {
                return error
            }
        }
        if let failure = failure as? Terminal.StartError {
            StandardIO.warn(failure.description)
            throw ExitCode(2)
        }
        if let failure { throw failure }
    }

    /// Puts the controlling terminal on standard input; false when there is none.
    private static func takeKeysFromTheTerminal() -> Bool {
        let tty = open("/dev/tty", O_RDWR)
        guard tty >= 0 else { return false }
        defer { if tty != STDIN_FILENO { close(tty) } }
        return dup2(tty, STDIN_FILENO) >= 0
    }

    private func makeState(_ script: LoadedScript) throws -> DebuggerState {
        var (engine, order) = try graph.choice(for: script, defaultEngine: .buggy)
        if search.topo { order = try graph.searchOrder(for: script) }
        if let problem = look.foldProblem(script) { throw ValidationError(problem) }
        // ASCII glyphs use words already; the mono theme needs them too.
        var state = DebuggerState(script: script, engine: engine, order: order,
                                  zoom: look.zoom ?? .normal, glyphs: look.glyphs, marksAsWords: theme == .mono)
        if search.topo { state.startSearch() }
        if predict { state.predictFromHere() }
        if look.fold { state.setFolded(true) }
        return state
    }
}

/// Keys in, frames out, until the user quits.
@MainActor
struct EventLoop {
    let terminal: Terminal
    var state: DebuggerState
    var crashAfterFirstFrame = false

    mutating func run() {
        var prepared: (Engine, ChildOrder)? = nil
        while true {
            let (width, height) = terminal.size
            state.resize(to: Screen.panes(state, width: width, height: height))
            terminal.draw(Screen.render(state, width: width, height: height))
            if state.shouldQuit { return }
            if crashAfterFirstFrame { fatalError("crash requested by --crash-for-testing") }
            if prepared == nil || prepared! != (state.engine, state.order) {
                // With the frame up, what the next `e`, `o`, `O` or `z` needs is prepared on the other core.
                prepared = (state.engine, state.order)
                let state = self.state
                Thread.detachNewThread { state.prepareAhead() }
            }

            // A flash lasts one short frame; autoplay wakes up on its own; otherwise wait for a key.
            let wait: Int? = state.flash ? 150 : state.autoplay ? Int(state.autoplayInterval * 1000) : nil
            guard let key = terminal.readKey(waitingAtMost: wait) else {
                // The terminal is gone: put back what can be put back, and end.
                if terminal.isGone { return }
                if state.flash {
                    state.apply(.endFlash, on: Screen.panes(state))
                } else if state.autoplay {
                    state.apply(.tick, on: Screen.panes(state))
                }
                continue
            }
            handle(key)
            // Keys that arrived meanwhile (a key held down) are all applied before the next frame.
            while !state.shouldQuit, let next = terminal.readKey(waitingAtMost: 0) { handle(next) }
            if terminal.isGone { return }
        }
    }

    private mutating func handle(_ key: Key) {
        let action = KeyMap.action(for: key, in: state)
        if state.autoplay && action != .quit && action != .slower && action != .faster && action != .redraw {
            state.apply(.toggleAutoplay, on: Screen.panes(state))  // any other key stops autoplay
            return
        }
        if action == .redraw { terminal.invalidate() }
        state.apply(action, on: Screen.panes(state))
    }
}
