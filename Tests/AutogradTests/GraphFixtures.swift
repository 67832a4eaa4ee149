@testable import Autograd

/// Small graphs built through the Graph API, as the lecture builds them.
enum Fixtures {
    /// `f = (a*b)*(a+b)` with a = -2, b = 3: ids a 0, b 1, d 2, e 3, f 4.
    static func twoPaths() -> (graph: Graph, root: NodeID) {
        var g = Graph()
        let a = g.leaf(-2, label: "a"), b = g.leaf(3, label: "b")
        let d = g.apply(.mul, a, b); g.setLabel("d", of: d)
        let e = g.apply(.add, a, b); g.setLabel("e", of: e)
        let f = g.apply(.mul, d, e); g.setLabel("f", of: f)
        return (g, f)
    }

    /// `b = a + a` with a = 3.
    static func aPlusA() -> (graph: Graph, root: NodeID) {
        var g = Graph()
        let a = g.leaf(3, label: "a")
        let b = g.apply(.add, a, a); g.setLabel("b", of: b)
        return (g, b)
    }

    /// A chain `x, x+1, (x+1)+1, ...` of `length` nodes (plus one constant).
    static func chain(length: Int) -> (graph: Graph, root: NodeID) {
        var g = Graph()
        let one = g.leaf(1, label: "one")
        var x = g.leaf(0, label: "x")
        for _ in 2..<length { x = g.apply(.add, x, one) }
        return (g, x)
    }

    /// A random DAG of `count` nodes over all ops, with shared operands, for property tests.
    static func randomDAG(count: Int, seed: UInt64) -> (graph: Graph, root: NodeID) {
        var rng = SeededGenerator(seed: seed)
        var g = Graph()
        for i in 0..<4 { g.leaf(Double.random(in: -1...1, using: &rng), label: "x\(i)") }
        while g.count < count {
            let pick = { (rng: inout SeededGenerator) in Int.random(in: 0..<g.count, using: &rng) }
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: g.apply(.add, pick(&rng), pick(&rng))
            case 1: g.apply(.mul, pick(&rng), pick(&rng))
            case 2: g.apply(.tanh, pick(&rng))
            case 3: g.apply(.pow(Number(2, isInteger: true)), pick(&rng))
            default: g.apply(.relu, pick(&rng))
            }
        }
        // Tie everything into one root so every node is reachable.
        var root = 0
        for id in 1..<g.count { root = g.apply(.add, root, id) }
        return (g, root)
    }
}
