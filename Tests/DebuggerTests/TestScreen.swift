@testable import Autograd
@testable import Canvas
@testable import Debugger
import Layout
import Script

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

/// The learner's pass over f = e * c, c = a + b, as a saved graph gives it: `calls` is told the
/// ids (a, b, c, e, f) and returns the calls the pass made.
func learnersPassOverETimesAPlusB(_ name: String,
                                  calls: (_ a: NodeID, _ b: NodeID, _ c: NodeID, _ e: NodeID, _ f: NodeID) -> [RecordedPass.Call]) -> LoadedScript {
    var g = Graph()
    let a = g.leaf(2, label: "a"), b = g.leaf(3, label: "b")
    let c = g.apply(.add, a, b)
    g.setLabel("c", of: c)
    let e = g.leaf(5, label: "e")
    let f = g.apply(.mul, e, c)
    g.setLabel("f", of: f)
    return LoadedScript(name: name, graph: g, root: f, recordedPass: RecordedPass(seed: 1, calls: calls(a, b, c, e, f)))
}
