/// How much each value box shows.
public enum Zoom: String, CaseIterable, Sendable {
    /// One line: the name and the grad.
    case compact
    /// The name, the data and the grad: draw_dot's record.
    case normal
    /// Adds the op written out and, once the run has passed the node, its correct gradient.
    case full

    /// The next level in, wrapping around: compact → normal → full → compact.
    public var next: Zoom {
        switch self {
        case .compact: .normal
        case .normal: .full
        case .full: .compact
        }
    }

    public var previous: Zoom {
        switch self {
        case .compact: .full
        case .normal: .compact
        case .full: .normal
        }
    }
}
