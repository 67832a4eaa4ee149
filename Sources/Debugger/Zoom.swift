/// How much each value box shows.
public enum Zoom: String, CaseIterable, Sendable {
    /// One line: the name and the grad.
    case compact
    /// The name, the data and the grad in a box as narrow and low as they allow: draw_dot's
    /// record, small, for a graph that normal zoom does not fit.
    case record
    /// The name, the data and the grad: draw_dot's record.
    case normal
    /// Adds the op written out and, once the run has passed the node, its correct gradient.
    case full

    /// The next level in, wrapping around: compact → record → normal → full → compact.
    public var next: Zoom {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    /// The next level out, wrapping around.
    public var previous: Zoom {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + all.count - 1) % all.count]
    }

    /// Whether a box has room for two numbers (data and grad, or both engines' grads).
    var showsTwoNumbers: Bool { self != .compact }
}
