import Autograd
import Layout

/// A graph laid out at one zoom level: built once per graph and zoom, never per key press.
public struct GraphView: Sendable {
    public let zoom: Zoom
    let boxes: [NodeBox]
    public let layout: Layout
    /// Whether each node feeds another (and so has a line leaving its right side).
    let feedsOthers: [Bool]

    /// `spacing`: columns more in every gap than its lines need.
    public init(graph: Graph, zoom: Zoom, spacing: Int = 0) {
        self.zoom = zoom
        boxes = graph.nodes.indices.map { NodeBox(graph: graph, id: $0, zoom: zoom) }
        layout = Layout(boxes.map(\.shape), spacing: spacing)
        var feeds = [Bool](repeating: false, count: graph.count)
        for node in graph.nodes { for operand in node.operands { feeds[operand] = true } }
        feedsOthers = feeds
    }
}
