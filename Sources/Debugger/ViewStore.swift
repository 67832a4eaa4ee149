import Autograd
import Foundation
import Layout

/// Layouts by zoom level, each computed once.
final class ViewStore: @unchecked Sendable {
    private let graph: Graph
    private var views: [Zoom: GraphView] = [:]
    private let lock = Lock()

    init(_ graph: Graph) {
        self.graph = graph
    }

    /// The layout at `zoom` if it is done already; never lays out.
    func cachedView(_ zoom: Zoom) -> GraphView? {
        lock.withLock { views[zoom] }
    }

    func view(_ zoom: Zoom) -> GraphView {
        lock.withLock {
            if let cached = views[zoom] { return cached }
            let view = GraphView(graph: graph, zoom: zoom)
            views[zoom] = view
            return view
        }
    }
}
