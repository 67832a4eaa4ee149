/// An operand of a Python arithmetic expression: a value in the graph, or a plain number.
public enum Operand: Hashable, Sendable {
    case value(NodeID)
    case number(Number)
}

/// An arithmetic expression micrograd itself rejects.
public enum OperandError: Error, Hashable, Sendable {
    /// `x ** y` with a Value exponent: micrograd asserts "only supporting int/float powers for now".
    case valueExponent
    /// `2 ** x`: micrograd's Value has no `__rpow__`.
    case numberToValuePower
}

/// Python arithmetic on values and numbers, building exactly the nodes micrograd builds,
/// in the same order and with the same operand order.
///
/// The primitives are the op table's (`OpTable.swift`); everything else is made from them:
/// `-x` is `x * -1`, `a - b` is `a + (-b)`, `a / b` is `a * b**-1`, and a reflected op
/// (`2 * x`, `1 + c`) puts the Value first.
extension Graph {
    /// `a + b` (`__add__`, or `__radd__` when only `b` is a Value).
    public mutating func add(_ a: Operand, _ b: Operand) -> Operand {
        binary(.add, a, b) { x, y in Number(x.value + y.value, isInteger: x.isInteger && y.isInteger) }
    }

    /// `a * b` (`__mul__`, or `__rmul__` when only `b` is a Value).
    public mutating func mul(_ a: Operand, _ b: Operand) -> Operand {
        binary(.mul, a, b) { x, y in Number(x.value * y.value, isInteger: x.isInteger && y.isInteger) }
    }

    /// `-a`: micrograd's `__neg__` is `self * -1`.
    public mutating func neg(_ a: Operand) -> Operand {
        switch a {
        case .number(let x): .number(Number(-x.value, isInteger: x.isInteger))
        case .value: mul(a, .number(Number(-1, isInteger: true)))
        }
    }

    /// `a - b`: `__sub__` is `self + (-other)`; `__rsub__` is `other + (-self)`.
    public mutating func sub(_ a: Operand, _ b: Operand) -> Operand {
        if case .number(let x) = a, case .number(let y) = b {
            return .number(Number(x.value - y.value, isInteger: x.isInteger && y.isInteger))
        }
        let negated = neg(b)
        return add(a, negated)
    }

    /// `a / b`: `__truediv__` is `self * other**-1`; `__rtruediv__` is `other * self**-1`.
    /// For a plain-number divisor the reciprocal is a Python float, so no `**` node is made.
    public mutating func div(_ a: Operand, _ b: Operand) -> Operand {
        if case .number(let x) = a, case .number(let y) = b {
            return .number(Number(x.value / y.value))
        }
        // A Value to the power -1 is always allowed, so this cannot throw.
        let reciprocal = try! pow(b, .number(Number(-1, isInteger: true)))
        return mul(a, reciprocal)
    }

    /// `a ** b` for a constant exponent `b`.
    public mutating func pow(_ a: Operand, _ b: Operand) throws(OperandError) -> Operand {
        switch (a, b) {
        case (.value(let x), .number(let k)):
            return .value(apply(.pow(k), x))
        case (.value, .value):
            throw .valueExponent
        case (.number, .value):
            throw .numberToValuePower
        case (.number(let x), .number(let k)):
            let power = Op.pow(k).forward(x.value)
            // Python: int ** non-negative int stays an int; anything else is a float.
            return .number(Number(power, isInteger: x.isInteger && k.isInteger && k.value >= 0))
        }
    }

    /// `x.tanh()`, `x.exp()`, `x.relu()`: a method of the op table on a Value.
    public mutating func unary(_ op: Op, _ x: NodeID) -> NodeID {
        apply(op, x)
    }

    /// The node holding `operand`, wrapping a plain number as micrograd does: `Value(other)`.
    public mutating func node(for operand: Operand) -> NodeID {
        switch operand {
        case .value(let id): id
        case .number(let x): constant(x)
        }
    }

    private mutating func binary(
        _ op: Op, _ a: Operand, _ b: Operand, numbers: (Number, Number) -> Number
    ) -> Operand {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            return .number(numbers(x, y))
        case (.number, .value):
            // Python asks the number first, it declines, and the Value's reflected op runs: b op a.
            return binary(op, b, a, numbers: numbers)
        case (.value(let x), _):
            let y = node(for: b)
            return .value(apply(op, x, y))
        }
    }
}
