/// What a cell shows, by meaning. Themes turn roles into colours; the text itself always carries
/// the meaning too (a word, a glyph, a border), so a role is an aid, never the only signal.
public enum Role: UInt8, CaseIterable, Hashable, Sendable {
    case plain
    /// Pane rules and titles.
    case chrome
    /// A value box's border and text.
    case box
    /// A line between values.
    case edge
    /// A line the gradient flows back along in this step.
    case activeEdge
    /// The value whose `_backward()` runs now.
    case running
    /// A value whose grad this step wrote (accumulated, or overwrote a zero).
    case written
    /// A value whose non-zero grad this step threw away.
    case lost
    /// Correct, finished, in agreement.
    case good
    /// The buggy engine's banner.
    case buggy
    /// The fixed engine's banner.
    case fixed
    /// Secondary text: hints, indices, pending items.
    case muted
    /// A key name in the status line or help.
    case key
}

/// How a cell is drawn: its role and the attributes that work without colour.
public struct Style: Hashable, Sendable {
    public var role: Role
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(_ role: Role = .plain, bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
    }

    public static let plain = Style()
}
