/// The gradient rule every `_backward()` applies when it writes an operand's grad.
public enum Engine: String, CaseIterable, Hashable, Sendable {
    /// `child.grad = local * out.grad`: the lecture's bug. A value reached along two paths
    /// keeps only the contribution written last.
    case buggy
    /// `child.grad += local * out.grad`: the multivariate chain rule.
    case fixed

    /// The grad after one write of `contribution` (= `local * out.grad`) onto `before`.
    @inline(__always)
    public func write(_ contribution: Double, onto before: Double) -> Double {
        switch self {
        case .buggy: contribution
        case .fixed: before + contribution
        }
    }

    /// The assignment operator as it reads in Python: `=` or `+=`.
    public var assignment: String {
        switch self {
        case .buggy: "="
        case .fixed: "+="
        }
    }
}
