import Autograd
import Foundation

/// Expressions, by Python's precedence, and the titles their source text gives new values.
extension Interpreter {
    /// Python's precedence: `+ -` < `* /` < unary `- +` < `**` < calls and attributes.
    /// Every way an expression nests — brackets, call arguments, keyword arguments — comes back
    /// through here, and unary signs and `**` through `enter` too: one depth guard for all of them.
    mutating func expression() throws(Failure) -> Result {
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

    mutating func term() throws(Failure) -> Result {
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

    mutating func factor() throws(Failure) -> Result {
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
    mutating func power() throws(Failure) -> Result {
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
    static let titleLimit = 60

    /// Gives the nodes made since `before` titles from the source: the last one, the value the
    /// expression from token `start` to here made, that expression's text; any made on the way
    /// (micrograd's `b**-1` inside `a / b`) the formula of what they are (`(e + 1)**-1`).
    mutating func titleNewNodes(since before: Int, from start: Int) {
        guard graph.count > before else { return }
        let last = graph.count - 1
        for id in before..<last { graph.setSourceTitle(graph.formula(id), of: id) }
        graph.setSourceTitle(sourceText(from: start, to: position), of: last)
    }

    /// Tokens `start..<end` written back as text with Python's usual spacing: `e - 1`,
    /// `(e + 1)**-1`, `x.tanh()`, `Value(2.0, label='a')`.
    func sourceText(from start: Int, to end: Int) -> String {
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
    static func opensOperand(_ kind: Token.Kind) -> Bool {
        guard case .symbol(let s) = kind else { return false }
        return s != ")" && s != "]"
    }

    mutating func enter(at location: SourceLocation) throws(Failure) {
        depth += 1
        if depth > ScriptLoader.nestingLimit {
            throw Failure("expression nested too deeply (the limit is \(ScriptLoader.nestingLimit) levels)", at: location)
        }
    }

    mutating func arithmetic(_ op: String, _ left: Result, _ right: Result, at location: SourceLocation) throws(Failure) -> Result {
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
    mutating func postfix() throws(Failure) -> Result {
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
}
