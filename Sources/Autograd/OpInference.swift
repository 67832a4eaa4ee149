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
    public static func inferred(out: Double, x: Double, y: Double, arity: Int, locals: some Collection<Double>) -> Op? {
        guard (1...2).contains(arity), locals.count == arity else { return nil }
        let local = Array(locals)
        let values = Operands(x: x, y: y, out: out)
        for rule in OpRule.all where rule.spelling != .power && rule.arity == arity {
            guard close(out, rule.forward(values)) else { continue }
            if local.indices.allSatisfy({ close(local[$0], rule.derivative($0, values)) }) { return Op(rule) }
        }
        guard arity == 1, x != 0, out != 0 else { return nil }
        // out = x**k has d(out)/dx = k * x**(k-1) = k * out / x.
        var k = local[0] * x / out
        let whole = close(k, k.rounded())
        if whole { k = k.rounded() }
        guard k.isFinite, close(out, Foundation.pow(x, k)), close(local[0], k * Foundation.pow(x, k - 1)) else { return nil }
        return .pow(Number(k, isInteger: whole))
    }

    /// Equal but for the rounding of a few operations.
    private static func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-9 * Swift.max(1, abs(a), abs(b))
    }
}
