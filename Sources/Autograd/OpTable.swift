import Foundation

/// gradstep's op table: every op it knows, one entry each. Everything that knows an op reads
/// this table — the script interpreter (`x.tanh()`), the saved-graph reader (`"op": "tanh"`),
/// the engine's forward values and local derivatives, the naming of a saved op from its numbers, the step pane's `_backward()` lines, the
/// formulas of titles, trace and DOT, the help and man page's list of methods, the exporter's
/// list of known ops (`gradstep exporter`) and the fuzz dictionary (`Fuzz/ops.dict`, kept by a test).
///
/// micrograd 0.1.0 has `+ * ** relu`; the lecture adds `tanh` and `exp`; `-`, `/` and the
/// reflected operators are made from these (`Graph+Micrograd.swift`).
extension OpRule {
    /// Every op, in the order the help lists the methods.
    public static let all: [OpRule] = [add, mul, power, tanh, exp, relu, log, sigmoid]

    public static let add = OpRule(
        symbol: "+", spelling: .infix("+"), arity: 2,
        forward: { $0.x + $0.y }, derivative: { _, _ in 1 },
        lecture: ["1.0", "1.0"], formula: .infix)

    public static let mul = OpRule(
        symbol: "*", spelling: .infix("*"), arity: 2,
        forward: { $0.x * $0.y }, derivative: { slot, v in slot == 0 ? v.y : v.x },
        lecture: ["other.data", "self.data"], formula: .infix)

    /// `x ** k` for a constant exponent `k`: micrograd supports only int/float powers.
    public static let power = OpRule(
        symbol: "**", spelling: .power, arity: 1,
        forward: { Foundation.pow($0.x, $0.k) }, derivative: { _, v in v.k * Foundation.pow(v.x, v.k - 1) },
        lecture: ["(other * self.data**(other-1))"], formula: .suffix)

    // Foundation's tanh saturates to ±1; the lecture's (e^2x - 1)/(e^2x + 1) gives nan past x ≈ 355.
    public static let tanh = OpRule(
        symbol: "tanh", spelling: .method("tanh"), arity: 1,
        forward: { Foundation.tanh($0.x) }, derivative: { _, v in 1 - v.out * v.out },
        lecture: ["(1 - t**2)"], formula: .call("tanh"))

    public static let exp = OpRule(
        symbol: "exp", spelling: .method("exp"), arity: 1,
        forward: { Foundation.exp($0.x) }, derivative: { _, v in v.out },
        lecture: ["out.data"], formula: .call("exp"))

    public static let relu = OpRule(
        symbol: "ReLU", aliases: ["relu"], spelling: .method("relu"), arity: 1,
        forward: { $0.x < 0 ? 0 : $0.x }, derivative: { _, v in v.out > 0 ? 1 : 0 },
        lecture: ["(out.data > 0)"], formula: .call("relu"))

    // Python's math.log refuses x <= 0; a float log gives -inf and nan, which shows as such.
    public static let log = OpRule(
        symbol: "log", spelling: .method("log"), arity: 1,
        forward: { Foundation.log($0.x) }, derivative: { _, v in 1 / v.x },
        lecture: ["(1 / self.data)"], formula: .call("log"))

    /// The logistic function, `1/(1+e^-x)`, whose derivative is its own `s·(1-s)`.
    public static let sigmoid = OpRule(
        symbol: "sigmoid", spelling: .method("sigmoid"), arity: 1,
        forward: { 1 / (1 + Foundation.exp(-$0.x)) }, derivative: { _, v in v.out * (1 - v.out) },
        lecture: ["(s * (1 - s))"], formula: .call("sigmoid"))
}

extension Op {
    public static let add = Op(.add)
    public static let mul = Op(.mul)
    public static let tanh = Op(.tanh)
    public static let exp = Op(.exp)
    public static let relu = Op(.relu)
    public static let log = Op(.log)
    public static let sigmoid = Op(.sigmoid)
}
