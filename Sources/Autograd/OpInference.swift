import Foundation

extension Op {
    /// The op of gradstep's table a value's numbers show, for a class that keeps no `_op`
    /// (microgpt's `Value` keeps only `_local_grads`): the rule whose forward value and local
    /// derivatives match `out` and `locals` on these operands, or `x**k`; nil when none fits.
    ///
    /// - Parameters:
    ///   - out: the value's data; `x` and `y`: its operands' data (`y` is `x` for one operand);
    ///   - arity: how many operands it has, one or two;
    ///   - locals: the local derivative the learner's class computed for each operand slot.
    public static func inferred(out: Double, x: Double, y: Double, arity: Int, locals: ArraySlice<Double>) -> Op? {
        guard (1...2).contains(arity), locals.count == arity else { return nil }
        let first = locals[locals.startIndex], second = locals[locals.endIndex - 1]
        let values = Operands(x: x, y: y, out: out)
        for rule in OpRule.all where rule.spelling != .power && rule.arity == arity {
            guard close(out, rule.forward(values)), close(first, rule.derivative(0, values)) else { continue }
            if arity == 1 || close(second, rule.derivative(1, values)) { return Op(rule) }
        }
        guard arity == 1, x != 0, out != 0 else { return nil }
        // out = x**k has d(out)/dx = k * x**(k-1) = k * out / x.
        var k = first * x / out
        let whole = close(k, k.rounded())
        if whole { k = k.rounded() }
        guard k.isFinite, close(out, Foundation.pow(x, k)), close(first, k * Foundation.pow(x, k - 1)) else { return nil }
        return .pow(Number(k, isInteger: whole))
    }

    /// Equal but for the rounding of a few operations.
    private static func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-9 * Swift.max(1, abs(a), abs(b))
    }
}
