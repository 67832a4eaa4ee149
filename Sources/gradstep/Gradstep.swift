import ArgumentParser
import Foundation
import SafeText

/// `gradstep`: a step-through debugger for micrograd's backward pass.
@main
struct Gradstep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradstep",
        abstract: "Step through micrograd's backward pass, one _backward() call at a time, under `grad =` or `grad +=`.",
        discussion: """
            SCRIPT is a file in micrograd's Python syntax (parsed, never executed); a name without \
            a path is a built-in demo (see `gradstep demos`). With no arguments, gradstep opens the \
            demo f = (a*b)*(a+b).
            """,
        version: "0.1.0",
        subcommands: [Open.self, TraceCommand.self, FrameCommand.self, RecordCommand.self, LayoutCommand.self, DotCommand.self, DemosCommand.self, ExporterCommand.self],
        defaultSubcommand: Open.self
    )

    /// Runs the command; a bad flag or value is reported on one line, not with the whole usage.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            // Help, version and the commands' own exit codes go out as they are.
            if exitCode(for: error) == .success || error is ExitCode { exit(withError: error) }
            // The message may quote what was typed: made safe to show, on one line.
            let message = message(for: error).split(separator: "\n").map { SafeText.visible(String($0)) }.joined(separator: " ")
            FileHandle.standardError.write(Data("gradstep: error: \(message) (see 'gradstep help')\n".utf8))
            Foundation.exit(exitCode(for: error).rawValue)
        }
    }
}
