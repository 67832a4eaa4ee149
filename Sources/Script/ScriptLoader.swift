import Autograd

/// Reads scripts in micrograd's Python syntax. Nothing in a script is executed: the parser
/// recognises a straight-line subset and builds the graph micrograd would build.
public enum ScriptLoader {
    /// The deepest nesting of brackets, unary signs and powers a script may use.
    static let nestingLimit = 100

    /// Loads a script from raw bytes, reporting invalid UTF-8 at its line and column.
    public static func load(bytes: [UInt8], name: String) throws(ScriptError) -> LoadedScript {
        let decoded = SourceText.decode(bytes)
        if let bad = decoded.invalidAt {
            throw error(Failure("invalid UTF-8 (byte 0x\(String(bytes[bad.offset], radix: 16, uppercase: true)))",
                                at: bad.location), name: name, text: decoded.scalars)
        }
        return try load(scalars: decoded.scalars, name: name)
    }

    /// Loads a script from text.
    public static func load(source: String, name: String) throws(ScriptError) -> LoadedScript {
        try load(scalars: Array(source.unicodeScalars), name: name)
    }

    private static func load(scalars: [Unicode.Scalar], name: String) throws(ScriptError) -> LoadedScript {
        do throws(Failure) {
            // The lecture's build_topo cells, recognised and blanked: the rest is read as ever.
            let cells = try LectureCells.recognise(scalars)
            let tokens = Lexer.tokens(of: cells?.text ?? scalars)
            var interpreter = Interpreter(tokens: tokens)
            let (graph, lastRoot) = try interpreter.run()
            var root = lastRoot
            if let cells = cells?.cells {
                // The loop is the pass from the value build_topo started at: as backward() steps it.
                guard case .value(let start) = interpreter.variables[cells.root] else {
                    throw Failure("build_topo(\(cells.root)): '\(cells.root)' is not a Value", at: SourceLocation(line: cells.rootLine, column: 1))
                }
                if cells.loops { root = start }
            }
            let (pruned, newID) = graph.reachableRenumbered(from: root)
            // A hand-written pass keeps what concerns the values the root depends on.
            let pass = interpreter.handWrittenPass.map { pass in
                ScriptedPass(seeds: pass.seeds.compactMap { seed in newID[seed.node].map { ScriptedPass.Seed(node: $0, value: seed.value) } },
                             calls: pass.calls.compactMap { newID[$0] })
            }
            var script = LoadedScript(name: name, graph: pruned, root: newID[root]!, pass: pass)
            script.lectureOrder = cells?.cells.order
            return script
        } catch {
            throw self.error(error, name: name, text: scalars)
        }
    }

    private static func error(_ failure: Failure, name: String, text: [Unicode.Scalar]) -> ScriptError {
        ScriptError(file: name, location: failure.location, message: failure.message,
                    sourceLine: SourceText.line(failure.location.line, of: text))
    }
}
