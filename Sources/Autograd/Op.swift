import Foundation

/// A number as Python holds it: the value, and whether it was written as an `int`.
///
/// The distinction only shows in names: micrograd labels a power node
/// `f'**{other}'`, so `x**2` and `x**2.0` are different ops on screen.
public struct Number: Hashable, Sendable {
    public var value: Double
    public var isInteger: Bool

    public init(_ value: Double, isInteger: Bool = false) {
        self.value = value
        self.isInteger = isInteger
    }

    /// Python's `repr` of the number: `2`, `-1`, `2.0`, `0.5`, `1e-05`, `inf`, `nan`.
    public var pythonRepr: String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if isInteger, abs(value) < 1e18 { return String(Int64(value)) }
        return value.description
    }
}

/// The operation that produced a value: none (a leaf), a rule of gradstep's op table
/// (`OpTable.swift`), or an op of the learner's that only a saved graph knows.
public enum Op: Hashable, Sendable {
    case leaf
    /// A rule of the op table, with the exponent `k` of `x**k` (nil for every other rule).
    case builtin(OpRule, exponent: Number?)
    /// An op gradstep does not know, from a saved graph: its `_op` string, and the local
    /// derivative of each operand slot as the learner's code computed it.
    case learners(symbol: String, locals: [Double])

    /// A rule of the op table, for a rule that takes no exponent.
    public init(_ rule: OpRule) {
        self = .builtin(rule, exponent: nil)
    }

    /// `x ** k` for a constant exponent `k`: micrograd supports only int/float powers.
    public static func pow(_ k: Number) -> Op { .builtin(.power, exponent: k) }

    /// The op a saved graph names by its `_op` string: a rule's symbol or alias, or `**k`.
    public init?(savedSymbol symbol: String) {
        if let rule = OpRule.all.first(where: { $0.names(symbol) }) {
            self.init(rule)
        } else if let k = OpRule.exponent(of: symbol) {
            self = .pow(k)
        } else {
            return nil
        }
    }

    /// The table's rule, or nil for a leaf and a learner's op.
    public var rule: OpRule? {
        if case .builtin(let rule, _) = self { return rule }
        return nil
    }

    /// The `_op` string micrograd stores: `+`, `*`, `**2`, `tanh`, `exp`, `ReLU`; empty for a leaf.
    public var symbol: String {
        switch self {
        case .leaf: ""
        case .builtin(let rule, let k): rule.symbol + (k?.pythonRepr ?? "")
        case .learners(let symbol, _): symbol
        }
    }

    /// Whether the local derivatives come from the learner's code rather than gradstep's rules.
    public var isLearners: Bool {
        if case .learners = self { return true }
        return false
    }

    /// How many operand slots the op has.
    public var arity: Int {
        switch self {
        case .leaf: 0
        case .builtin(let rule, _): rule.arity
        case .learners(_, let locals): locals.count
        }
    }

    /// The forward value from the operands' data.
    public func forward(_ x: Double, _ y: Double = 0) -> Double {
        switch self {
        case .leaf: x
        case .builtin(let rule, let k): rule.forward(Operands(x: x, y: y, k: k?.value ?? 0))
        // Only the learner's code knows; a saved graph carries the data it computed.
        case .learners: .nan
        }
    }

    /// d(out)/d(operand) for operand `slot`, as micrograd's `_backward` computes it.
    ///
    /// - Parameters:
    ///   - x: the first operand's data; `y`: the second's (binary ops only).
    ///   - out: the op's own output data (tanh, exp, relu and sigmoid differentiate through it).
    public func localDerivative(slot: Int, x: Double, y: Double, out: Double) -> Double {
        switch self {
        case .leaf: 0
        case .builtin(let rule, let k): rule.derivative(slot, Operands(x: x, y: y, k: k?.value ?? 0, out: out))
        case .learners(_, let locals): locals[slot]
        }
    }

    /// The right-hand side of the lecture's `_backward()` line for operand `slot`, without the
    /// target and the `=`: `other.data * out.grad`; a learner's op shows its number.
    public func lectureLocal(slot: Int, number: (Double) -> String) -> String {
        switch self {
        case .leaf: ""
        case .builtin(let rule, _): rule.lecture[slot] + " * out.grad"
        case .learners(_, let locals): number(locals[slot]) + " * out.grad"
        }
    }

