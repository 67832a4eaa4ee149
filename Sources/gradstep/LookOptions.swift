import ArgumentParser
import Canvas
import Debugger
import Script
import Foundation

extension Zoom: ExpressibleByArgument {}

enum ColorChoice: String, CaseIterable, ExpressibleByArgument {
    case auto, always, never
}

/// How the screen looks, shared by `frame`, `layout` and the interactive program.
struct LookOptions: ParsableArguments {
    @Option(help: "How much each value box shows: compact, record, normal or full (default: the most that fits the whole graph).")
    var zoom: Zoom?

    @Flag(help: "Draw with ASCII only (the default where the locale is not UTF-8).")
    var ascii = false

    @Flag(help: "Fold the graph by your functions' calls, the one the running value was made in open (F in the program): for a graph saved with its forward pass inside gradstep_export.recording().")
    var fold = false

    /// The reason `--fold` cannot fold this graph, if it cannot.
    func foldProblem(_ script: LoadedScript) -> String? {
        guard fold, !DebuggerState.canFold(script) else { return nil }
        return "--fold: \(script.name) has no calls to fold by: save it with your forward pass inside gradstep_export.recording()"
    }

    /// Unicode box drawing in a UTF-8 locale, ASCII otherwise or when asked.
    var glyphs: Glyphs {
        ascii || !Locale.isUTF8 ? .ascii : .unicode
    }
}

extension ColorChoice {
    /// Whether to write colour escapes to `handle`: never into a pipe or file unless asked.
    func useColour(for handle: FileHandle) -> Bool {
        useColour(onTerminal: isatty(handle.fileDescriptor) == 1)
    }

    /// Whether to use colour on an output that is (or is not) a terminal: `auto` honours NO_COLOR.
    func useColour(onTerminal: Bool) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            return !noColor && onTerminal
        }
    }
}

extension Locale {
    /// Whether the locale from the environment encodes text as UTF-8.
    static var isUTF8: Bool {
        // The character type only: numbers keep the C locale's decimal point.
        setlocale(LC_CTYPE, "")
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        return String(cString: codeset) == "UTF-8"
    }
}
