import Autograd
import Foundation

/// A script read into a graph: the values `root` depends on, and the root itself.
public struct LoadedScript: Sendable {
    /// Where the script came from: a file path or a demo name.
    public var name: String
    /// Only the values the root depends on, as `draw_dot(root)` shows them; the root has the last id.
    public var graph: Graph
    public var root: NodeID
    /// The backward pass the script writes out by hand (`o.grad = 1.0`, `o._backward()`, …), if it does.
    public var pass: ScriptedPass?
    /// The learner's own backward pass, when the graph was saved from Python with it: the `yours` engine.
    public var recordedPass: RecordedPass?
    /// Why a saved graph has no recorded pass, when the exporter said (`backward()` raised).
    public var recordedPassNote: String?
    /// For a saved graph, each value's id in the file (ids are renumbered on loading).
    public var savedIDs: [Int]?
    /// For a saved graph, the body of each op's `_backward` as the learner's class writes it,
    /// by `_op` string: `["*": ["self.grad = other.data * out.grad", ...]]`.
    public var backwardSources: [String: [String]] = [:]

    /// A graph from elsewhere (a benchmark, a saved file) under a name.
    public init(name: String, graph: Graph, root: NodeID, pass: ScriptedPass? = nil, recordedPass: RecordedPass? = nil) {
        self.name = name
        self.graph = graph
        self.root = root
        self.pass = pass
        self.recordedPass = recordedPass
    }

    /// The orders somebody wrote that this graph has: `script` for a pass written by hand,
    /// `yours` for the learner's own `backward()`.
    public var writtenOrders: [ChildOrder] {
        (pass == nil ? [] : [.script]) + (recordedPass == nil ? [] : [.yours])
    }

    /// The engines `e` cycles through: buggy and fixed, then yours when the learner's pass was recorded.
    public var engines: [Engine] { recordedPass == nil ? Engine.rules : Engine.rules + [.yours] }

    /// For a script with the lecture's `build_topo` cells pasted in, the order they sort
    /// children in: `label` for `sorted(v._prev, key=lambda x: x.label)`, `random` for `v._prev`.
    public var lectureOrder: ChildOrder?

    /// The order to step through at first: the script's own calls when it makes them, else the
    /// order its pasted `build_topo` sorts in, else the lecture's.
    public var defaultOrder: ChildOrder { pass != nil ? .script : lectureOrder ?? .label }
}
