import Testing
@testable import Autograd

/// The derived ops build exactly the nodes micrograd builds, in the same operand order.
@Suite struct MicrogradTests {
    private func int(_ x: Double) -> Operand { .number(Number(x, isInteger: true)) }
    private func float(_ x: Double) -> Operand { .number(Number(x)) }

    /// The nodes made after `start`, as `op(operand titles)` strings.
    private func made(_ graph: Graph, from start: Int) -> [String] {
        (start..<graph.count).map { id in
            let node = graph[id]
            return node.isLeaf ? "leaf \(graph.title(id))" : "\(node.op.symbol)(\(node.operands.map(graph.title).joined(separator: ",")))"
        }
    }

    private func fixture() -> (Graph, Operand, Operand) {
        var graph = Graph()
        let a = graph.leaf(-4, label: "a")
        let b = graph.leaf(2, label: "b")
        return (graph, .value(a), .value(b))
    }

    @Test func negationIsTimesMinusOne() {
        var (graph, a, _) = fixture()
        _ = graph.neg(a)
        #expect(made(graph, from: 2) == ["leaf -1", "*(a,-1)"])
    }

    @Test func subtractionAddsTheNegation() {
        var (graph, a, b) = fixture()
        _ = graph.sub(a, b)
        #expect(made(graph, from: 2) == ["leaf -1", "*(b,-1)", "+(a,#3)"])
    }

    @Test func divisionByAValueMultipliesByItsReciprocal() {
        var (graph, a, b) = fixture()
        _ = graph.div(a, b)
        #expect(made(graph, from: 2) == ["**-1(b)", "*(a,#2)"])
    }

    @Test func divisionByANumberMultipliesByThePythonFloatReciprocal() {
        var (graph, a, _) = fixture()
        _ = graph.div(a, float(2.0))
        #expect(made(graph, from: 2) == ["leaf 0.5", "*(a,0.5)"])
    }

    @Test func reflectedOpsPutTheValueFirst() {
        var (graph, a, _) = fixture()
        _ = graph.add(int(1), a)
        _ = graph.mul(int(3), a)
        #expect(made(graph, from: 2) == ["leaf 1", "+(a,1)", "leaf 3", "*(a,3)"])
    }

    @Test func numberMinusValueIsNegationPlusNumber() {
        var (graph, a, _) = fixture()
        _ = graph.sub(int(2), a)
        #expect(made(graph, from: 2) == ["leaf -1", "*(a,-1)", "leaf 2", "+(#3,2)"])
    }

    @Test func numberOverValueIsReciprocalTimesNumber() {
        var (graph, a, _) = fixture()
        _ = graph.div(float(10), a)
        #expect(made(graph, from: 2) == ["**-1(a)", "leaf 10.0", "*(#2,10.0)"])
    }

    @Test func powersTakeOnlyNumberExponents() throws {
        var (graph, a, b) = fixture()
        #expect(throws: OperandError.valueExponent) { try graph.pow(a, b) }
        #expect(throws: OperandError.numberToValuePower) { try graph.pow(int(2), a) }
        _ = try graph.pow(a, int(3))
        #expect(made(graph, from: 2) == ["**3(a)"])
        #expect(graph[2].data == -64)
    }

    @Test func numbersStayNumbersWithPythonsIntAndFloat() throws {
        var graph = Graph()
        #expect(graph.add(int(1), int(2)) == int(3))
        #expect(graph.div(int(1), int(2)) == float(0.5))
        #expect(try graph.pow(int(2), int(-1)) == float(0.5))
        #expect(try graph.pow(int(2), int(3)) == int(8))
        #expect(graph.count == 0)
    }

    @Test func reachableKeepsOnlyTheRootsAncestorsInCreationOrder() {
        var graph = Graph()
        let a = graph.leaf(1, label: "a")
        let unused = graph.leaf(5, label: "unused")
        let b = graph.leaf(2, label: "b")
        _ = graph.apply(.mul, unused, unused)
        let c = graph.apply(.add, a, b)
        let (pruned, root) = graph.reachable(from: c)
        #expect(pruned.count == 3)
        #expect(pruned.nodes.map(\.label) == ["a", "b", ""])
        #expect(root == 2)
        #expect(pruned[root].operands == [0, 1])
    }
}
