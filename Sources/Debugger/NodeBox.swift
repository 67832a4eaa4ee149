import Autograd
import Canvas
import Layout

/// What one value's box holds at a zoom level, and the shape the layout reserves for it.
///
/// Normal and full zoom, draw_dot's record with the op in a compartment on the left:
/// ```
/// ┌───┬─────────────┐
/// │   │ d           │   ← slot 0 arrives on the first row
/// │ * │ data -6.0000├── ← the value leaves from the middle row
/// │   │ grad  1.0000│   ← slot 1 arrives on the last row
/// └───┴─────────────┘
/// ```
/// Compact zoom, two rows closed by their corners under a row kept free for the step's tag
/// (`=`, `+=`, `LOST`):
/// ```
///     LOST
/// ▶╭* d    ╮──      ← slot 0 and the way out
/// ▶╰-6.0000╯        ← slot 1
/// ```
/// Record zoom, compact's corners around draw_dot's three rows, the tag on the row above:
/// ```
///     LOST
/// ▶╭* d         ╮     ← slot 0
///  │data -6.0000├──   ← the way out
/// ▶╰grad  1.0000╯     ← slot 1
/// ```
/// The op sits where the operand lines come in, so the op and its value read as one unit.
struct NodeBox {
    /// The longest title drawn; longer ones are cut with `…`.
    static let titleLimit = 16
    /// The longest title in a compact box, its op included (a long op keeps two of the title's columns).
    static let compactTitleLimit = 7
    /// Columns for a number: `-6.0000`, `24.7041`; larger ones keep fewer decimals (`138.834`).
    static let numberWidth = 7

    let title: String
    /// The op as micrograd writes it; empty for a leaf.
    let op: String
    /// Columns of the op compartment including its wall; 0 for a leaf and in compact and record zoom.
    let compartment: Int
    let contentWidth: Int
    let shape: NodeShape
    let zoom: Zoom
    /// A folded call's second row (`16 in → 16 out`); empty for a value's box.
    let detail: String

    /// A folded call's box, or a folded group's: the name on the first row, what it takes in and
    /// gives out on the second, and a row on its left for each item whose line comes in.
    /// ```
    /// ┌────────────────┐
    /// │ rmsnorm        ├──
    /// │ 16 in → 16 out │
    /// └────────────────┘
    /// ```
    init(folded title: String, detail: String, operands: [Int], zoom: Zoom) {
        self.title = DisplayWidth.truncate(DisplayWidth.safe(title), to: Self.titleLimit)
        self.detail = DisplayWidth.safe(detail)
        self.zoom = zoom
        op = ""
        compartment = 0
        contentWidth = max(DisplayWidth.of(self.title), DisplayWidth.of(self.detail))
        let interior = max(2, operands.count)
        shape = NodeShape(width: 1 + 1 + contentWidth + 1 + 1, height: interior + 2, exitRow: 1,
                          entryRows: operands.indices.map { $0 + 1 }, operands: operands)
    }

    init(graph: Graph, id: NodeID, zoom: Zoom) {
        let node = graph[id]
        self.zoom = zoom
        detail = ""
        op = node.op.symbol
        let safeTitle = DisplayWidth.safe(graph.title(id))
        // Compact and record boxes have no op compartment: the op and the title share the first
        // row, unless the title is the text that made the value (`2 * x`, `z.relu()`), which
        // shows the op already.
        // (or by the function that made it and its op, `softmax ·*`).
        let titledBySource = !graph.hasOwnTitle(id) ? graph.site(of: id) != nil
            : node.label.isEmpty && node.name.isEmpty && node.constant == nil && !node.sourceTitle.isEmpty
        let prefix = op.isEmpty || titledBySource ? "" : op + " "
        switch zoom {
        case .compact:
            title = prefix.isEmpty ? DisplayWidth.truncate(safeTitle, to: Self.compactTitleLimit)
                : DisplayWidth.truncate(prefix + safeTitle, to: max(Self.compactTitleLimit, DisplayWidth.of(prefix) + 2))
            compartment = 0
            contentWidth = max(DisplayWidth.of(title), Self.numberWidth)
            let entries = node.operands.count == 2 ? [1, 2] : node.operands.isEmpty ? [] : [1]
            shape = NodeShape(width: 1 + contentWidth + 1, height: 3,
                              exitRow: 1, entryRows: entries, operands: node.operands)
            return
        case .record:
            title = DisplayWidth.truncate(prefix + safeTitle, to: DisplayWidth.of(prefix) + Self.titleLimit)
            compartment = 0
            contentWidth = max(DisplayWidth.of(title), 5 + Self.numberWidth)
            let entries = node.operands.count == 2 ? [1, 3] : node.operands.isEmpty ? [] : [2]
            shape = NodeShape(width: 1 + contentWidth + 1, height: 4, exitRow: 2, entryRows: entries, operands: node.operands)
            return
        case .normal, .full:
            break
        }
        title = DisplayWidth.truncate(safeTitle, to: Self.titleLimit)
        compartment = op.isEmpty ? 0 : DisplayWidth.of(op) + 3
        let numbers = 5 + Self.numberWidth  // "grad " + number
        contentWidth = max(DisplayWidth.of(title), numbers)
        let lines = zoom == .normal ? 3 : 5
        let interior = max(lines, node.operands.count)
        let exit = 1 + (interior - 1) / 2
        let entries = node.operands.count == 2 ? [1, interior] : node.operands.isEmpty ? [] : [exit]
        shape = NodeShape(width: 1 + compartment + 1 + contentWidth + 1 + 1, height: interior + 2,
                          exitRow: exit, entryRows: entries, operands: node.operands)
    }
}
