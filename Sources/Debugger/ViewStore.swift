import Autograd
import Foundation
import Layout

/// Layouts by zoom level (and, for a small graph on a big screen, wider gaps), each computed once.
final class ViewStore: @unchecked Sendable {
    private let graph: Graph
    private var views: [Key: GraphView] = [:]

    /// A layout: its zoom, and the columns added to every gap (`Scene.spacing`).
    private struct Key: Hashable {
        let zoom: Zoom
        var spacing = 0
    }
    private let lock = Lock()

    init(_ graph: Graph) {
        self.graph = graph
    }

    /// The layout at `zoom` if it is done already; never lays out.
    func cachedView(_ zoom: Zoom) -> GraphView? {
        lock.withLock { views[Key(zoom: zoom)] }
    }

    /// The layout at `zoom`, with `spacing` columns more in every gap than its lines need.
    func view(_ zoom: Zoom, spacing: Int = 0) -> GraphView {
        lock.withLock {
            let key = Key(zoom: zoom, spacing: spacing)
            if let cached = views[key] { return cached }
            let view = GraphView(graph: graph, zoom: zoom, spacing: spacing)
            views[key] = view
            return view
        }
    }
}
