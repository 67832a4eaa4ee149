/// For each node, the nodes that use it as an operand (compressed rows).
public struct Consumers: Sendable {
    var start: [Int]
    var list: [NodeID]

    public init(_ graph: Graph) {
        var count = [Int](repeating: 0, count: graph.count + 1)
        for node in graph.nodes {
            for operand in Set(node.operands) { count[operand + 1] += 1 }
        }
        for i in 1..<count.count { count[i] += count[i - 1] }
        start = count
        list = [NodeID](repeating: 0, count: count[graph.count])
        var fill = count
        for (id, node) in graph.nodes.enumerated() {
            for operand in Set(node.operands) {
                list[fill[operand]] = id
                fill[operand] += 1
            }
        }
    }

    /// The distinct nodes that use `id` as an operand, in id order.
    public func of(_ id: NodeID) -> ArraySlice<NodeID> { list[start[id]..<start[id + 1]] }
}
