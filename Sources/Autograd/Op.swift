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

/// The operation that produced a value, with its forward rule and local derivative side by side.
///
/// These are micrograd's primitive ops; `-`, `/` and the reflected operators are
/// built from them exactly as micrograd builds them (see `Graph+Micrograd.swift`).
public enum Op: Hashable, Sendable {
    case leaf
    case add
    case mul
    /// `x ** k` for a constant exponent `k`: micrograd supports only int/float powers.
    case pow(Number)
    case tanh
    case exp
    case relu
    /// `x.log()`: the natural logarithm.
    case log
    /// An op gradstep does not know (a learner's `sigmoid`), from a saved graph: its `_op`
    /// string, and the local derivative of each operand slot as the learner's code computed it.
    case recorded(symbol: String, locals: [Double])

    /// The `_op` string micrograd stores: `+`, `*`, `**2`, `tanh`, `exp`, `ReLU`; empty for a leaf.
    public var symbol: String {
        switch self {
        case .leaf: ""
        case .add: "+"
        case .mul: "*"
        case .pow(let k): "**" + k.pythonRepr
        case .tanh: "tanh"
        case .exp: "exp"
        case .relu: "ReLU"
        case .log: "log"
        case .recorded(let symbol, _): symbol
        }
    }

    /// Whether the local derivatives come from the learner's code rather than gradstep's rules.
    public var isRecorded: Bool {
        if case .recorded = self { return true }
        return false
    }

    /// How many operand slots the op has.
    public var arity: Int {
        switch self {
        case .leaf: 0
        case .add, .mul: 2
        case .pow, .tanh, .exp, .relu, .log: 1
        case .recorded(_, let locals): locals.count
        }
    }

    /// The forward value from the operands' data.
    public func forward(_ x: Double, _ y: Double = 0) -> Double {
        switch self {
        case .leaf: x
        case .add: x + y
        case .mul: x * y
        case .pow(let k): Foundation.pow(x, k.value)
        // Foundation's tanh saturates to ±1; the lecture's (e^2x - 1)/(e^2x + 1) gives nan past x ≈ 355.
        case .tanh: Foundation.tanh(x)
        case .exp: Foundation.exp(x)
        case .relu: x < 0 ? 0 : x
        // Python's math.log refuses x <= 0; a float log gives -inf and nan, which shows as such.
        case .log: Foundation.log(x)
        // Only the learner's code knows; a saved graph carries the data it computed.
        case .recorded: .nan
        }
    }

    /// d(out)/d(operand) for operand `slot`, as micrograd's `_backward` computes it.
    ///
    /// - Parameters:
    ///   - x: the first operand's data; `y`: the second's (binary ops only).
    ///   - out: the op's own output data (tanh, exp and relu differentiate through it).
    public func localDerivative(slot: Int, x: Double, y: Double, out: Double) -> Double {
        switch self {
        case .leaf: 0
        case .add: 1
        case .mul: slot == 0 ? y : x
        case .pow(let k): k.value * Foundation.pow(x, k.value - 1)
        case .tanh: 1 - out * out
        case .exp: out
        case .relu: out > 0 ? 1 : 0
        case .log: 1 / x
        case .recorded(_, let locals): locals[slot]
        }
    }
}
