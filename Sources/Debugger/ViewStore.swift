import Autograd
import Foundation
import Layout

/// Layouts by zoom level, each computed once.
final class ViewStore: @unchecked Sendable {
    private let graph: Graph
    private var views: [Zoom: GraphView] = [:]
    private var spread: [Key: GraphView] = [:]

    private struct Key: Hashable {
        let zoom: Zoom
        let spacing: Int
    }
    private let lock = Lock()

    init(_ graph: Graph) {
        self.graph = graph
    }

    /// The layout at `zoom` if it is done already; never lays out.
    func cachedView(_ zoom: Zoom) -> GraphView? {
        lock.withLock { views[zoom] }
    }

    /// The layout at `zoom` with `spacing` columns more in every gap (0: `view(zoom)`).
    func view(_ zoom: Zoom, spacing: Int) -> GraphView {
        guard spacing > 0 else { return view(zoom) }
        return lock.withLock {
            let key = Key(zoom: zoom, spacing: spacing)
            if let cached = spread[key] { return cached }
            let view = GraphView(graph: graph, zoom: zoom, spacing: spacing)
            spread[key] = view
            return view
        }
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
