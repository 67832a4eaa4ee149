import Foundation
import Canvas
import Layout

/// Composes the whole debugger screen into a grid: the frame `gradstep frame` prints and the
/// interactive program copies to the terminal.
///
/// ```
/// header: script · engine banner · order · step k/N
/// graph pane (the widest)              │ topo list
/// ──── step pane: the running _backward() as Python, its numbers, one sentence ────
/// status line: the keys
/// ```
public enum Screen {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    /// What the screen shows while a big script loads: its name and size, in the middle.
    public static func loading(_ name: String, bytes: Int, width: Int, height: Int, glyphs: Glyphs) -> Grid {
        var grid = Grid(width: width, height: height)
        let file = DisplayWidth.safe(name.split(separator: "/").last.map(String.init) ?? name)
        let size = bytes >= 1_000_000 ? String(format: "%.1f MB", Double(bytes) / 1e6) : "\(max(1, bytes / 1000)) KB"
        let text = DisplayWidth.truncate("gradstep: loading \(file) (\(size))\(glyphs.ellipsis)", to: max(1, width - 2))
        grid.put(text, x: max(0, (width - DisplayWidth.of(text)) / 2), y: height / 2, style: Style(.chrome, bold: true))
        return glyphs.isUnicode ? grid : grid.asciiOnly()
    }

    /// Where each pane goes on a screen of a given size.
    public struct Panes: Sendable {
        /// The whole screen's size.
        public let width: Int
        public let height: Int
        public let header: Rect
        public let graph: Rect
        public let topo: Rect
        public let step: Rect
        public let status: Rect

        /// The fewest rows the graph pane keeps when the step pane grows for a long step.
        public static let minimumGraphRows = 4

        /// `tallHeader`: three header rows, for the engine banner in block letters. `topoWidth`:
        /// the topological list's columns, 0 to hide it; it never takes more than a quarter.
        /// `stepRows`: the rows the step's words need; the graph gives them up, down to
        /// `minimumGraphRows`, so that no word is cut.
        public init(width: Int, height: Int, tallHeader: Bool = false, topoWidth wanted: Int = 16, stepRows needed: Int = 0) {
            self.width = width
            self.height = height
            let headerRows = tallHeader ? 3 : 1
            let most = max(7, height - 2 - headerRows - Self.minimumGraphRows)
            let stepRows = min(most, max(needed, 7, min(8, height / 5)))
            let topoWidth = min(wanted, width / 4)
            let graphHeight = height - 2 - headerRows - stepRows
            header = Rect(x: 0, y: 0, width: width, height: headerRows)
            graph = Rect(x: 0, y: headerRows, width: width - topoWidth - (topoWidth > 0 ? 1 : 0), height: graphHeight)
            topo = Rect(x: width - topoWidth, y: headerRows, width: topoWidth, height: graphHeight)
            step = Rect(x: 0, y: headerRows + 1 + graphHeight, width: width, height: stepRows)
            status = Rect(x: 0, y: height - 1, width: width, height: 1)
        }
    }

    /// Where the view sits in the whole drawing, as scrollbar thumbs on the rules below and
    /// beside the graph pane: the viewport when scrolled, the running node in the nearby view.
    static func drawPosition(of scene: Scene, _ state: DebuggerState, _ panes: Panes, into grid: inout Grid) {
        let shown: Rect, whole: Layout
        switch scene.kind {
        case .whole: return
        case .folded where scene.width <= panes.graph.width && scene.layout.height <= panes.graph.height:
            return
        case .scrolled, .folded:
            shown = scene.viewport(panes.graph)
            whole = scene.layout
        case .neighbourhood:
            // Only where the whole drawing is at hand: a big graph's first frame does not wait for it.
            guard let view = state.views.cachedView(scene.zoom) ?? (state.graph.count <= Scene.wholeLayoutLimit
                ? state.views.view(scene.zoom) : nil) else { return }
            whole = view.layout
            shown = whole.boxes[state.runningNode]
        }
        let style = Style(.chrome, bold: true)
        let g = state.glyphs
        func thumb(_ start: Int, _ length: Int, _ total: Int, _ span: Int) -> Range<Int> {
            guard total > 0 else { return 0..<0 }
            let first = min(span - 1, max(0, start * span / total))
            let size = max(1, min(span - first, length * span / total))
            return first..<(first + size)
        }
        for x in thumb(shown.x, shown.width, whole.width, panes.graph.width) {
            grid[panes.graph.x + x, panes.step.y - 1] = Cell(g.line(.horizontal, heavy: true), style)
        }
        guard panes.topo.width > 0 else { return }
        for y in thumb(shown.y, shown.height, whole.height, panes.graph.height) {
            grid[panes.graph.maxX, panes.graph.y + y] = Cell(g.line(.vertical, heavy: true), style)
        }
    }

