/// For each node, the nodes that use it as an operand (compressed rows).
public struct Consumers: Sendable {
    var start: [Int]
    var list: [NodeID]

    public init(_ graph: Graph) {
        var count = [Int](repeating: 0, count: graph.count + 1)
        for id in graph.nodes.indices {
            Self.forEachDistinct(graph.nodes[id].operands) { count[$0 + 1] += 1 }
        }
        for i in 1..<count.count { count[i] += count[i - 1] }
        start = count
        list = [NodeID](repeating: 0, count: count[graph.count])
        var fill = count
        for id in graph.nodes.indices {
            Self.forEachDistinct(graph.nodes[id].operands) { operand in
                list[fill[operand]] = id
                fill[operand] += 1
            }
        }
    }

    /// Each operand once (`a + a` uses `a` once); a value has one or two.
    private static func forEachDistinct(_ operands: [NodeID], _ body: (NodeID) -> Void) {
        for (i, operand) in operands.enumerated() where !operands[..<i].contains(operand) { body(operand) }
    }

    /// The distinct nodes that use `id` as an operand, in id order.
    public func of(_ id: NodeID) -> ArraySlice<NodeID> { list[start[id]..<start[id + 1]] }
}
