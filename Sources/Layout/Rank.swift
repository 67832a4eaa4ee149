/// Phase 1: which column each node goes in.
///
/// Expects: operands have smaller ids than their consumers.
/// Guarantees: every edge goes from a lower column to a higher one; sinks (the root) sit in the
/// last column; every other node sits one column left of its nearest consumer ("as late as
/// possible"), so leaves are drawn next to where they are used and the number of columns is
/// the longest path, the fewest possible.
enum Rank {
    static func columns(_ shapes: [NodeShape]) -> [Int] {
        // Longest path from each node to a sink, found in reverse id order.
        var height = [Int](repeating: 0, count: shapes.count)
        var consumers = [Int](repeating: 0, count: shapes.count)
        for shape in shapes { for operand in shape.operands { consumers[operand] += 1 } }
        for id in shapes.indices.reversed() {
            for operand in shapes[id].operands {
                height[operand] = max(height[operand], height[id] + 1)
            }
        }
        let last = height.max() ?? 0
        // Sinks other than the deepest one are still placed by their own longest path.
        return height.indices.map { consumers[$0] == 0 ? last : last - height[$0] }
    }
}
