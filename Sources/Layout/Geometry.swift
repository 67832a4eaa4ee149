/// A cell position: column `x`, row `y`.
public struct Point: Hashable, Sendable {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// A rectangle of cells.
public struct Rect: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// One past the last column and row.
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }

    public func contains(_ p: Point) -> Bool {
        p.x >= x && p.x < maxX && p.y >= y && p.y < maxY
    }

    func intersects(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }
}

/// What the layout needs to know about a node: its box size, where lines meet it, and its operands.
public struct NodeShape: Hashable, Sendable {
    public var width: Int
    public var height: Int
    /// The row (from the box's top) where the line to the node's consumers leaves its right side.
    public var exitRow: Int
    /// The row (from the box's top) where each operand slot's arrow arrives on the left side.
    public var entryRows: [Int]
    /// The operand ids in slot order, repeats kept. Every operand id must be smaller than the node's.
    public var operands: [Int]

    public init(width: Int, height: Int, exitRow: Int, entryRows: [Int], operands: [Int]) {
        self.width = width
        self.height = height
        self.exitRow = exitRow
        self.entryRows = entryRows
        self.operands = operands
    }
}

/// A straight run of line, horizontal or vertical, `start` ≤ `end`.
public struct Segment: Hashable, Sendable {
    /// The node whose value the line carries: lines of one net join, lines of two nets only cross.
    public var net: Int
    public var start: Point
    public var end: Point
    /// An arrowhead sits on `end` (glued to the target box).
    public var arrow: Bool

    public var isVertical: Bool { start.x == end.x && start.y != end.y }
    var bounds: Rect { Rect(x: start.x, y: start.y, width: end.x - start.x + 1, height: end.y - start.y + 1) }
}

/// One operand slot's edge: the corner points of its right-angle path, from the source box's
/// right side (the cell just outside it) to the cell just before the target box, where the arrowhead is.
public struct EdgeRoute: Hashable, Sendable {
    public var from: Int
    public var to: Int
    public var slot: Int
    public var points: [Point]
}
