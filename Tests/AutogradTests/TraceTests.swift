import Testing
@testable import Autograd

@Suite struct TraceTests {
    @Test func buggyEngineReproducesTheLecturesWrongGradients() {
        let (graph, root) = Fixtures.twoPaths()
        let trace = Trace(graph: graph, root: root, engine: .buggy, order: .label)
        #expect(trace.finalGrads[0] == 3)
        #expect(trace.finalGrads[1] == -2)
        #expect(trace.correctGrads[0] == -3)
        #expect(trace.correctGrads[1] == -8)
    }

    @Test func fixedEngineAccumulates() {
        let (graph, root) = Fixtures.twoPaths()
        let trace = Trace(graph: graph, root: root, engine: .fixed)
        #expect(trace.finalGrads == [-3, -8, 1, -6, 1])
        #expect(trace.finalGrads == trace.correctGrads)
    }

    @Test func aPlusAOverwritesItsOwnFirstWrite() {
        let (graph, root) = Fixtures.aPlusA()
        let buggy = Trace(graph: graph, root: root, engine: .buggy)
        let fixed = Trace(graph: graph, root: root, engine: .fixed)
        #expect(buggy.finalGrads[0] == 1)
        #expect(fixed.finalGrads[0] == 2)
        // b._backward() writes a.grad twice: once per operand slot.
        let writes = Array(buggy.writes(of: 1))
        #expect(writes.map(\.target) == [0, 0])
        #expect(writes.map(\.slot) == [0, 1])
        #expect(writes[0].lost == nil)
        #expect(writes[1].lost == 1)
        #expect(fixed.writes(of: 1).map(\.after) == [1, 2])
    }

    @Test func stepsFollowReversedTopoWithTheRootSeedFirst() {
        let (graph, root) = Fixtures.twoPaths()
        let trace = Trace(graph: graph, root: root, engine: .buggy, order: .label)
        #expect(trace.topo == [0, 1, 2, 3, 4])
        #expect(trace.steps.map(\.node) == [4, 4, 3, 2, 1, 0])
        let seed = Array(trace.writes(of: 0))
        #expect(seed == [Write(target: 4, slot: 0, before: 0, after: 1, contribution: 1, lost: nil)])
        // Leaves run a _backward() that writes nothing.
        #expect(trace.writes(of: 4).isEmpty && trace.writes(of: 5).isEmpty)
        // d._backward() overwrites the -6 that e._backward() wrote into a.grad.
        let d = Array(trace.writes(of: 3))
        #expect(d[0] == Write(target: 0, slot: 0, before: -6, after: 3, contribution: 3, lost: -6))
        #expect(d[1] == Write(target: 1, slot: 1, before: -6, after: -2, contribution: -2, lost: -6))
    }

    @Test func buggyResultDependsOnOrderButFixedDoesNot() {
        let (graph, root) = Fixtures.twoPaths()
        // Operand order visits e's children too, but f's operands are (d, e) as with labels; build
        // a graph where label order and operand order differ: label 'z' on d puts e first.
        var relabelled = graph
        relabelled.setLabel("z", of: 2)
        let byLabel = Trace(graph: relabelled, root: root, engine: .buggy, order: .label)
        let byOperand = Trace(graph: relabelled, root: root, engine: .buggy, order: .operand)
        #expect(byLabel.topo == [0, 1, 3, 2, 4])
        #expect(byOperand.topo == [0, 1, 2, 3, 4])
        // e runs last now, so its contribution (-6 each) is the one kept.
        #expect(byLabel.finalGrads[0] == -6 && byLabel.finalGrads[1] == -6)
        #expect(byOperand.finalGrads[0] == 3 && byOperand.finalGrads[1] == -2)
        let fixedByLabel = Trace(graph: relabelled, root: root, engine: .fixed, order: .label)
        let fixedByOperand = Trace(graph: relabelled, root: root, engine: .fixed, order: .operand)
        #expect(fixedByLabel.finalGrads == fixedByOperand.finalGrads)
    }

    @Test func numericGradientsAgreeWithTheFixedEngine() {
        for seed in 1...5 as ClosedRange<UInt64> {
            let (graph, root) = Fixtures.randomDAG(count: 40, seed: seed)
            let trace = Trace(graph: graph, root: root, engine: .fixed)
            let numeric = graph.numericGradients(of: root)
            for id in 0..<graph.count where graph[id].isLeaf {
                let n = numeric[id]!, g = trace.finalGrads[id]
                #expect(abs(n - g) < 1e-4 * max(1, abs(g)), "seed \(seed) leaf \(id): numeric \(n) vs \(g)")
            }
            #expect(numeric.values.enumerated().allSatisfy { graph[$0.offset].isLeaf == ($0.element != nil) })
            #expect(numeric.skipped.isEmpty)
        }
    }

    /// A fresh constant on every line of a chain makes the check quadratic: it stops at its budget,
    /// says which leaves it left out, and still estimates the learnable value first.
    @Test func numericGradientsStopAtTheirBudgetAndSaySo() {
        var graph = Graph()
        let a = graph.leaf(1, label: "a")
        var x = a
        for _ in 0..<2_000 { x = graph.apply(.mul, x, graph.constant(Number(1.00001))) }
        let trace = Trace(graph: graph, root: x, engine: .fixed)
        let capped = graph.numericGradients(of: x, budget: 200_000)
        #expect(capped[a] != nil && abs(capped[a]! - trace.finalGrads[a]) < 1e-4, "the labelled leaf comes first")
        #expect(!capped.skipped.isEmpty && capped.skipped.allSatisfy { graph[$0].constant != nil })
        #expect(capped.skipped.allSatisfy { capped[$0] == nil })
        // Those nearest the root, the cheapest, are done before the far ones.
        let done = (0..<graph.count).filter { graph[$0].constant != nil && capped[$0] != nil }
        #expect(!done.isEmpty && done.min()! > capped.skipped.max()!)
        let whole = graph.numericGradients(of: x)
        #expect(whole.skipped.isEmpty)
    }

    @Test func aHundredThousandNodeChainRunsWithoutRecursion() {
        let (graph, root) = Fixtures.chain(length: 100_000)
        let trace = Trace(graph: graph, root: root, engine: .fixed, order: .label)
        #expect(trace.topo.count == 100_000)
        #expect(trace.steps.count == 100_001)
        #expect(trace.finalGrads[1] == 1)
        // `one` feeds every add: its grad accumulates once per add.
        #expect(trace.finalGrads[0] == 99_998)
        let buggy = Trace(graph: graph, root: root, engine: .buggy, order: .label)
        #expect(buggy.finalGrads[0] == 1)
    }

    @Test func nonFiniteValuesAreCarriedNotTrapped() {
        var graph = Graph()
        let zero = graph.leaf(0, label: "z")
        let inverse = graph.apply(.pow(Number(-1, isInteger: true)), zero)
        let trace = Trace(graph: graph, root: inverse, engine: .fixed)
        #expect(graph[inverse].data == .infinity)
        #expect(trace.finalGrads[zero] == -.infinity, "d(z**-1)/dz = -z**-2: -inf at 0")
    }
}
