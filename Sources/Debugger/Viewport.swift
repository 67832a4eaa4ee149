import Layout

/// How the user is looking at the graph: the screen's size, the zoom, where the graph pane is
/// scrolled to, and whether the topological list is shown.
struct Viewport: Sendable {
    private(set) var zoom: Zoom
    /// Whether the zoom is fitted to the screen at start and after every resize (not when the
    /// command line chose one; `z` changes it until the next resize).
    private(set) var autoZoom = false
    /// Whether the zoom was fitted to a screen size yet.
    private var fitted = false
    /// The graph viewport's top-left corner in layout cells; nil keeps the running node in view.
    private(set) var scroll: Point?
    /// Whether the topological list is hidden, to give the graph the room.
    private(set) var topoHidden = false
    /// Whether the graph is folded by the learner's calls.
    private(set) var folded = false
    /// The screen size the state is drawn at.
    private(set) var width = 100
    private(set) var height = 30

    init(zoom: Zoom) {
        self.zoom = zoom
    }

    mutating func setZoom(_ zoom: Zoom) {
        self.zoom = zoom
        scroll = nil
    }

    /// Keeps the running node in view again.
    mutating func follow() { scroll = nil }

    /// Scrolls the whole drawing `layout` to `point`, kept inside it, for a graph pane `pane`.
    mutating func scroll(to point: Point, in layout: Layout, pane: Rect) {
        scroll = Point(x: max(0, min(point.x, layout.width - pane.width)), y: max(0, min(point.y, layout.height - pane.height)))
    }

    mutating func setFolded(_ on: Bool) {
        folded = on
        scroll = nil
    }

    mutating func toggleTopo() -> Bool {
        topoHidden.toggle()
        scroll = nil
        return topoHidden
    }

    /// Sets the screen size; with `autoZoom`, the zoom `fitting` picks for it (once per size).
    mutating func resize(width: Int, height: Int, fitting: () -> Zoom) {
        let changed = (width, height) != (self.width, self.height)
        self.width = width
        self.height = height
        guard autoZoom, changed || !fitted else { return }
        fitted = true
        zoom = fitting()
        scroll = nil
    }

    /// Turns on fitting the zoom to the screen; the next `resize` fits it.
    mutating func fitToScreen() {
        autoZoom = true
        fitted = false
    }
}
