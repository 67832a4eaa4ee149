import Autograd
import Foundation

/// Statements: assignments, imports, `print`, and the lines a pass written by hand makes.
extension Interpreter {
    mutating func statement() throws(Failure) {
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
    mutating func skipPrint() throws(Failure) {
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
    mutating func importStatement() throws(Failure) {
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
    mutating func assignment() throws(Failure) {
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
    mutating func augmentedAssignment(name: String, op: String) throws(Failure) {
        let target = advance()
        let opToken = advance()
        let left = try lookUp(name, at: target.location)
        let right = try expression()
        let binaryOp = String(op.dropLast())
        try bind(target, to: try arithmetic(binaryOp, left, right, at: opToken.location))
    }

    /// `name.label = 'text'`: the only attribute a script may set.
    mutating func attributeAssignment(name: String, attribute: String) throws(Failure) {
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

    mutating func bind(_ target: Token, to result: Result) throws(Failure) {
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

    func lookUp(_ name: String, at location: SourceLocation) throws(Failure) -> Result {
        guard let result = variables[name] else {
            if Self.builtins.contains(name) {
                throw Failure("'\(name)' must be called", at: location)
            }
            throw Failure("unknown name '\(name)'", at: location)
        }
        return result
    }
}
