import Autograd
import Foundation

/// Attributes, methods, `math`, and the calls that make values: `Value(2.0, label='a')`.
extension Interpreter {
    /// `x.data` reads the number; `x.grad` is refused, since grads are what gradstep computes.
    func attribute(_ name: String, of receiver: Result, at location: SourceLocation) throws(Failure) -> Result {
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
    mutating func mathMember() throws(Failure) -> Result {
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

    mutating func call(_ method: String, on receiver: Result, at location: SourceLocation) throws(Failure) -> Result {
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

    mutating func atom() throws(Failure) -> Result {
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
    mutating func functionCall(_ function: String, at location: SourceLocation) throws(Failure) -> Result {
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

    mutating func makeValue(
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
