import Canvas
import Layout

/// The cells an edge's path covers, in order from the source box to the arrowhead, each with the
/// sides the path leaves it through: the first joins the source box on its left, the last the
/// target box on its right.
struct EdgeCells: Sequence {
    let points: [Point]

    struct Cell: Hashable {
        var x: Int
        var y: Int
        var sides: LineMask
    }

    func makeIterator() -> Array<Cell>.Iterator { cells().makeIterator() }

    /// - Complexity: O(length of the path).
    func cells() -> [Cell] {
        var path: [Point] = []
        for (a, b) in zip(points, points.dropFirst()) {
            let dx = (b.x - a.x).signum(), dy = (b.y - a.y).signum()
            var p = a
            if path.last != p { path.append(p) }
            while p != b {
                p = Point(x: p.x + dx, y: p.y + dy)
                path.append(p)
            }
        }
        if path.isEmpty, let only = points.first { path = [only] }
        return path.indices.map { i in
            var sides: LineMask = []
            if i == 0 { sides.insert(.left) }
            if i == path.count - 1 { sides.insert(.right) }
            for j in [i - 1, i + 1] where path.indices.contains(j) {
                sides.insert(Self.side(from: path[i], to: path[j]))
            }
            return Cell(x: path[i].x, y: path[i].y, sides: sides)
        }
    }

    private static func side(from a: Point, to b: Point) -> LineMask {
        b.x > a.x ? .right : b.x < a.x ? .left : b.y > a.y ? .down : .up
    }
}
