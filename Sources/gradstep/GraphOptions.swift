import ArgumentParser
import Autograd
import Demos
import Foundation
import SafeText
import Script

extension Engine: ExpressibleByArgument {}

/// The child order a command line names; the seed arrives separately.
enum OrderName: String, CaseIterable, ExpressibleByArgument {
    case label, operand, random, script, yours
}

/// What every command that loads a graph takes: the script or demo, the engine, the order.
struct GraphOptions: ParsableArguments {
    @Argument(help: "A script file, a graph saved from Python (see `gradstep exporter`), - for standard input, or the name of a built-in demo (see `gradstep demos`).",
              completion: .custom { _, _, prefix in ScriptCompletion.candidates(for: prefix) })
    var source: String = Demo.standard.name

    @Option(help: "The gradient rule: buggy (grad =) or fixed (grad +=); or yours, the backward() a graph was saved with (see `gradstep exporter`). Default: fixed for trace and dot, buggy on screen.")
    var engine: Engine?

    @Option(help: "How the topological sort orders a node's children: label, operand or random; or script, the script's own _backward() calls (the default for a script that makes them); or yours, the calls of the backward() a graph was saved with.")
    var order: OrderName?

    @Option(help: "The seed of the random order (with --order random).")
    var seed: UInt64?

    func validate() throws {
        if seed != nil && order != .random {
            throw ValidationError("--seed applies only to --order random")
        }
    }

    /// The engine and order for `script`: the engine given, else `defaultEngine`; the order given
    /// (with its seed, 1 when none was given), else the script's own `_backward()` calls if it makes
    /// them, else the lecture's label order. `yours` is always in its own order.
    func choice(for script: LoadedScript, defaultEngine: Engine) throws -> (engine: Engine, order: ChildOrder) {
        let engine = engine ?? defaultEngine
        if engine == .yours {
            guard script.recordedPass != nil else {
                let why = script.recordedPassNote.map { " (\($0))" } ?? ""
                throw Self.usage("--engine yours needs a graph saved from Python with your backward() recorded\(why); see `gradstep exporter`")
            }
            if let order, order != .yours { throw Self.usage("--engine yours steps in your backward()'s own order: leave out --order") }
            return (engine, .yours)
        }
        switch order {
        case nil: return (engine, script.defaultOrder)
        case .label: return (engine, .label)
        case .operand: return (engine, .operand)
        case .random: return (engine, .random(seed: seed ?? 1))
        case .script:
            guard script.pass != nil else { throw Self.usage("--order script needs a script that calls _backward() itself") }
            return (engine, .script)
        case .yours:
            guard script.recordedPass != nil else {
                throw Self.usage("--order yours needs a graph saved from Python with your backward() recorded; see `gradstep exporter`")
            }
            return (engine, .yours)
        }
    }

    /// The order `build_topo`'s search runs in (`--topo`): the one given, else the lecture's
    /// label order; a pass written by hand or the learner's own has no search to show.
    func searchOrder(for script: LoadedScript) throws -> ChildOrder {
        if engine == .yours || order == .yours {
            throw Self.usage("--topo shows build_topo's search, and your backward()'s pass has its own order: there is no search to show")
        }
        switch order {
        case .script:
            throw Self.usage("--topo shows build_topo's search, and --order script is the script's own _backward() calls: there is no search to show")
        case .operand: return .operand
        case .random: return .random(seed: seed ?? 1)
        case .label: return .label
        case nil:
            guard script.pass == nil else {
                throw Self.usage("--topo shows build_topo's search, and this script makes its own _backward() calls: there is no search to show (--order label, operand or random shows the one backward() would make)")
            }
            return script.lectureOrder ?? .label
        case .yours: return .yours
        }
    }

    /// Prints a bad-flag message and gives the exit that goes with it (64).
    private static func usage(_ message: String) -> ExitCode {
        StandardIO.warn("gradstep: error: \(SafeText.visible(message))")
        return ExitCode(64)
    }

