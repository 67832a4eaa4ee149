import Autograd
@testable import Debugger
import Export
import Exporter
import Foundation
import Script
import Testing

/// Names from the learner's program: a model or a state_dict given as `names`, else the caller's variables.
@Suite struct ExporterNameTests {
    /// Saves with `call` (Python, after the mlp class file) and reads the file back: id → name, and gradstep's titles.
    static func saved(_ call: String) throws -> (names: [String], titles: [String], script: LoadedScript) {
        let folder = try Saved.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let driver = try Saved.classSource("mlp") + "\n" + Saved.classSource("two_paths") + "\nimport gradstep_export\n" + call
        try Python.run(script: driver, in: folder)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/g.json")))
        let file = try SavedFile(bytes)
        let names = (0..<file.nodes.count).map { file.nodes[$0]!.name ?? "" }
        let script = try SavedGraph.load(bytes: bytes, name: "g.json")
        return (names, script.graph.nodes.indices.map { script.graph.title($0) }, script)
    }

    @Test func aModelNamesEveryParameterByItsPath() throws {
        let (names, titles, _) = try Self.saved("""
            random.seed(1)
            model = MLP(3, [4, 4, 1])
            out = model([2.0, 3.0, -1.0])
            objects = [model] + model.layers + [n for layer in model.layers for n in layer.neurons]
            before = [(o, dict(vars(o)), [list(v) if isinstance(v, list) else v for v in vars(o).values()]) for o in objects]
            gradstep_export.save(out, "g.json", names=model)
            # The model is read, never changed: every attribute, and every list's items, by identity.
            for o, fields, values in before:
                assert list(vars(o).items()) == list(fields.items()) and all(
                    (a is b) if not isinstance(a, list) else all(x is y for x, y in zip(a, b)) and len(a) == len(b)
                    for a, b in zip(values, vars(o).values())), o
            """)
        // Every parameter: 3*4 + 4, 4*4 + 4, 4*1 + 1 = 41.
        let parameters = names.filter { $0.hasPrefix("layers[") }
        #expect(parameters.count == 41, "\(parameters)")
        for name in ["layers[0].neurons[0].w[0]", "layers[1].neurons[3].w[2]", "layers[2].neurons[0].b", "layers[1].neurons[0].b"] {
            #expect(names.contains(name) && titles.contains(name), "\(name)")
        }
    }

    @Test func aStateDictNamesByKeyAndIndex() throws {
        let (names, _, _) = try Self.saved("""
            wte = [[Value(0.1 * i + 0.01 * j) for j in range(6)] for i in range(4)]
            wq = [[Value(0.2 * i - 0.03 * j) for j in range(8)] for i in range(3)]
            state_dict = {"wte": wte, "layer0.attn_wq": wq}
            loss = sum((w * w for row in wte for w in row), Value(0.0)) + sum((w for row in wq for w in row), Value(0.0))
            gradstep_export.save(loss, "g.json", names=state_dict)
            """)
        #expect(names.contains("wte[3][5]") && names.contains("layer0.attn_wq[2][7]") && names.contains("wte[0][0]"))
        // names= names first (not the caller's `wq[2][7]`); the caller's variables then name the rest.
        #expect(!names.contains("wq[2][7]") && names.contains("loss"))
        #expect(names.filter { !$0.isEmpty }.count == 4 * 6 + 3 * 8 + 1)
    }

    @Test func theCallersVariablesNameWhatTheyHoldAndALabelWins() throws {
        let (names, titles, script) = try Self.saved("""
            w = [Value(0.5), Value(-1.5)]
            x = [Value(2.0), Value(3.0)]
            b = Value(0.25); b.label = 'bias'
            loss = (w[0] * x[0] + w[1] * x[1] + b).tanh()
            gradstep_export.save(loss, "g.json")
            """)
        for name in ["loss", "w[0]", "w[1]", "x[0]", "x[1]", "b"] { #expect(names.contains(name), "\(name): \(names)") }
        #expect(titles.contains("bias") && !titles.contains("b"), "the label wins on screen")
        #expect(titles.contains("w[0]") && titles.contains("loss"))
        #expect(script.graph.reference(script.root) == "loss")
    }
}
