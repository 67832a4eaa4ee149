import ArgumentParser
import Autograd
import Canvas
import Debugger
import Foundation
import Layout

extension Zoom: ExpressibleByArgument {}

enum ColorChoice: String, CaseIterable, ExpressibleByArgument {
    case auto, always, never
}

/// How the screen looks, shared by `frame`, `layout` and the interactive program.
struct LookOptions: ParsableArguments {
    @Option(help: "How much each value box shows: compact, normal or full.")
    var zoom: Zoom = .normal

    @Flag(help: "Draw with ASCII only (the default where the locale is not UTF-8).")
    var ascii = false

    /// Unicode box drawing in a UTF-8 locale, ASCII otherwise or when asked.
    var glyphs: Glyphs {
        ascii || !Locale.isUTF8 ? .ascii : .unicode
    }
}

/// `gradstep frame`: one frame of the debugger as text, for slides, handouts and tests.
struct FrameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frame",
        abstract: "Print the debugger's screen at one step, as plain text (or with colour).")

    @OptionGroup var graph: GraphOptions
    @OptionGroup var look: LookOptions

    @Option(help: "The step to show: 0 seeds the root, then one per _backward() call.")
    var step: Int = 0

    @Option(help: "Screen width in columns.")
    var width: Int = 100

    @Option(help: "Screen height in rows.")
    var height: Int = 30

    @Option(help: "Colour escapes: auto (a terminal, without NO_COLOR), always, or never.")
    var color: ColorChoice = .auto

    func validate() throws {
        guard width > 0, height > 0, width <= 2000, height <= 1000 else {
            throw ValidationError("--width and --height must be between 1 and 2000 by 1000")
        }
        guard step >= 0 else { throw ValidationError("--step must be 0 or more") }
    }

    func run() throws {
        let script = try graph.load()
        let state = DebuggerState(script: script, engine: graph.engine ?? .buggy, order: graph.childOrder,
                                  zoom: look.zoom, glyphs: look.glyphs, step: step)
        if step > state.lastStep {
            throw ValidationError("--step \(step) is past the end: this graph has steps 0 to \(state.lastStep)")
        }
        let grid = Screen.render(state, width: width, height: height)
        if color.useColour(for: FileHandle.standardOutput) {
            emit(ANSI.render(grid, palette: .dark))
        } else {
            emit(grid.lines.map { $0.trailingSpacesRemoved }.joined(separator: "\n") + "\n")
        }
    }
}

/// `gradstep layout`: where every box and line goes, in cell coordinates.
struct LayoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layout",
        abstract: "Print the graph's layout in cell coordinates, as JSON.")

    @Argument(help: "A script file, or the name of a built-in demo.")
    var source: String = "two-paths"

    @Option(help: "How much each value box shows: compact, normal or full.")
    var zoom: Zoom = .normal

    @Option(help: "json (the only format).")
    var format: String = "json"

    func validate() throws {
        guard format == "json" else { throw ValidationError("--format must be json") }
    }

    func run() throws {
        let script = try ScriptSource.loadOrExit(source)
        let view = GraphView(graph: script.graph, zoom: zoom)
        emit(LayoutJSON.render(view.layout))
    }
}

extension ColorChoice {
    /// Whether to write colour escapes to `handle`: never into a pipe or file unless asked.
    func useColour(for handle: FileHandle) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            return !noColor && isatty(handle.fileDescriptor) == 1
        }
    }
}

extension Locale {
    /// Whether the locale from the environment encodes text as UTF-8.
    static var isUTF8: Bool {
        setlocale(LC_ALL, "")
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        return String(cString: codeset) == "UTF-8"
    }
}

extension String {
    var trailingSpacesRemoved: String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
