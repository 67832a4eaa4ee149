import ArgumentParser

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
        subcommands: [Open.self, TraceCommand.self, FrameCommand.self, LayoutCommand.self, DotCommand.self, DemosCommand.self],
        defaultSubcommand: Open.self
    )
}