    /// The op written out over its operands' names: `d * e`, `x**2`, `tanh(n)`, `relu(x)`.
    public func formula(_ names: [String]) -> String {
        switch self {
        case .leaf: return names.first ?? ""
        case .builtin(let rule, _):
            switch rule.formula {
            case .infix: return "\(names[0]) \(symbol) \(names[1])"
            case .suffix: return names[0] + symbol
            case .call(let function): return "\(function)(\(names[0]))"
            }
        case .learners(let symbol, _):
            // A learner's operator (`-`, `/`) reads between its operands; a named op reads as a call.
            let infix = names.count == 2 && !symbol.isEmpty && symbol.unicodeScalars.allSatisfy { "+-*/%@<>&|^".unicodeScalars.contains($0) }
            if infix { return "\(names[0]) \(symbol) \(names[1])" }
            return "\(symbol.isEmpty ? "?" : symbol)(\(names.joined(separator: ", ")))"
        }
    }
}

/// The numbers an op's rule reads: its operands' data, the exponent of a power, its own output.
public struct Operands: Sendable {
    public var x: Double
    public var y: Double = 0
    public var k: Double = 0
    public var out: Double = 0
}

/// One op of gradstep's table (`OpTable.swift`): everything gradstep knows of it, in one entry.
///
/// A class, so that a node holds one reference to its rule, and two rules are equal when they
/// are the same entry.
public final class OpRule: Hashable, Sendable, CustomStringConvertible {
    /// How a script makes the op.
    public enum Spelling: Hashable, Sendable {
        /// A Python operator between two operands (`a * b`); `-` and `/` are made from these.
        case infix(String)
        /// `x ** k`, with a number for `k`.
        case power
        /// A method of a Value: `x.tanh()`.
        case method(String)
    }

    /// How the op's formula is written over its operands' names.
    public enum Formula: Hashable, Sendable {
        /// `a * b`, with the symbol between.
        case infix
        /// `x**2`, with the symbol after.
        case suffix
        /// `tanh(n)`, a call of this name.
        case call(String)
    }

    /// The `_op` string micrograd stores (`**` for the power, which appends its exponent).
    public let symbol: String
    /// Other `_op` strings that name the op in a saved graph (`relu` beside micrograd's `ReLU`).
    public let aliases: [String]
    public let spelling: Spelling
    public let arity: Int
    /// The forward value from the operands' data.
    public let forward: @Sendable (Operands) -> Double
    /// d(out)/d(operand `slot`), as micrograd's `_backward` computes it.
    public let derivative: @Sendable (_ slot: Int, Operands) -> Double
    /// The local derivative of each slot as the lecture's `_backward()` writes it, before
    /// `* out.grad`: `other.data`, `(1 - t**2)`.
    public let lecture: [String]
    public let formula: Formula

    public init(symbol: String, aliases: [String] = [], spelling: Spelling, arity: Int,
                forward: @escaping @Sendable (Operands) -> Double,
                derivative: @escaping @Sendable (_ slot: Int, Operands) -> Double,
                lecture: [String], formula: Formula) {
        precondition(lecture.count == arity, "one line per operand")
        self.symbol = symbol
        self.aliases = aliases
        self.spelling = spelling
        self.arity = arity
        self.forward = forward
        self.derivative = derivative
        self.lecture = lecture
        self.formula = formula
    }

    /// Whether a saved graph's `_op` string names this rule.
    public func names(_ savedSymbol: String) -> Bool {
        spelling != .power && (savedSymbol == symbol || aliases.contains(savedSymbol))
    }

    /// The method that makes the op in a script (`tanh` for `x.tanh()`), if a method does.
    public var method: String? {
        if case .method(let name) = spelling { return name }
        return nil
    }

    /// The rule a script's method call makes: `x.tanh()`.
    public static func method(_ name: String) -> OpRule? {
        all.first { $0.method == name }
    }

    /// The methods of a Value that make ops, in table order (`tanh`, `exp`, `relu`, ...).
    public static var methods: [String] { all.compactMap(\.method) }

    /// `**2`, `**-1`, `**0.5`: the exponent of micrograd's power op, `f'**{other}'`.
    static func exponent(of symbol: String) -> Number? {
        guard symbol.hasPrefix(power.symbol) else { return nil }
        let text = symbol.dropFirst(power.symbol.count)
        guard let value = Double(text), value.isFinite else { return nil }
        return Number(value, isInteger: !text.contains(where: { ".eE".contains($0) }))
    }

    public var description: String { symbol }

    public static func == (a: OpRule, b: OpRule) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
