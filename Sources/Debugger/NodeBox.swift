import Autograd
import Canvas
import Layout

/// What one value's box holds at a zoom level, and the shape the layout reserves for it.
///
/// ```
/// ┌───┬─────────────┐
/// │   │ d           │   ← slot 0 arrives on the first row
/// │ * │ data -6.0000├── ← the value leaves from the middle row
/// │   │ grad  1.0000│   ← slot 1 arrives on the last row
/// └───┴─────────────┘
/// ```
/// The op compartment sits where the operand lines come in, so the op and its value read as one unit.
struct NodeBox {
    /// The longest title drawn; longer ones are cut with `…`.
    static let titleLimit = 16
    /// Columns for a number: `-6.0000`, `24.7041`; larger ones keep fewer decimals (`138.834`).
    static let numberWidth = 7

    let title: String
    /// The op as micrograd writes it; empty for a leaf.
    let op: String
    /// Columns of the op compartment including its wall; 0 for a leaf.
    let compartment: Int
    let contentWidth: Int
    let shape: NodeShape

    init(graph: Graph, id: NodeID, zoom: Zoom) {
        let node = graph[id]
        title = DisplayWidth.truncate(DisplayWidth.safe(graph.title(id)), to: Self.titleLimit)
        op = node.op.symbol
        compartment = op.isEmpty ? 0 : DisplayWidth.of(op) + 3
        let numbers = 5 + Self.numberWidth  // "grad " + number
        switch zoom {
        case .compact: contentWidth = DisplayWidth.of(title) + 1 + Self.numberWidth
        case .normal, .full: contentWidth = max(DisplayWidth.of(title), numbers)
        }
        let lines = zoom == .compact ? 1 : zoom == .normal ? 3 : 5
        let interior = max(lines, node.operands.count)
        let exit = 1 + (interior - 1) / 2
        let entries = node.operands.count == 2 ? [1, interior] : node.operands.isEmpty ? [] : [exit]
        shape = NodeShape(width: 1 + compartment + 1 + contentWidth + 1 + 1, height: interior + 2,
                          exitRow: exit, entryRows: entries, operands: node.operands)
    }
}
