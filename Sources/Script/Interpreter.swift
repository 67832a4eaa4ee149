import Autograd
import Foundation

/// Walks the tokens statement by statement, building nodes as Python would create them.
struct Interpreter {
    /// What a Python expression evaluates to, within the subset.
    enum Result {
        case value(NodeID)
        case number(Number)
        case string(String)
        /// The result of a call that returns nothing useful (`backward()`, `draw_dot()`).
        case none(String)

        var operand: Operand? {
            switch self {
            case .value(let id): .value(id)
            case .number(let x): .number(x)
            case .string, .none: nil
            }
        }

        var typeName: String {
            switch self {
            case .value: "Value"
            case .number(let x): x.isInteger ? "int" : "float"
            case .string: "str"
            case .none(let what): what
            }
        }
    }

    let tokens: [Token]
    var position = 0
    var graph = Graph()
    var variables: [String: Result] = [:]
    /// The value of the last `.backward()` or `draw_dot()`.
    var selectedRoot: NodeID?
    var lastAssigned: NodeID?
    /// How many values each name has been bound to so far.
    var bindings: [String: Int] = [:]
    var depth = 0
    /// Whether `import math` was seen: `math.exp(1.0)` needs it, as in Python.
    var importedMath = false
    /// `x.grad = 1.0` and `x._backward()` statements, in order: the pass the script writes out by hand.
    var seeds: [ScriptedPass.Seed] = []
    var calls: [NodeID] = []

    /// The hand-written pass, if the script calls `_backward()` itself.
    var handWrittenPass: ScriptedPass? {
        calls.isEmpty ? nil : ScriptedPass(seeds: seeds, calls: calls)
    }

    static let builtins: Set<String> = ["Value", "draw_dot", "math"]
    static let unsupportedKeywords: Set<String> = [
        "def", "class", "for", "while", "if", "elif", "else", "try", "except", "finally", "with",
        "return", "lambda", "global", "nonlocal", "del", "pass", "break", "continue", "raise",
        "yield", "assert", "async", "await", "match",
    ]
    /// Python's builtins that build graphs in loops: `sum(...)` over `zip(...)` of a `range(...)`.
    static let loopBuiltins: Set<String> = ["sum", "zip", "range", "enumerate", "map", "len", "list", "sorted", "reversed"]

    /// What every refusal of Python beyond the subset ends with: the way to open such a graph.
    static func straightLineOnly(_ what: String, aside: String = "") -> String {
        "\(what) not read\(aside): gradstep reads straight-line code; save a graph built with loops or classes "
            + "from Python, with the module `gradstep exporter` prints, and open the saved file"
    }

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Runs the script; a parse error at or past text the lexer could not read becomes the lexer's error.
    mutating func run() throws(Failure) -> (Graph, NodeID) {
        do {
            return try runStatements()
        } catch {
            if let lexical = tokens.last(where: { if case .invalid = $0.kind { true } else { false } }),
               case .invalid(let message) = lexical.kind,
               (error.location.line, error.location.column) >= (lexical.location.line, lexical.location.column) {
                throw Failure(message, at: lexical.location)
            }
            throw error
        }
    }

    var current: Token { tokens[position] }
    func peek(_ offset: Int) -> Token { tokens[min(position + offset, tokens.count - 1)] }
    mutating func advance() -> Token {
        defer { position = min(position + 1, tokens.count - 1) }
        return tokens[position]
    }

    func isSymbol(_ token: Token, _ symbol: String) -> Bool { token.kind == .symbol(symbol) }

    mutating func expect(_ symbol: String, _ context: String) throws(Failure) {
        guard isSymbol(current, symbol) else {
            throw Failure("expected '\(symbol)' \(context), found \(current.quoted)", at: current.location)
        }
        _ = advance()
    }

    /// Runs every statement and picks the root.
    mutating func runStatements() throws(Failure) -> (Graph, NodeID) {
        if current.kind == .end {
            throw Failure("empty script: there is no Value to differentiate", at: current.location)
        }
        var firstStatement: SourceLocation?
        while current.kind != .end {
            if firstStatement == nil { firstStatement = current.location }
            try statement()
            if isSymbol(current, ";") {
                _ = advance()
                if current.kind == .newline { _ = advance() }
            } else if current.kind == .newline {
                _ = advance()
            } else {
                throw Failure("expected end of statement, found \(current.quoted)", at: current.location)
            }
        }
        guard let root = selectedRoot ?? lastAssigned else {
            // Pointing at the first statement, not at the end: that is where a Value() was missing.
            throw Failure("the script makes no Value: nothing to differentiate (wrap a number in Value(), as in a = Value(2.0))",
                          at: firstStatement ?? current.location)
        }
        return (graph, root)
    }
}

extension Interpreter.Result {
    init(_ operand: Operand) {
        switch operand {
        case .value(let id): self = .value(id)
        case .number(let x): self = .number(x)
        }
    }
}
