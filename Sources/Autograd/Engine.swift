/// How a `_backward()` call writes its contributions to the operands' grads.
public enum Engine: String, CaseIterable, Hashable, Sendable {
    /// `child.grad = local * out.grad`: the lecture's bug. A value reached along two paths
    /// keeps only the contribution written last.
    case buggy
    /// `child.grad += local * out.grad`: the multivariate chain rule.
    case fixed
    /// The learner's own `backward()`, as a saved graph recorded it: their `_backward()` calls,
    /// in their order, with the grads they wrote (see `RecordedPass`).
    case yours

    /// The two rules gradstep runs itself; `yours` is replayed, never run.
    public static let rules: [Engine] = [.buggy, .fixed]

    /// The grad after one write of `contribution` (= `local * out.grad`) onto `before`.
    /// (`yours` is never run, only replayed; it is given the chain rule's answer.)
    @inline(__always)
    public func write(_ contribution: Double, onto before: Double) -> Double {
        switch self {
        case .buggy: contribution
        case .fixed, .yours: before + contribution
        }
    }

    /// The assignment as it reads in Python: `=`, `+=`, or `your code` for a recorded pass.
    public var assignment: String {
        switch self {
        case .buggy: "="
        case .fixed: "+="
        case .yours: "your code"
        }
    }

    /// How a sentence names the rule: `grad =`, `grad +=`, `your backward()`.
    public var phrase: String {
        switch self {
        case .buggy: "grad ="
        case .fixed: "grad +="
        case .yours: "your backward()"
        }
    }
}
