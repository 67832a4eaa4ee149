import Testing
@testable import Autograd

@Suite struct TopologicalOrderTests {
    /// Every node appears once, after all of its operands, with the root last.
    private func isValidTopologicalOrder(_ topo: [NodeID], _ graph: Graph, root: NodeID) -> Bool {
        var position = [NodeID: Int]()
        for (i, id) in topo.enumerated() { position[id] = i }
        guard position.count == topo.count, topo.last == root else { return false }
        return topo.allSatisfy { id in graph[id].operands.allSatisfy { position[$0]! < position[id]! } }
    }

    @Test func labelOrderIsTheLecturesOrder() {
        let (graph, root) = Fixtures.twoPaths()
        #expect(graph.topologicalOrder(from: root, order: .label) == [0, 1, 2, 3, 4])
    }

    @Test func labelOrderSortsByLabelAndKeepsOperandOrderOnTies() {
        var graph = Graph()
        let x = graph.leaf(1)           // unlabelled: sorts first
        let y = graph.leaf(2, label: "b")
        let z = graph.leaf(3, label: "a")
        let u = graph.apply(.mul, y, z) // children b, a → a first
        let v = graph.apply(.add, u, x) // children (u: "", x: "") tie → operand order
        #expect(graph.topologicalOrder(from: v, order: .label) == [z, y, u, x, v])
        #expect(graph.topologicalOrder(from: v, order: .operand) == [y, z, u, x, v])
    }

    @Test func repeatedOperandsAreVisitedOnce() {
        let (graph, root) = Fixtures.aPlusA()
        #expect(graph.topologicalOrder(from: root) == [0, 1])
    }

    @Test func randomOrderIsReproducibleAndValid() {
        let (graph, root) = Fixtures.randomDAG(count: 200, seed: 9)
        let first = graph.topologicalOrder(from: root, order: .random(seed: 42))
        #expect(first == graph.topologicalOrder(from: root, order: .random(seed: 42)))
        #expect(isValidTopologicalOrder(first, graph, root: root))
        let others = (1...5 as ClosedRange<UInt64>).map { graph.topologicalOrder(from: root, order: .random(seed: $0)) }
        #expect(others.contains { $0 != first }, "different seeds should give different orders")
    }

    @Test(arguments: [ChildOrder.label, .operand, .random(seed: 3)])
    func everyOrderIsValidOnRandomGraphs(_ order: ChildOrder) {
        for seed in 1...10 as ClosedRange<UInt64> {
            let (graph, root) = Fixtures.randomDAG(count: 80, seed: seed)
            #expect(isValidTopologicalOrder(graph.topologicalOrder(from: root, order: order), graph, root: root))
        }
    }

    @Test func deepChainDoesNotOverflowTheStack() {
        let (graph, root) = Fixtures.chain(length: 100_000)
        let topo = graph.topologicalOrder(from: root, order: .random(seed: 1))
        #expect(topo.count == 100_000)
        #expect(topo.last == root)
    }
}