    /// The trace the command line asks for, of `script`.
    func trace(of script: LoadedScript, defaultEngine: Engine) throws -> Trace {
        let (engine, order) = try choice(for: script, defaultEngine: defaultEngine)
        return Trace(graph: script.graph, root: script.root, engine: engine, order: order, pass: script.pass,
                     recorded: script.recordedPass)
    }

    /// Loads the script or demo, or prints why it cannot and exits non-zero.
    func load() throws -> LoadedScript {
        try ScriptSource.loadOrExit(source)
    }
}

/// `--topo`, for the program, `frame` and `record`: `build_topo(root)`'s search before the pass.
struct SearchOptions: ParsableArguments {
    @Flag(help: "Begin with build_topo(root)'s depth-first search, event by event, before the backward pass (b in the program); with frame, --step K is the screen after the search's first K events.")
    var topo = false
}

/// Where a command's SCRIPT|DEMO argument points.
enum ScriptSource {
    struct CannotRead: Error {
        var message: String
    }

    /// Loads the script or demo named by `argument`, or prints why it cannot and exits non-zero.
    static func loadOrExit(_ argument: String) throws -> LoadedScript {
        do {
            return try load(argument)
        } catch let error as ScriptError {
            StandardIO.warn(error.description)
            throw ExitCode(1)
        } catch let error as SavedGraphError {
            StandardIO.warn(error.description)
            throw ExitCode(1)
        } catch let error as ScriptSource.CannotRead {
            // The message quotes the file name as given: make it safe to show.
            StandardIO.warn("gradstep: error: \(SafeText.visible(error.message))")
            throw ExitCode(1)
        }
    }

    /// The size in bytes of the file `argument` names, if it names a regular file rather than a demo.
    static func fileSize(_ argument: String) -> Int? {
        if argument == "-" || (!(argument.contains("/") || argument.hasSuffix(".py") || argument.hasSuffix(".json")) && Demo.named(argument) != nil) { return nil }
        let attributes = try? FileManager.default.attributesOfItem(atPath: argument)
        return (attributes?[.size] as? NSNumber)?.intValue
    }

    /// The name a script read from standard input goes by in messages.
    static let standardInputName = "<stdin>"

    /// `-` is standard input; a bare name (no `/`, no `.py` or `.json`) is a demo; anything else, or a bare
    /// name that is no demo, is a file — a regular one, or a pipe like `/dev/stdin` or `<(...)`.
    static func load(_ argument: String) throws -> LoadedScript {
        if argument == "-" {
            return try read(readAll(STDIN_FILENO, name: "standard input"), name: standardInputName)
        }
        let looksLikePath = argument.contains("/") || argument.hasSuffix(".py") || argument.hasSuffix(".json")
        if !looksLikePath, let demo = Demo.named(argument) {
            return try ScriptLoader.load(source: demo.source, name: demo.name)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
            let demos = Demo.all.map(\.name).joined(separator: ", ")
            throw CannotRead(message: looksLikePath
                ? "cannot read '\(argument)': no such file"
                : "no script file or demo named '\(argument)' (demos: \(demos))")
        }
        if isDirectory.boolValue { throw CannotRead(message: "'\(argument)' is a directory, not a script") }
        // Read to the end rather than by size, so pipes and process substitutions work too.
        let fd = open(argument, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw CannotRead(message: "cannot read '\(argument)': \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        return try read(readAll(fd, name: "'\(argument)'"), name: argument)
    }

    /// All of `fd`, or the reason it cannot be read as a `CannotRead` message.
    private static func readAll(_ fd: Int32, name: String) throws -> [UInt8] {
        do {
            return try StandardIO.readAll(fd, name: name)
        } catch {
            throw CannotRead(message: error.message)
        }
    }

    /// A graph saved from Python (a JSON object) or a script, told apart by the first character.
    private static func read(_ bytes: [UInt8], name: String) throws -> LoadedScript {
        if SavedGraph.looksSaved(bytes) { return try SavedGraph.load(bytes: bytes, name: name) }
        return try ScriptLoader.load(bytes: bytes, name: name)
    }
}

