import Foundation
import Testing
@testable import Autograd
@testable import Demos
@testable import Script

/// Every demo loads, and its gradients are checked under both engines against outside numbers.
@Suite struct DemoTests {
    /// `Demos/` beside Package.swift: the scripts the binary embeds.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Demos")

    /// The demo `name` as `Demos/` holds it.
    static func source(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent("\(name).py"), encoding: .utf8)
    }

    private func loaded(_ name: String) throws -> LoadedScript {
        try ScriptLoader.load(source: try Self.source(name), name: name)
    }

    private func grad(_ script: LoadedScript, _ title: String, _ engine: Engine, _ order: ChildOrder = .label) -> Double {
        let trace = Trace(graph: script.graph, root: script.root, engine: engine, order: order)
        return trace.finalGrads[node(script, title)!]
    }

    @Test(arguments: namesOnDisk)
    func fixedEngineAgreesWithFiniteDifferences(_ name: String) throws {
        let script = try loaded(name)
        let trace = Trace(graph: script.graph, root: script.root, engine: .fixed)
        let numeric = script.graph.numericGradients(of: script.root)
        for id in script.graph.nodes.indices where script.graph[id].isLeaf {
            let n = numeric[id]!, g = trace.finalGrads[id]
            #expect(abs(n - g) < 1e-5 * max(1, abs(g)), "\(name): \(script.graph.title(id)) numeric \(n) vs \(g)")
        }
    }

    /// `Demos/*.py` beside Package.swift, read from disk: the scripts the binary embeds.
    static let namesOnDisk: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".py") }.map { String($0.dropLast(3)) }.sorted()
    }()

    @Test func everyDemoFileOnDiskIsCompiledInAndNoOther() {
        #expect(Self.namesOnDisk.count >= 6, "Demos/ was not found beside Package.swift")
        #expect(Self.namesOnDisk == Demo.all.map(\.name).sorted())
    }

    @Test(arguments: namesOnDisk)
    func eachDemoFileOnDiskIsTheOneCompiledIn(_ name: String) throws {
        #expect(try Self.source(name) == Demo.named(name)?.source)
        #expect(!(Demo.named(name)?.summary.isEmpty ?? true))
    }

    @Test func twoPathsIsTheLecturesSecondExample() throws {
        let script = try loaded("two-paths")
        #expect(grad(script, "a", .buggy) == 3)
        #expect(grad(script, "b", .buggy) == -2)
        #expect(grad(script, "a", .fixed) == -3)
        #expect(grad(script, "b", .fixed) == -8)
        #expect(Demo.standard.name == "two-paths")
    }

    @Test func aPlusAIsTheLecturesFirstExample() throws {
        let script = try loaded("a-plus-a")
        #expect(grad(script, "a", .buggy) == 1)
        #expect(grad(script, "a", .fixed) == 2)
    }

    @Test func neuronHasTheLecturesNumbers() throws {
        let script = try loaded("neuron")
        #expect(abs(script.graph[script.root].data - 0.7071067811865476) < 1e-12)
        for engine in Engine.rules {
            #expect(abs(grad(script, "n", engine) - 0.5) < 1e-12)
            #expect(abs(grad(script, "x1", engine) - -1.5) < 1e-12)
            #expect(abs(grad(script, "w1", engine) - 1.0) < 1e-12)
            #expect(abs(grad(script, "x2", engine) - 0.5) < 1e-12)
            #expect(grad(script, "w2", engine) == 0)
        }
    }

    @Test func sanityCheckMatchesMicrogradsTest() throws {
        let script = try loaded("sanity-check")
        #expect(script.graph[script.root].data == -20)
        #expect(grad(script, "x", .fixed) == 46)
        #expect(grad(script, "x", .buggy) != 46)
    }

    @Test func moreOpsMatchesMicrogradsTest() throws {
        let script = try loaded("more-ops")
        #expect(abs(script.graph[script.root].data - 24.70408163265306) < 1e-12)
        #expect(abs(grad(script, "a", .fixed) - 138.83381924198252) < 1e-9)
        #expect(abs(grad(script, "b", .fixed) - 645.5772594752186) < 1e-9)
        #expect(abs(grad(script, "a", .buggy) - 138.83381924198252) > 1)
    }

    @Test func layerDropsAShareOfTheSharedInputsGradUnderTheBuggyEngine() throws {
        let script = try loaded("layer")
        for input in ["x1", "x2"] {
            let buggy = grad(script, input, .buggy), fixed = grad(script, input, .fixed)
            #expect(abs(buggy - fixed) > 1e-3, "\(input): buggy \(buggy) fixed \(fixed)")
        }
        // Weights are used once each: both engines agree on them.
        #expect(abs(grad(script, "w11", .buggy) - grad(script, "w11", .fixed)) < 1e-12)
    }
}
