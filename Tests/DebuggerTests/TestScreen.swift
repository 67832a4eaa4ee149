@testable import Canvas
@testable import Debugger
import Layout

/// The tests play the program's part: they give the update the panes of the screen the state
/// was last sized to, as the event loop does.
extension DebuggerState {
    mutating func apply(_ action: Action) {
        apply(action, on: Screen.panes(self))
    }

    mutating func resize(width: Int, height: Int) {
        resize(to: Screen.panes(self, width: width, height: height))
    }

    mutating func fitZoomToScreen() {
        fitZoomToScreen(Screen.panes(self))
    }

    /// The graph pane on the screen as it is now.
    var graphPane: Rect { Screen.panes(self).graph }
}
