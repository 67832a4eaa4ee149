import Autograd
import Foundation

/// A script read into a graph: the values `root` depends on, and the root itself.
public struct LoadedScript: Sendable {
    /// Where the script came from: a file path or a demo name.
    public var name: String
    /// Only the values the root depends on, as `draw_dot(root)` shows them; the root has the last id.
    public var graph: Graph
    public var root: NodeID
    /// The backward pass the script writes out by hand (`o.grad = 1.0`, `o._backward()`, …), if it does.
    public var pass: ScriptedPass?
    /// The learner's own backward pass, when the graph was saved from Python with it: the `yours` engine.
    public var recordedPass: RecordedPass?
    /// Why a saved graph has no recorded pass, when the exporter said (`backward()` raised).
    public var recordedPassNote: String?
    /// For a saved graph, each value's id in the file (ids are renumbered on loading).
    public var savedIDs: [Int]?
    /// For a saved graph, the body of each op's `_backward` as the learner's class writes it,
    /// by `_op` string: `["*": ["self.grad = other.data * out.grad", ...]]`.
    public var recordedSources: [String: [String]] = [:]

    /// A graph from elsewhere (a benchmark, a saved file) under a name.
    public init(name: String, graph: Graph, root: NodeID, pass: ScriptedPass? = nil, recordedPass: RecordedPass? = nil) {
        self.name = name
        self.graph = graph
        self.root = root
        self.pass = pass
        self.recordedPass = recordedPass
    }

    /// The orders somebody wrote that this graph has: `script` for a pass written by hand,
    /// `recorded` for the learner's own `backward()`.
    public var writtenOrders: [ChildOrder] {
        (pass == nil ? [] : [.script]) + (recordedPass == nil ? [] : [.recorded])
    }

    /// The engines `e` cycles through: buggy and fixed, then yours when the learner's pass was recorded.
    public var engines: [Engine] { recordedPass == nil ? Engine.rules : Engine.rules + [.yours] }

    /// The order to step through at first: the script's own calls when it makes them, else the lecture's.
    public var defaultOrder: ChildOrder { pass == nil ? .label : .script }
}

