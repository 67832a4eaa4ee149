import ArgumentParser
import Autograd
import Debugger
import Foundation
import SafeText
import TerminalRestore

/// `gradstep`: a step-through debugger for micrograd's backward pass.
@main
struct Gradstep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradstep",
        abstract: "Step through micrograd's backward pass, one _backward() call at a time, under `grad =` or `grad +=`.",
        discussion: """
            SCRIPT is a file in micrograd's Python syntax (parsed, never executed), a graph saved from \
            Python with the module `gradstep exporter` prints (a .json file), - for standard input, or \
            the name of a built-in demo (see `gradstep demos`). With no arguments, gradstep opens the \
            demo f = (a*b)*(a+b) under the buggy engine.

            KEYS: \(Bindings.manual)

            SCRIPTS: straight-line micrograd code, as the lecture's cells write it: Value(2.0, \
            label='a'), + - * / ** with Python's precedence, \(OpRule.methods.map { ".\($0)()" }.joined(separator: " ")), x.label = \
            'name', x.backward() or draw_dot(x) to name the root, x.grad = 1.0 and x._backward() for a \
            pass written by hand, import math and math.exp, math.log, math.sqrt on numbers; print(...) \
            is skipped. Loops, def, class and lists are refused with FILE:LINE:COL: error and the way \
            to open such a graph: save it from Python with gradstep_export.save(root, path).

            EXIT STATUS: 0 on success; 1 for a script or saved graph that cannot be read, or a file \
            that cannot be written; 2 when there is no terminal to run in (use gradstep frame or \
            gradstep trace); 64 for a bad flag or value; 129 when the terminal closes under the \
            program; after Ctrl-C, Ctrl-\\, SIGTERM or any other signal that ends it, the status of \
            that signal (130, 131, 143, ...); 141 when the reader of its output went away. The terminal \
            is restored on every way out, and flow control (Ctrl-S) is off while the screen is up.

            ENVIRONMENT: NO_COLOR, when set and not empty, turns colour off unless --color always; \
            TERM names the terminal (dumb, or none, means there is none); LANG, LC_ALL and LC_CTYPE: \
            a UTF-8 locale draws Unicode box drawing, any other ASCII.

            FILES: gradstep reads the SCRIPT it is given (1 GiB at most), or standard input for -, and \
            then takes keys from /dev/tty. It writes to standard output and standard error only, except record \
            --output FILE. gradstep exporter prints gradstep_export.py, whose save(root, path) \
            writes the JSON graph that gradstep opens.
            """,
        version: Version.current,
        subcommands: [Open.self, TraceCommand.self, FrameCommand.self, RecordCommand.self, LayoutCommand.self, DotCommand.self, DemosCommand.self, ExporterCommand.self],
        defaultSubcommand: Open.self
    )

    /// Runs the command; a bad flag or value is reported on one line, not with the whole usage.
    static func main() {
        StandardIO.holdStandardDescriptors()
        gs_install_crash_guard()
        // argument-parser's completion scripts, taught that a bare gradstep takes a script too.
        var arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, first.hasPrefix("--generate-completion-script=") {
            arguments = ["--generate-completion-script", String(first.dropFirst("--generate-completion-script=".count))]
        }
        if arguments.first == "--generate-completion-script", arguments.count <= 2 {
            let shell = arguments.count > 1 ? CompletionShell(rawValue: arguments[1]) : CompletionShell.autodetected()
            if let shell {
                emit(CompletionScripts.script(for: shell))
                return
            }
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if let code = error as? ExitCode { Foundation.exit(code.rawValue) }
            // Help and version go to standard output, and a failure to write them is reported.
            if exitCode(for: error) == .success {
                emit(fullMessage(for: error) + "\n")
                Foundation.exit(0)
            }
            // The message may quote what was typed: made safe to show, on one line.
            let message = message(for: error).split(separator: "\n").map { SafeText.visible(String($0)) }.joined(separator: " ")
            StandardIO.warn("gradstep: error: \(message) (see 'gradstep help')")
            Foundation.exit(exitCode(for: error).rawValue)
        }
    }
}
