import Foundation
import Testing
@testable import Autograd
@testable import Layout

/// A value used across many columns is one trunk in the layout's JSON, not one whole path per
/// edge: that made `layout --format json` quadratic on every MLP loss and shared chain.
@Suite struct SharedRouteTests {
    /// A sum of tanh neurons over three shared inputs, the shape of an MLP's loss.
    static func loss(neurons: Int) -> Graph {
        var g = Graph()
        let xs = (0..<3).map { g.leaf(Double($0) * 0.1 + 0.1, label: "x\($0)") }
        var sum: NodeID? = nil
        for n in 0..<neurons {
            var pre = g.leaf(0.1, label: "b\(n)")
            for x in xs { pre = g.apply(.add, pre, g.apply(.mul, g.leaf(Double(n % 7) / 10 - 0.3), x)) }
            let h = g.apply(.tanh, pre)
            sum = sum.map { g.apply(.add, $0, h) } ?? h
        }
        return g
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func eachEdgeIsItsTrunksFirstPointsAndThenItsOwn(seed: UInt64) throws {
        for graph in [Self.loss(neurons: 6 + Int(seed)), LayoutInvariantTests.randomGraph(seed, count: 60)] {
            let layout = Layout(LayoutInvariantTests.shapes(graph, seed: seed))
            let (trunks, edges) = layout.sharedRoutes
            let whole = layout.edges
            #expect(edges.count == whole.count)
            for (shared, edge) in zip(edges, whole) {
                #expect((shared.from, shared.to, shared.slot) == (edge.from, edge.to, edge.slot))
                let trunk = shared.trunk.map { Array(trunks[$0].points.prefix(shared.along)) } ?? []
                #expect(Layout.joined(trunk, shared.points) == edge.points, "edge \(edge.from) → \(edge.to) slot \(edge.slot)")
                if let t = shared.trunk { #expect(trunks[t].from == edge.from) }
            }
        }
    }

    @Test func theJSONGrowsLinearlyWithTheLoss() throws {
        // Doubling the neurons doubles the JSON (give or take the wider numbers), where whole
        // paths per edge made it four times bigger.
        let sizes = [40, 80, 160].map { n in
            LayoutJSON.render(Layout(LayoutInvariantTests.shapes(Self.loss(neurons: n), seed: 1))).utf8.count
        }
        #expect(Double(sizes[1]) / Double(sizes[0]) < 2.4 && Double(sizes[2]) / Double(sizes[1]) < 2.4, "\(sizes)")
        let json = LayoutJSON.render(Layout(LayoutInvariantTests.shapes(Self.loss(neurons: 5), seed: 1)))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((object["trunks"] as? [[String: Any]])?.isEmpty == false)
        #expect((object["edges"] as? [[String: Any]])?.contains { $0["along"] is Int } == true)
    }
}