/// Reads scripts in micrograd's Python syntax. Nothing in a script is executed: the parser
/// recognises a straight-line subset and builds the graph micrograd would build.
public enum ScriptLoader {
    /// The deepest nesting of brackets, unary signs and powers a script may use.
    public static let nestingLimit = 100

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
        do {
            let tokens = Lexer.tokens(of: scalars)
            var interpreter = Interpreter(tokens: tokens)
            let (graph, root) = try interpreter.run()
            let (pruned, newID) = graph.reachableRenumbered(from: root)
            // A hand-written pass keeps what concerns the values the root depends on.
            let pass = interpreter.handWrittenPass.map { pass in
                ScriptedPass(seeds: pass.seeds.compactMap { seed in newID[seed.node].map { ScriptedPass.Seed(node: $0, value: seed.value) } },
                             calls: pass.calls.compactMap { newID[$0] })
            }
            return LoadedScript(name: name, graph: pruned, root: newID[root]!, pass: pass)
        } catch {
            throw self.error(error, name: name, text: scalars)
        }
    }

    private static func error(_ failure: Failure, name: String, text: [Unicode.Scalar]) -> ScriptError {
        ScriptError(file: name, location: failure.location, message: failure.message,
                    sourceLine: SourceText.line(failure.location.line, of: text))
    }
}

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

    private let tokens: [Token]
    private var position = 0
    private var graph = Graph()
    private var variables: [String: Result] = [:]
    /// The value of the last `.backward()` or `draw_dot()`.
    private var selectedRoot: NodeID?
    private var lastAssigned: NodeID?
    /// How many values each name has been bound to so far.
    private var bindings: [String: Int] = [:]
    private var depth = 0
    /// Whether `import math` was seen: `math.exp(1.0)` needs it, as in Python.
    private var importedMath = false
    /// `x.grad = 1.0` and `x._backward()` statements, in order: the pass the script writes out by hand.
    private var seeds: [ScriptedPass.Seed] = []
    private var calls: [NodeID] = []

    /// The hand-written pass, if the script calls `_backward()` itself.
    var handWrittenPass: ScriptedPass? {
        calls.isEmpty ? nil : ScriptedPass(seeds: seeds, calls: calls)
    }

    private static let builtins: Set<String> = ["Value", "draw_dot", "math"]
    private static let unsupportedKeywords: Set<String> = [
        "def", "class", "for", "while", "if", "elif", "else", "try", "except", "finally", "with",
        "return", "lambda", "global", "nonlocal", "del", "pass", "break", "continue", "raise",
        "yield", "assert", "async", "await", "match",
    ]
    /// Python's builtins that build graphs in loops: `sum(...)` over `zip(...)` of a `range(...)`.
    private static let loopBuiltins: Set<String> = ["sum", "zip", "range", "enumerate", "map", "len", "list", "sorted", "reversed"]

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

    private var current: Token { tokens[position] }
    private func peek(_ offset: Int) -> Token { tokens[min(position + offset, tokens.count - 1)] }
    private mutating func advance() -> Token {
        defer { position = min(position + 1, tokens.count - 1) }
        return tokens[position]
    }

    private func isSymbol(_ token: Token, _ symbol: String) -> Bool { token.kind == .symbol(symbol) }

    private mutating func expect(_ symbol: String, _ context: String) throws(Failure) {
        guard isSymbol(current, symbol) else {
            throw Failure("expected '\(symbol)' \(context), found \(current.quoted)", at: current.location)
        }
        _ = advance()
    }

    /// Runs every statement and picks the root.
    private mutating func runStatements() throws(Failure) -> (Graph, NodeID) {
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

    // MARK: - Statements

    private mutating func statement() throws(Failure) {
        let first = current
        guard case .name(let word) = first.kind else {
            _ = try expression()
            return
        }
        if word == "from" || word == "import" {
            return try importStatement()
        }
        if word == "print" && isSymbol(peek(1), "(") {
            return try skipPrint()
        }
        if Self.unsupportedKeywords.contains(word) {
            throw Failure(Self.straightLineOnly("'\(word)' is"), at: first.location)
        }
        if isSymbol(peek(1), ",") {
            throw Failure("unpacking (a, b = ...) is not supported: assign one name per statement", at: peek(1).location)
        }
        if isSymbol(peek(1), "=") {
            return try assignment()
        }
        if case .symbol(let op) = peek(1).kind, ["+=", "-=", "*=", "/=", "**="].contains(op) {
            return try augmentedAssignment(name: word, op: op)
        }
        if isSymbol(peek(1), "."), case .name(let attribute) = peek(2).kind, isSymbol(peek(3), "=") {
            return try attributeAssignment(name: word, attribute: attribute)
        }
        _ = try expression()
    }

    /// `print(...)`, as lecture cells are full of them: skipped to its closing bracket, never
    /// evaluated (gradstep shows every value itself).
    private mutating func skipPrint() throws(Failure) {
        _ = advance()  // print
        let open = advance()
        var depth = 1
        while depth > 0 {
            let token = advance()
            switch token.kind {
            case .symbol("("), .symbol("["), .symbol("{"): depth += 1
            case .symbol(")"), .symbol("]"), .symbol("}"): depth -= 1
            case .end: throw Failure("'(' is never closed", at: open.location)
            default: break
            }
        }
    }

    /// `from micrograd.engine import Value` and `import math` are accepted and ignored; nothing else is imported.
    private mutating func importStatement() throws(Failure) {
        let start = current
        // The statement re-spelled from its tokens: `from micrograd.engine import Value`.
        var text = ""
        while current.kind != .newline, current.kind != .end, !isSymbol(current, ";") {
            switch advance().kind {
            case .name(let n): text += text.isEmpty || text.hasSuffix(".") ? n : " " + n
            case .symbol("."): text += "."
            case .symbol(let s): text += " " + s
            default: text += " ?"
            }
        }
        let accepted = ["import math", "from micrograd.engine import Value", "from micrograd import Value",
                        "from micrograd.engine import *"]
        guard accepted.contains(text) else {
            throw Failure(Self.straightLineOnly("'\(text)' is", aside: " (a script imports only math and micrograd's Value)"),
                          at: start.location)
        }
        if text == "import math" { importedMath = true }
    }

    /// `a = expr`, also chained: `a = b = expr`.
    private mutating func assignment() throws(Failure) {
        var targets: [Token] = []
        while case .name = current.kind, isSymbol(peek(1), "=") {
            targets.append(advance())
            _ = advance()
        }
        let result = try expression()
        if case .none(let what) = result {
            throw Failure("\(what) returns None; there is nothing to assign", at: targets[0].location)
        }
        for target in targets {
            try bind(target, to: result)
        }
    }

    /// `name += expr` (and `-=`, `*=`, `/=`, `**=`): a new node rebound to the name, as in Python.
    private mutating func augmentedAssignment(name: String, op: String) throws(Failure) {
        let target = advance()
        let opToken = advance()
        let left = try lookUp(name, at: target.location)
        let right = try expression()
        let binaryOp = String(op.dropLast())
        try bind(target, to: try arithmetic(binaryOp, left, right, at: opToken.location))
    }

    /// `name.label = 'text'`: the only attribute a script may set.
    private mutating func attributeAssignment(name: String, attribute: String) throws(Failure) {
        let target = advance()
        _ = advance()
        let attributeToken = advance()
        _ = advance()
        guard attribute == "label" || attribute == "grad" else {
            throw Failure("only .label and .grad can be set; gradstep computes .\(attribute) itself", at: attributeToken.location)
        }
        let valueToken = current
        let value = try expression()
        guard case .value(let id) = try lookUp(name, at: target.location) else {
            throw Failure("'\(name)' is not a Value, so it has no \(attribute)", at: target.location)
        }
        if attribute == "grad" {
            // `o.grad = 1.0`: the seed of a pass the script writes out by hand.
            guard case .number(let x) = value else {
                throw Failure("a grad must be set to a number, not \(value.typeName)", at: valueToken.location)
            }
            seeds.append(ScriptedPass.Seed(node: id, value: x.value))
            return
        }
        guard case .string(let text) = value else {
            throw Failure("a label must be a string, not \(value.typeName)", at: valueToken.location)
        }
        graph.setLabel(text, of: id)
    }

    private mutating func bind(_ target: Token, to result: Result) throws(Failure) {
        guard case .name(let name) = target.kind else { return }
        if Self.builtins.contains(name) {
            throw Failure("'\(name)' cannot be rebound in a gradstep script", at: target.location)
        }
        variables[name] = result
        if case .value(let id) = result {
            if graph.bindName(name, rebinding: bindings[name, default: 0], to: id) { bindings[name, default: 0] += 1 }
            lastAssigned = id
        }
    }

    private func lookUp(_ name: String, at location: SourceLocation) throws(Failure) -> Result {
        guard let result = variables[name] else {
            if Self.builtins.contains(name) {
                throw Failure("'\(name)' must be called", at: location)
            }
            throw Failure("unknown name '\(name)'", at: location)
        }
        return result
    }

    // MARK: - Expressions

    /// Python's precedence: `+ -` < `* /` < unary `- +` < `**` < calls and attributes.
    /// Every way an expression nests — brackets, call arguments, keyword arguments — comes back
    /// through here, and unary signs and `**` through `enter` too: one depth guard for all of them.
    private mutating func expression() throws(Failure) -> Result {
        try enter(at: current.location)
        defer { depth -= 1 }
        let start = position
        var left = try term()
        while case .symbol(let op) = current.kind, op == "+" || op == "-" {
            let opToken = advance()
            let right = try term()
            let before = graph.count
            left = try arithmetic(op, left, right, at: opToken.location)
            titleNewNodes(since: before, from: start)
        }
        return left
    }

    private mutating func term() throws(Failure) -> Result {
        let start = position
        var left = try factor()
        while case .symbol(let op) = current.kind, ["*", "/", "//", "%", "@"].contains(op) {
            let opToken = advance()
            guard op == "*" || op == "/" else {
                throw Failure("operator '\(op)' is not supported (micrograd has + - * / **)", at: opToken.location)
            }
            let right = try factor()
            let before = graph.count
            left = try arithmetic(op, left, right, at: opToken.location)
            titleNewNodes(since: before, from: start)
        }
        return left
    }

    private mutating func factor() throws(Failure) -> Result {
        guard case .symbol(let op) = current.kind, op == "-" || op == "+" || op == "~" else {
            return try power()
        }
        let start = position
        let opToken = advance()
        if op == "~" {
            throw Failure("operator '~' is not supported (micrograd has + - * / **)", at: opToken.location)
        }
        try enter(at: opToken.location)
        defer { depth -= 1 }
        let operand = try factor()
        guard let value = operand.operand else {
            throw Failure("bad operand type for unary \(op): \(operand.typeName)", at: opToken.location)
        }
        guard op == "-" else { return operand }
        let before = graph.count
        let negated = Result(graph.neg(value))
        titleNewNodes(since: before, from: start)
        return negated
    }

    /// `x ** y` binds tighter than unary minus on its left and is right-associative: `-a**2` is `-(a**2)`.
    private mutating func power() throws(Failure) -> Result {
        let start = position
        let base = try postfix()
        guard isSymbol(current, "**") else { return base }
        let opToken = advance()
        try enter(at: opToken.location)
        defer { depth -= 1 }
        let exponent = try factor()
        let before = graph.count
        let result = try arithmetic("**", base, exponent, at: opToken.location)
        titleNewNodes(since: before, from: start)
        return result
    }

    // MARK: - Titles from the source

    /// The longest title taken from the source; a longer expression's is cut with `…`, which also
    /// keeps a 40,000-term sum on one line from costing the square of its length.
    private static let titleLimit = 60

    /// Gives the nodes made since `before` titles from the source: the last one, the value the
    /// expression from token `start` to here made, that expression's text; any made on the way
    /// (micrograd's `b**-1` inside `a / b`) the formula of what they are (`(e + 1)**-1`).
    private mutating func titleNewNodes(since before: Int, from start: Int) {
        guard graph.count > before else { return }
        let last = graph.count - 1
        for id in before..<last { graph.setSourceTitle(graph.formula(id), of: id) }
        graph.setSourceTitle(sourceText(from: start, to: position), of: last)
    }

    /// Tokens `start..<end` written back as text with Python's usual spacing: `e - 1`,
    /// `(e + 1)**-1`, `x.tanh()`, `Value(2.0, label='a')`.
    private func sourceText(from start: Int, to end: Int) -> String {
        var text = ""
        var previous: Token.Kind?
        for token in tokens[start..<end] {
            if text.count > Self.titleLimit { return String(text.prefix(Self.titleLimit)) + "…" }
            switch token.kind {
            case .name(let n): text += n
            case .number(let x): text += x.pythonRepr
            case .string(let s): text += "'" + s.replacingOccurrences(of: "'", with: "\\'") + "'"
            case .formattedString: text += "f'…'"
            case .symbol(let symbol):
                let unary = (symbol == "-" || symbol == "+") && previous.map(Self.opensOperand) ?? true
                switch symbol {
                case "(", ")", "[", "]", ".", "**": text += symbol
                case ",": text += ", "
                case "=": text += "="
                case _ where unary: text += symbol
                default: text += " \(symbol) "
                }
            case .newline, .end, .invalid: break
            }
            previous = token.kind
        }
        return text
    }

    /// Whether a `-` after a token of this kind is a sign rather than a subtraction.
    private static func opensOperand(_ kind: Token.Kind) -> Bool {
        guard case .symbol(let s) = kind else { return false }
        return s != ")" && s != "]"
    }

    private mutating func enter(at location: SourceLocation) throws(Failure) {
        depth += 1
        if depth > ScriptLoader.nestingLimit {
            throw Failure("expression nested too deeply (the limit is \(ScriptLoader.nestingLimit) levels)", at: location)
        }
    }

    private mutating func arithmetic(_ op: String, _ left: Result, _ right: Result, at location: SourceLocation) throws(Failure) -> Result {
        guard let a = left.operand, let b = right.operand else {
            throw Failure("unsupported operand types for \(op): \(left.typeName) and \(right.typeName)", at: location)
        }
        switch op {
        case "+": return Result(graph.add(a, b))
        case "-": return Result(graph.sub(a, b))
        case "*": return Result(graph.mul(a, b))
        case "/": return Result(graph.div(a, b))
        default:
            do {
                return Result(try graph.pow(a, b))
            } catch .valueExponent {
                throw Failure("the exponent must be an int or float, not a Value (micrograd: only supporting int/float powers)", at: location)
            } catch {
                throw Failure("a number cannot be raised to a Value power (micrograd's Value has no __rpow__)", at: location)
            }
        }
    }

    /// An atom followed by method calls: `x.tanh()`, `(a + b).relu()`, `o.backward()`.
    private mutating func postfix() throws(Failure) -> Result {
        let start = position
        var result = current.kind == .name("math") && isSymbol(peek(1), ".") ? try mathMember() : try atom()
        while isSymbol(current, ".") {
            _ = advance()
            let nameToken = advance()
            guard case .name(let method) = nameToken.kind else {
                throw Failure("expected a method name after '.', found \(nameToken.quoted)", at: nameToken.location)
            }
            guard isSymbol(current, "(") else {
                result = try attribute(method, of: result, at: nameToken.location)
                continue
            }
            _ = advance()
            try expect(")", "after '\(method)(': these methods take no arguments")
            let before = graph.count
            result = try call(method, on: result, at: nameToken.location)
            titleNewNodes(since: before, from: start)
        }
        return result
    }

    /// `x.data` reads the number; `x.grad` is refused, since grads are what gradstep computes.
    private func attribute(_ name: String, of receiver: Result, at location: SourceLocation) throws(Failure) -> Result {
        switch name {
        case "data":
            guard case .value(let id) = receiver else {
                throw Failure("\(receiver.typeName) has no .data: only a Value does", at: location)
            }
            return .number(Number(graph[id].data))
        case "grad":
            throw Failure("reading .grad is not supported: grads are what gradstep computes, step by step", at: location)
        case "label":
            throw Failure("reading .label is not supported: gradstep shows it itself", at: location)
        default:
            throw Failure("unknown attribute '.\(name)'", at: location)
        }
    }

    /// `math.pi`, `math.e`, and `math.exp`, `math.tanh`, `math.log`, `math.sqrt` of a number,
    /// computed as Python's math module does (with its domain errors).
    private mutating func mathMember() throws(Failure) -> Result {
        let mathToken = advance()
        guard importedMath else {
            throw Failure("name 'math' is not defined: add 'import math' first", at: mathToken.location)
        }
        _ = advance()  // .
        let nameToken = advance()
        guard case .name(let name) = nameToken.kind else {
            throw Failure("expected a name after 'math.', found \(nameToken.quoted)", at: nameToken.location)
        }
        switch name {
        case "pi": return .number(Number(Double.pi))
        case "e": return .number(Number(M_E))
        case "exp", "tanh", "log", "sqrt": break
        default:
            throw Failure("math.\(name) is not supported (a script may use math.exp, math.tanh, math.log, math.sqrt, math.pi, math.e)",
                          at: nameToken.location)
        }
        try expect("(", "after 'math.\(name)': it is a function")
        let argumentToken = current
        let argument = try expression()
        try expect(")", "after math.\(name)()'s one argument")
        guard case .number(let x) = argument else {
            let method = OpRule.method(name) != nil ? "; for a Value use .\(name)()" : ""
            throw Failure("math.\(name)() takes a number, not \(argument.typeName)\(method)", at: argumentToken.location)
        }
        let value: Double
        switch name {
        case "exp":
            value = Foundation.exp(x.value)
            if value.isInfinite && x.value.isFinite { throw Failure("math range error: math.exp(\(x.pythonRepr)) overflows", at: nameToken.location) }
        case "tanh": value = Foundation.tanh(x.value)
        case "log":
            guard x.value > 0 || x.value.isNaN else { throw Failure("math domain error: math.log needs a positive number", at: nameToken.location) }
            value = Foundation.log(x.value)
        default:
            guard x.value >= 0 || x.value.isNaN else { throw Failure("math domain error: math.sqrt needs a number of 0 or more", at: nameToken.location) }
            value = x.value.squareRoot()
        }
        return .number(Number(value))
    }

    private mutating func call(_ method: String, on receiver: Result, at location: SourceLocation) throws(Failure) -> Result {
        if let rule = OpRule.method(method) {
            guard case .value(let id) = receiver else {
                throw Failure("\(method)() needs a Value, not \(receiver.typeName)", at: location)
            }
            return .value(graph.unary(Op(rule), id))
        }
        switch method {
        case "backward":
            guard case .value(let id) = receiver else {
                throw Failure("backward() needs a Value, not \(receiver.typeName)", at: location)
            }
            selectedRoot = id
            return .none("backward()")
        case "_backward":
            // The lecture's cells before backward() existed: one node's chain rule, by hand.
            guard case .value(let id) = receiver else {
                throw Failure("_backward() needs a Value, not \(receiver.typeName)", at: location)
            }
            calls.append(id)
            return .none("_backward()")
        default:
            let methods = OpRule.methods.map { "\($0)(), " }.joined()
            throw Failure("unknown method '\(method)' (a Value has \(methods)backward() and _backward(); "
                          + "a Value class of your own opens once saved from Python: see `gradstep exporter`)", at: location)
        }
    }

    private mutating func atom() throws(Failure) -> Result {
        let token = advance()
        switch token.kind {
        case .number(let x):
            return .number(x)
        case .string(let s):
            return .string(s)
        case .formattedString:
            throw Failure("f-strings are not supported: labels are plain strings", at: token.location)
        case .name(let name):
            if isSymbol(current, "(") {
                let start = position - 1, before = graph.count
                let result = try functionCall(name, at: token.location)
                titleNewNodes(since: before, from: start)
                return result
            }
            return try lookUp(name, at: token.location)
        case .symbol("("):
            let inner = try expression()
            if isSymbol(current, ",") {
                throw Failure("tuples are not supported", at: current.location)
            }
            try expect(")", "to close the '(' at \(token.location.line):\(token.location.column)")
            return inner
        case .symbol(let s):
            throw Failure(s == "[" || s == "{" ? Self.straightLineOnly("lists, dicts and sets are") : "unexpected \(token.quoted)",
                          at: token.location)
        case .newline, .end, .invalid:
            throw Failure("expected an expression, found \(token.quoted)", at: token.location)
        }
    }

    /// `Value(data)`, `Value(data, label='a')`, `Value(data=2.0)`, `draw_dot(root)`.
    private mutating func functionCall(_ function: String, at location: SourceLocation) throws(Failure) -> Result {
        _ = advance()  // (
        var positional: [(Result, SourceLocation)] = []
        var keywords: [String: (Result, SourceLocation)] = [:]
        while !isSymbol(current, ")") {
            let argumentStart = current
            if case .name(let keyword) = current.kind, isSymbol(peek(1), "=") {
                _ = advance(); _ = advance()
                if keywords[keyword] != nil {
                    throw Failure("keyword argument '\(keyword)' repeated", at: argumentStart.location)
                }
                keywords[keyword] = (try expression(), argumentStart.location)
            } else {
                if !keywords.isEmpty {
                    throw Failure("positional argument follows keyword argument", at: argumentStart.location)
                }
                positional.append((try expression(), argumentStart.location))
            }
            guard isSymbol(current, ",") else { break }
            _ = advance()
        }
        try expect(")", "to close the call to \(function)()")

        switch function {
        case "Value":
            return try makeValue(positional: positional, keywords: keywords, at: location)
        case "draw_dot":
            guard positional.count == 1, keywords.isEmpty, case .value(let id) = positional[0].0 else {
                throw Failure("draw_dot() takes one Value", at: location)
            }
            selectedRoot = id
            return .none("draw_dot()")
        default:
            if variables[function] != nil {
                throw Failure("'\(function)' is not callable", at: location)
            }
            if Self.loopBuiltins.contains(function) { throw Failure(Self.straightLineOnly("'\(function)()' is"), at: location) }
            throw Failure("unknown function '\(function)' (a script can call Value() and draw_dot())", at: location)
        }
    }

    private mutating func makeValue(
        positional: [(Result, SourceLocation)], keywords: [String: (Result, SourceLocation)], at location: SourceLocation
    ) throws(Failure) -> Result {
        if let unknown = keywords.keys.sorted().first(where: { $0 != "data" && $0 != "label" }) {
            throw Failure("Value() got an unsupported keyword argument '\(unknown)' (it takes data and label)",
                          at: keywords[unknown]!.1)
        }
        if positional.count > 1 {
            throw Failure("Value() takes one positional argument, the data; give the label as label='...'",
                          at: positional[1].1)
        }
        if positional.count == 1 && keywords["data"] != nil {
            throw Failure("Value() got data twice", at: keywords["data"]!.1)
        }
        guard let (data, dataLocation) = positional.first ?? keywords["data"] else {
            throw Failure("Value() needs its data: Value(2.0)", at: location)
        }
        guard case .number(let number) = data else {
            throw Failure("Value() takes a number, not \(data.typeName)", at: dataLocation)
        }
        var label = ""
        if let (labelResult, labelLocation) = keywords["label"] {
            guard case .string(let text) = labelResult else {
                throw Failure("a label must be a string, not \(labelResult.typeName)", at: labelLocation)
            }
            label = text
        }
        return .value(graph.leaf(number.value, label: label))
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