    /// Whether the screen is big enough for the engine banner in block letters (Unicode only).
    static func usesBanner(_ state: DebuggerState, width: Int, height: Int) -> Bool {
        state.glyphs.isUnicode && width >= 100 && height >= 40
    }

    /// Where the panes go for `state` on its own screen size (as `resize` last set it).
    public static func panes(_ state: DebuggerState) -> Panes {
        panes(state, width: state.screenWidth, height: state.screenHeight)
    }

    /// Where the panes go for `state` on a `width` × `height` screen.
    public static func panes(_ state: DebuggerState, width: Int, height: Int) -> Panes {
        panes(state, width: width, height: height, stepLines: StepPane(state: state).lines(width: width))
    }

    /// The panes around the step pane's `stepLines`, made once by a caller that draws them too.
    static func panes(_ state: DebuggerState, width: Int, height: Int, stepLines: StepLines) -> Panes {
        Panes(width: width, height: height, tallHeader: usesBanner(state, width: width, height: height),
              topoWidth: topoWidth(state, screenWidth: width), stepRows: stepLines.rows.count)
    }

    /// The topological list's columns: what its rows need (at least `TopoPane.minimumWidth`),
    /// fewer (down to `TopoPane.narrowestWidth`) where that lets a small graph's whole drawing show.
    static func topoWidth(_ state: DebuggerState, screenWidth: Int) -> Int {
        guard !state.topoHidden else { return 0 }
        let wanted = min(max(state.topoRowWidth, TopoPane.minimumWidth), screenWidth / 4)
        let count = state.graph.count
        // Only a small graph's whole drawing is asked for here: a big one's first frame never waits for it.
        guard count <= TopoPane.narrowingLimit else { return wanted }
        return TopoPane.width(wanted: wanted, screenWidth: screenWidth, needed: state.view.layout.width + 2 * Scene.margin, count: count)
    }

    /// The frame for `state` on a `width` × `height` screen.
    public static func render(_ state: DebuggerState, width: Int, height: Int) -> Grid {
        compose(state, width: width, height: height).grid
    }

    /// A composed frame: the grid, and where the panes and the graph pane's scene went.
    struct Composed {
        var grid: Grid
        var panes: Panes?
        var graphPane: GraphPane?
    }

    /// Composes the frame once, for every way it is written out (text, ANSI, JSON, the terminal).
    static func compose(_ state: DebuggerState, width: Int, height: Int) -> Composed {
        var grid = Grid(width: width, height: height)
        guard width >= minimumWidth, height >= minimumHeight else {
            // The program waits for a resize here: say how to go on either way.
            let message = "terminal too small: \(width)x\(height), need \(minimumWidth)x\(minimumHeight); resize it, or q quits"
            grid.put(DisplayWidth.truncate(message, to: width), x: 0, y: 0, style: Style(.lost, bold: true))
            return Composed(grid: state.glyphs.isUnicode ? grid : grid.asciiOnly())
        }
        // The step's words are made once: they size the panes, then are drawn.
        let stepLines = StepPane(state: state).lines(width: width)
        let panes = Self.panes(state, width: width, height: height, stepLines: stepLines)
        Header(state: state).draw(into: &grid, area: panes.header)
        let graphPane = GraphPane(state: state, area: panes.graph)
        graphPane.draw(into: &grid, area: panes.graph)
        // Rules between the panes.
        let g = state.glyphs
        for x in 0..<width { grid[x, panes.step.y - 1] = Cell(g.line(.horizontal), Style(.chrome)) }
        if panes.topo.width > 0 {
            for y in panes.graph.y..<panes.graph.maxY { grid[panes.graph.maxX, y] = Cell(g.line(.vertical), Style(.chrome)) }
            grid[panes.graph.maxX, panes.step.y - 1] = Cell(g.line([.up, .left, .right]), Style(.chrome))
            TopoPane(state: state).draw(into: &grid, area: panes.topo)
        }
        drawPosition(of: graphPane.scene, state, panes, into: &grid)
        stepLines.draw(into: &grid, area: panes.step)
        StatusBar(state: state, view: graphPane.scene.kind, zoom: graphPane.scene.zoom, foldedShown: graphPane.scene.foldedShown)
            .draw(into: &grid, area: panes.status)
        if state.showingHelp { HelpOverlay(state: state).draw(into: &grid) }
        // Labels may hold any character; an ASCII screen must not show one it cannot draw.
        return Composed(grid: state.glyphs.isUnicode ? grid : grid.asciiOnly(), panes: panes, graphPane: graphPane)
    }
}
