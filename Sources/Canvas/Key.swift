/// A key press, as the terminal backend reports it.
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right
    /// Arrow keys with Shift held.
    case shiftUp, shiftDown, shiftLeft, shiftRight
    case home, end, pageUp, pageDown
    case backspace, enter, escape, tab
    case f1
    /// Ctrl plus a letter, lower case: `.control("l")` is Ctrl-L.
    case control(Character)
    /// The terminal changed size.
    case resize
}
