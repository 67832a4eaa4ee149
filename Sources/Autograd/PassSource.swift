/// Who wrote the pass being stepped: gradstep's topological sort, a script by hand, or the
/// learner's own `backward()`. One type says which, so the code asks it rather than comparing
/// engines and orders.
public enum PassSource: Hashable, Sendable {
    /// gradstep's topological sort (label, operand or random order), from the root's seed.
    case sorted
    /// The seeds and `_backward()` calls a script writes by hand.
    case script
    /// The learner's own `backward()`'s calls, run under gradstep's engine (`--order yours`).
    case yoursCalls
    /// The learner's own `backward()` as it ran: its seed, its calls and its writes (the `yours` engine).
    case yours

    /// Whether somebody wrote the order rather than gradstep sorting it: such a pass can call a
    /// `_backward()` too early, or never.
    public var isWritten: Bool { self != .sorted }

    /// Whether the learner's `backward()` chose the calls.
    public var isLearners: Bool { self == .yours || self == .yoursCalls }

    /// Whether the pass starts from seeds somebody else wrote (the script's, the learner's)
    /// rather than gradstep's `root.grad = 1.0`.
    public var writesItsOwnSeeds: Bool { self == .script || self == .yours }
}

extension Trace {
    /// Who wrote this trace's pass.
    public var source: PassSource {
        if engine == .yours { return .yours }
        switch order {
        case .script: return .script
        case .yours: return .yoursCalls
        case .label, .operand, .random: return .sorted
        }
    }
}
