/// Phase 2: the graph with every long edge split into one-column steps.
///
/// Expects: columns from `Rank`.
/// Guarantees: every connection joins adjacent columns. A value used several columns to its
/// right gets one dummy per column it passes (shared by all of its long edges, so its line is a
/// single trunk that branches, not a bundle of parallel lines). Ids below `realCount` are the
/// real nodes; dummies follow.
struct LayeredGraph {
    /// A connection's right end: the target, and the row offset in it where the line arrives.
    struct Port: Hashable {
        var target: Int
        var offset: Int
    }

    let realCount: Int
    var column: [Int]
    var height: [Int]
    var exitOffset: [Int]
    /// Per node: its connections into the next column (ports may repeat a target: `a + a`).
    var outgoing: [[Port]]
    /// Per node: the distinct nodes it connects to in the previous and next columns.
    var predecessors: [[Int]]
    var successors: [[Int]]
    /// For a real node with long edges, its first dummy (in the next column); -1 otherwise.
    var firstDummy: [Int]
    /// For a dummy, the real node whose value it carries.
    var dummySource: [Int]
    var columnCount: Int

    init(_ shapes: [NodeShape], columns: [Int]) {
        realCount = shapes.count
        column = columns
        height = shapes.map(\.height)
        exitOffset = shapes.map(\.exitRow)
        outgoing = Array(repeating: [], count: shapes.count)
        firstDummy = Array(repeating: -1, count: shapes.count)
        dummySource = Array(repeating: -1, count: shapes.count)
        columnCount = (columns.max() ?? -1) + 1
        predecessors = []
        successors = []

        var farthest = columns  // the farthest column each node's value reaches
        for (id, shape) in shapes.enumerated() {
            for operand in shape.operands { farthest[operand] = max(farthest[operand], columns[id]) }
        }
        for source in 0..<shapes.count where farthest[source] > columns[source] + 1 {
            var previous = source
            for c in (columns[source] + 1)..<farthest[source] {
                let dummy = addDummy(carrying: source, column: c)
                if previous == source { firstDummy[source] = dummy }
                outgoing[previous].append(Port(target: dummy, offset: 0))
                previous = dummy
            }
        }
        for (id, shape) in shapes.enumerated() {
            for (slot, operand) in shape.operands.enumerated() {
                let source = carrier(of: operand, intoColumn: columns[id])
                outgoing[source].append(Port(target: id, offset: shape.entryRows[slot]))
            }
        }
        predecessors = Array(repeating: [], count: column.count)
        successors = Array(repeating: [], count: column.count)
        for source in outgoing.indices {
            var seen = Set<Int>()
            for port in outgoing[source] where seen.insert(port.target).inserted {
                successors[source].append(port.target)
                predecessors[port.target].append(source)
            }
        }
    }

    var count: Int { column.count }
    func isDummy(_ id: Int) -> Bool { id >= realCount }

    /// The node that carries `source`'s value in the column just left of `target`: the source
    /// itself, or its dummy there.
    func carrier(of source: Int, intoColumn target: Int) -> Int {
        target - 1 == column[source] ? source : firstDummy[source] + (target - 1 - column[source] - 1)
    }

    private mutating func addDummy(carrying source: Int, column c: Int) -> Int {
        column.append(c)
        height.append(1)
        exitOffset.append(0)
        outgoing.append([])
        firstDummy.append(-1)
        dummySource.append(source)
        return column.count - 1
    }
}
