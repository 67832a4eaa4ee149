import Autograd
@testable import Debugger
import Export
import Exporter
import Foundation
import Script
import Testing

/// Graphs saved from real Python classes with the exporter, opened by gradstep, checked against
/// the chain rule (computed here, from the file alone) and against the class's own `backward()`.
@Suite(.enabled(if: Python.path != nil, "python3 is not on PATH: the exporter's tests need it"))
struct ExporterTests {
    /// The classes whose graphs include the lecture's two-paths, each a module in `Classes/` with
    /// a `graphs()` of name → root.
    static let classes = ["lecture_value", "learner_value", "local_gradient_value", "mlp", "slotted_value",
                          "class_backward_value", "children_set_value", "left_right_value", "odd_value"]

    /// Every class in `Classes/`.
    static let allClasses = classes + ["microgpt_value", "data_equality_value", "lazy_value"]

    @Test(arguments: allClasses)
    func theLearnersValuesAreExactlyAsTheyWereAndTheirBackwardStillRuns(_ module: String) throws {
        // untouched.py compares every value's __dict__ (in order), slots and class attributes, by
        // identity, before and after save(), then runs the class's own backward() again.
        let folder = try Saved.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let driver = try Saved.classSource(module) + "\n" + Saved.classSource("two_paths") + "\n" + Saved.classSource("untouched")
        let stdout = try Python.run(script: driver, in: folder, output: true)
        let saved = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }
        #expect(stdout.split(separator: "\n").count == saved.count && saved.count > 0, "\(module): \(stdout)")
    }

    @Test(arguments: classes)
    func fixedEngineIsTheChainRuleAndYoursIsTheClassesOwnBackward(_ module: String) throws {
        for saved in try Saved.graphs(of: module) {
            let script = saved.script
            let ids = try #require(script.savedIDs)
            let fixed = Trace(graph: script.graph, root: script.root, engine: .fixed)
            let yours = Trace(graph: script.graph, root: script.root, engine: .yours, recorded: script.recordedPass)
            let chainRule = saved.file.chainRule()
            for (id, fileID) in ids.enumerated() {
                let name = "\(module)/\(saved.name) value \(fileID) (\(script.graph.title(id)))"
                #expect(close(fixed.finalGrads[id], chainRule[fileID]!), "fixed engine, \(name)")
                // The local-gradient style's pass is replayed from the local grads: it is the chain rule.
                #expect(close(yours.finalGrads[id], saved.file.nodes[fileID]!.grad ?? chainRule[fileID]!), "yours, \(name)")
            }
            #expect(script.recordedPass != nil, "\(module)/\(saved.name) saved without its pass")
        }
    }

    @Test(arguments: classes)
    func buggyEngineInLabelOrderGivesTheLecturesNumbers(_ module: String) throws {
        let saved = try #require(try Saved.graphs(of: module).first { $0.name == "two-paths" })
        let script = saved.script
        let buggy = Trace(graph: script.graph, root: script.root, engine: .buggy, order: .label)
        let a = try #require(script.graph.nodes.indices.first { script.graph[$0].label == "a" })
        let b = try #require(script.graph.nodes.indices.first { script.graph[$0].label == "b" })
        #expect(buggy.finalGrads[a] == 3.0)
        #expect(buggy.finalGrads[b] == -2.0)
        #expect(buggy.correctGrads[a] == -3.0)
        #expect(buggy.correctGrads[b] == -8.0)
    }

    @Test func yoursNamesTheOpsWhoseWritesDisagree() throws {
        // The learner's class: += everywhere but __mul__; their my_sigmoid is right.
        let neuron = try #require(try Saved.graphs(of: "learner_value").first { $0.name == "sigmoid-neuron" }).script
        let trace = Trace(graph: neuron.graph, root: neuron.root, engine: .yours, recorded: neuron.recordedPass)
        let verdict = Verdict(neuron.graph, trace)
        #expect(verdict.disagreements.map(\.symbol) == ["*"])
        let sentence = verdict.disagreements[0].sentence(neuron.graph)
        #expect(sentence.hasPrefix("your _backward() for '*' disagrees with the chain rule (x.grad -0.1763; chain rule 0.2013)"))
        let mine = try #require(neuron.graph.nodes.first { $0.op.symbol == "my_sigmoid" })
        #expect(mine.op.isLearners)

        // The lecture's class writes = everywhere: a + a keeps one of its two contributions.
        let aa = try #require(try Saved.graphs(of: "lecture_value").first { $0.name == "a-plus-a" }).script
        let aaTrace = Trace(graph: aa.graph, root: aa.root, engine: .yours, recorded: aa.recordedPass)
        let aaVerdict = Verdict(aa.graph, aaTrace)
        #expect(aaVerdict.disagreements.map(\.symbol) == ["+"])
        #expect(aaVerdict.disagreements.first.map { ($0.yours, $0.chainRule) } ?? (0, 0) == (1.0, 2.0))
        #expect(aaVerdict.wrong.count == 1)

        // A right class disagrees nowhere.
        for module in ["local_gradient_value", "mlp"] {
            for saved in try Saved.graphs(of: module) {
                let trace = Trace(graph: saved.script.graph, root: saved.script.root, engine: .yours, recorded: saved.script.recordedPass)
                #expect(Verdict(saved.script.graph, trace).disagreements.isEmpty, "\(module)/\(saved.name)")
            }
        }
    }

    @Test func theStepPaneShowsTheLearnersOwnLineBesideTheWriteThatDisagrees() throws {
        let neuron = try #require(try Saved.graphs(of: "learner_value").first { $0.name == "sigmoid-neuron" }).script
        #expect(neuron.backwardSources["*"] == ["self.grad = other.data * out.grad", "other.grad = self.data * out.grad"])
        #expect(neuron.backwardSources["my_sigmoid"] == ["self.grad += s * (1 - s) * out.grad"])
        let verdict = Verdict(neuron.graph, Trace(graph: neuron.graph, root: neuron.root, engine: .yours, recorded: neuron.recordedPass))
        let step = try #require(verdict.disagreements.first).step
        let state = DebuggerState(script: neuron, engine: .yours, order: .yours, step: step)
        let screen = Screen.render(state, width: 120, height: 40).lines.joined(separator: "\n")
        #expect(screen.contains("self.grad = other.data * out.grad   x.grad: 0.3775 → -0.1763   CHAIN RULE: 0.2013"))
    }

    @Test func opsAClassDoesNotNameAreReadFromItsNumbers() throws {
        let saved = try #require(try Saved.graphs(of: "microgpt_value").first)
        let graph = saved.script.graph
        #expect(Set(graph.nodes.map(\.op.symbol)) == ["", "+", "*", "exp", "log"])
        #expect(!graph.nodes.contains { $0.op.isLearners })
        let fixed = Trace(graph: graph, root: saved.script.root, engine: .fixed)
        let yours = Trace(graph: graph, root: saved.script.root, engine: .yours, recorded: saved.script.recordedPass)
        let chainRule = saved.file.chainRule()
        for (id, fileID) in try #require(saved.script.savedIDs).enumerated() {
            #expect(close(fixed.finalGrads[id], chainRule[fileID]!))
            #expect(close(yours.finalGrads[id], saved.file.nodes[fileID]!.grad ?? chainRule[fileID]!))
        }
    }

    @Test func aMicrogradSetKeepsOperandsInOrderWithRepeats() throws {
        // micrograd keeps _prev as a set: a + a has one child there, two operand slots here.
        let aa = try #require(try Saved.graphs(of: "lecture_value").first { $0.name == "a-plus-a" }).script
        #expect(aa.graph[aa.root].operands.count == 2)
        #expect(Set(aa.graph[aa.root].operands).count == 1)
        // d = a * b keeps a before b, as written, whatever order the set iterates in.
        let two = try #require(try Saved.graphs(of: "lecture_value").first { $0.name == "two-paths" }).script
        let d = try #require(two.graph.nodes.first { $0.label == "d" })
        #expect(d.operands.map { two.graph[$0].label } == ["a", "b"])
        // x * w keeps x first, though w sorts before it by label.
        let xw = try #require(try Saved.graphs(of: "lecture_value").first { $0.name == "x-times-w" }).script
        #expect(xw.graph[xw.root].operands.map { xw.graph[$0].label } == ["x", "w"])
    }

    @Test func operandOrderComesFromAnOrderedPrevAndAGuessIsSaid() throws {
        // The closures name their operands left and right: a tuple still says the order.
        let graphs = try Saved.graphs(of: "left_right_value")
        let tuple = try #require(graphs.first { $0.name == "max-tuple" }).script
        let max = try #require(tuple.graph.nodes.first { $0.label == "m" })
        #expect(max.operands.map { tuple.graph[$0].label } == ["q", "p"])
        #expect(!max.operandOrderGuessed)
        let fixed = Trace(graph: tuple.graph, root: tuple.root, engine: .fixed)
        let q = try #require(tuple.graph.nodes.indices.first { tuple.graph[$0].label == "q" })
        #expect(fixed.finalGrads[q] == 4.0, "max(q, p) sends its gradient to q, the larger")
        // A class method with no closure at all, operands in a tuple: q before p, against their labels.
        let method = try #require(try Saved.graphs(of: "class_backward_value").first { $0.name == "q-times-p" }).script
        #expect(method.graph[method.root].operands.map { method.graph[$0].label } == ["q", "p"])
        #expect(method.recordedPass?.calls.count == 3, "the class's own _backward was wrapped and put back")

        // A set and no self/other: a guess, said in the file, in trace and on screen.
        let set = try #require(graphs.first { $0.name == "max-set" }).script
        #expect(set.graph[set.root].operandOrderGuessed)
        let trace = Trace(graph: set.graph, root: set.root, engine: .yours, recorded: set.recordedPass)
        #expect(Narrator(set.graph, trace).header(of: 1).hasSuffix("(operand order guessed)"))
        let state = DebuggerState(script: set, engine: .yours, order: .yours, step: 1)
        let screen = Screen.render(state, width: 100, height: 30).lines.joined(separator: "\n")
        #expect(screen.contains("operand order guessed: your class keeps them in a set"))
    }

    @Test func aValueTheLearnersBuildTopoSkippedIsNamed() throws {
        // Values equal by data: the visited set takes c = a + b for the leaf e, and c._backward() never runs.
        let graphs = try Saved.graphs(of: "data_equality_value")
        // Kept in a set, e and c (equal by data) are one element: the closure still has both.
        let set = try #require(graphs.first { $0.name == "skipped-set" }).script
        #expect(set.graph.count == 5 && set.graph[set.root].operands.map { set.graph[$0].label } == ["e", "c"])
        let saved = try #require(graphs.first { $0.name == "skipped" }).script
        let trace = Trace(graph: saved.graph, root: saved.root, engine: .yours, recorded: saved.recordedPass)
        let verdict = Verdict(saved.graph, trace)
        let c = try #require(saved.graph.nodes.indices.first { saved.graph[$0].label == "c" })
        #expect(verdict.uncalled == [c])
        let sentence = "your backward() never called c's _backward(): your build_topo skipped it"
        let text = TraceText.render(saved.graph, trace, name: "skipped.json", numeric: saved.graph.numericGradients(of: saved.root))
        #expect(text.contains("\n" + sentence + "\n"))
        #expect(text.contains("; never called: c\n"), "the topo line says what it leaves out")
        let state = DebuggerState(script: saved, engine: .yours, order: .yours, step: trace.steps.count - 1)
        let screen = Screen.render(state, width: 80, height: 24).lines.joined(separator: "\n")
        #expect(screen.contains(sentence))
        #expect(screen.contains("never called:"), "the topo pane lists it")
        // The lecture's own classes skip nothing.
        for module in ["lecture_value", "mlp"] {
            for graph in try Saved.graphs(of: module) {
                let trace = Trace(graph: graph.script.graph, root: graph.script.root, engine: .yours, recorded: graph.script.recordedPass)
                #expect(Verdict(graph.script.graph, trace).uncalled.isEmpty, "\(module)/\(graph.name)")
            }
        }
    }

    @Test func aLongChainSavesWithoutRecursionAndWithItsPass() throws {
        // 20,000 values deep: the lecture's recursive build_topo needs the exporter's deep stack.
        let folder = try Saved.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let module = try Saved.classSource("mlp")
        let script = module + """

            import gradstep_export
            x = Value(1.0, label='x')
            y = x
            for _ in range(20000):
                y = y * 1.00001
            gradstep_export.save(y, "chain.json")
            """
        try Python.run(script: script, in: folder)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/chain.json")))
        let loaded = try SavedGraph.load(bytes: bytes, name: "chain.json")
        #expect(loaded.graph.count == 40001)
        let pass = try #require(loaded.recordedPass)
        #expect(pass.calls.count == 40001)
        let x = try #require(loaded.graph.nodes.indices.first { loaded.graph[$0].label == "x" })
        let yours = Trace(graph: loaded.graph, root: loaded.root, engine: .yours, recorded: pass)
        #expect(close(yours.finalGrads[x], pow(1.00001, 20000)))
    }

    /// The exporter's op table is gradstep's: it knows the same `_op` strings, and names every
    /// rule from the numbers gradstep's own forward rule and local derivatives give.
    @Test func theExportersKnownOpsAreTheTables() throws {
        let folder = try Saved.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = "import gradstep_export\nprint(\" \".join(sorted(gradstep_export.KNOWN_OPS)))\n"
        let printed = try Python.run(script: script, in: folder, output: true).split(separator: "\n").map(String.init)
        let names = OpRule.all.filter { $0 != .power }.flatMap { [$0.symbol] + $0.aliases }
        #expect(printed.first == names.sorted().joined(separator: " "))
    }

    @Test func aBackwardThatRaisesStillSavesTheGraphAndSaysWhy() throws {
        let folder = try Saved.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = try Saved.classSource("mlp") + """

            import gradstep_export
            def broken(self): raise RuntimeError("not today")
            Value.backward = broken
            a = Value(2.0, label='a')
            gradstep_export.save(a * a, "broken.json")
            """
        let stderr = try Python.run(script: script, in: folder)
        #expect(stderr.contains("saved the graph without your backward pass: your backward() raised RuntimeError: not today"))
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/broken.json")))
        let loaded = try SavedGraph.load(bytes: bytes, name: "broken.json")
        #expect(loaded.recordedPass == nil)
        #expect(loaded.recordedPassNote == "your backward() raised RuntimeError: not today")
    }
}

/// Agreement to rounding: the learner's Python and gradstep may add in another order.
func close(_ x: Double, _ y: Double) -> Bool {
    x == y || abs(x - y) <= 1e-9 * max(1, abs(x), abs(y))
}

/// One graph a class's `graphs()` saved: its name, gradstep's reading, and the file as plain data.
struct Saved {
    var name: String
    var script: LoadedScript
    var file: SavedFile

    /// A fresh folder under the system's temporary one; the caller removes it.
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gradstep-export-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Exporter.source.write(toFile: path + "/" + Exporter.fileName, atomically: true, encoding: .utf8)
        return path
    }

    static func classSource(_ module: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Classes/\(module).py")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Runs the class's `graphs()` through the exporter and reads every file it saved.
    static func graphs(of module: String) throws -> [Saved] {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let driver = try classSource(module) + "\n" + classSource("two_paths") + """

            import gradstep_export
            for name, root in graphs().items():
                gradstep_export.save(root, name + ".json")
            """
        try Python.run(script: driver, in: folder)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
        return try files.map { file in
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/" + file)))
            return Saved(name: String(file.dropLast(5)), script: try SavedGraph.load(bytes: bytes, name: file),
                         file: try SavedFile(bytes))
        }
    }
}

/// A saved file (format 2) read with Foundation's JSON parser, apart from gradstep's reader.
struct SavedFile {
    struct Node {
        var data: Double
        /// The grad the learner's own backward() left: the micrograd style's, which save runs.
        var grad: Double?
        var op: String
        var operands: [Int]
        var localGrads: [Double]?
        var name: String?
    }

    var nodes: [Int: Node] = [:]
    var root: Int

    init(_ bytes: [UInt8]) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["gradstep"] as? Int == 2)
        root = try #require(object["root"] as? Int)
        let data = try #require(object["data"] as? [Double]), arity = try #require(object["arity"] as? [Int])
        let operands = try #require(object["operands"] as? [Int]), grads = object["grad"] as? [Double]
        let local = object["local_grads"] as? [Double], table = object["ops"] as? [String], ops = object["op"] as? [Int]
        let names = Dictionary(uniqueKeysWithValues: (object["names"] as? [[Any]] ?? []).map { ($0[0] as! Int, $0[1] as! String) })
        var start = 0
        for (id, count) in arity.enumerated() {
            let slots = start..<start + count
            nodes[id] = Node(data: data[id], grad: grads?[id], op: table.flatMap { t in ops.map { t[$0[id]] } } ?? "",
                             operands: Array(operands[slots]), localGrads: local.map { Array($0[slots]) }, name: names[id])
            start += count
        }
    }

    /// d(root)/d(value) for every value: reverse mode with the derivatives written out here.
    func chainRule() -> [Int: Double] {
        // Depth-first post-order from the root, without recursion.
        var order: [Int] = [], seen: Set<Int> = [root], stack: [(Int, Int)] = [(root, 0)]
        while let (id, next) = stack.last {
            let operands = nodes[id]!.operands
            if next < operands.count {
                stack[stack.count - 1].1 += 1
                if seen.insert(operands[next]).inserted { stack.append((operands[next], 0)) }
            } else {
                order.append(id)
                stack.removeLast()
            }
        }
        var grads = [Int: Double](uniqueKeysWithValues: order.map { ($0, 0.0) })
        grads[root] = 1
        for id in order.reversed() {
            let node = nodes[id]!
            let operands = node.op == "+" || node.op == "*" ? (node.operands.count == 1 ? [node.operands[0], node.operands[0]] : node.operands) : node.operands
            let x = operands.first.map { nodes[$0]!.data } ?? 0
            for (slot, operand) in operands.enumerated() {
                let local: Double
                switch node.op {
                case "+": local = 1
                case "*": local = nodes[operands[1 - slot]]!.data
                case "tanh": local = 1 - node.data * node.data
                case "exp": local = node.data
                case "log": local = 1 / x
                case "my_sigmoid": local = node.data * (1 - node.data)
                case let op where op.hasPrefix("**"):
                    let k = Double(op.dropFirst(2))!
                    local = k * pow(x, k - 1)
                default: local = node.localGrads?[slot] ?? .nan  // an op only the learner's code knows
                }
                grads[operand]! += local * grads[id]!
            }
        }
        return grads
    }
}

/// The machine's `python3`, if it has one.
enum Python {
    static let path: String? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return folders.map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Runs `script` with `folder` as the working directory; its standard error (its standard
    /// output with `output`), or a failure.
    @discardableResult
    static func run(script: String, in folder: String, output: Bool = false) throws -> String {
        let file = folder + "/run_\(UUID().uuidString.prefix(8)).py"
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(path))
        process.arguments = [file]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let err = folder + "/stderr.txt"
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        let out = folder + "/stdout.txt"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        try process.run()
        process.waitUntilExit()
        let stderr = try String(contentsOfFile: err, encoding: .utf8)
        try #require(process.terminationStatus == 0, "python3 failed: \(stderr)")
        return output ? try String(contentsOfFile: out, encoding: .utf8) : stderr
    }
}

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

/// `with gradstep_export.recording():` notes where each value was made, in a microgpt-shaped forward.
@Suite struct ExporterRecordingTests {
    /// Runs the microgpt-shaped model's loss inside `recording()` and saves it; the file, read by gradstep.
    static func recorded() throws -> (file: [String: Any], script: LoadedScript) {
        let folder = try Saved.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Saved.classSource("microgpt_model").write(toFile: folder + "/microgpt_model.py", atomically: true, encoding: .utf8)
        try Python.run(script: """
            import gradstep_export, microgpt_model
            from microgpt_model import Value, doc_loss, state_dict
            own = Value.__dict__["__init__"]
            with gradstep_export.recording():
                loss = doc_loss([1, 3, 0])
            # The class is as it was: its own __init__, by identity.
            assert Value.__dict__["__init__"] is own, "Value.__init__ was not put back"
            gradstep_export.save(loss, "g.json", names=state_dict)
            """, in: folder)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/g.json")))
        let file = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        return (file, try SavedGraph.load(bytes: bytes, name: "g.json"))
    }

    /// The line number of the first line of the model file holding `text`.
    static func line(of text: String) throws -> Int {
        let lines = try Saved.classSource("microgpt_model").split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }

    @Test func everyComputedValueNamesTheFunctionAndLineThatMadeIt() throws {
        let (_, script) = try Self.recorded()
        let graph = script.graph
        var seen: Set<String> = []
        for id in graph.nodes.indices {
            let site = graph.site(of: id)
            guard !graph[id].isLeaf else {
                // A parameter was made before the block, at import: nothing is said of it.
                #expect(graph[id].name.isEmpty || site == nil, "\(graph[id].name)")
                continue
            }
            let made = try #require(site, "value \(id) (\(graph.formula(id))) has no source")
            #expect(made.file.hasSuffix("microgpt_model.py") && (made.calls + [made.function]).first == "doc_loss", "\(made)")
            seen.insert(made.caller)
        }
        #expect(seen.isSuperset(of: ["doc_loss", "gpt", "rmsnorm", "softmax", "linear"]), "\(seen)")
        // rmsnorm's mean square, with its line and the calls that led there.
        // Its products are made in the generator expression, its sum and quotient in rmsnorm itself.
        let msLine = try Self.line(of: "ms = sum(xi * xi"), expsLine = try Self.line(of: "exps = [(val - max_val).exp()")
        let ms = graph.sites.filter { $0.text == "ms = sum(xi * xi for xi in x) / len(x)" }
        #expect(Set(ms.map { $0.calls + [$0.function] }) == [["doc_loss", "gpt", "rmsnorm", "<genexpr>"], ["doc_loss", "gpt", "rmsnorm"]])
        #expect(ms.allSatisfy { $0.line == msLine && $0.caller == "rmsnorm" })
        let exps = try #require(graph.sites.first { $0.text.hasPrefix("exps = [(val - max_val).exp()") })
        #expect(exps.caller == "softmax" && exps.line == expsLine)
    }

    @Test func everyValueIsInTheRunOfTheFunctionThatMadeItEachRunItsOwn() throws {
        let (_, script) = try Self.recorded()
        let graph = script.graph
        // doc_loss([1, 3, 0]) runs gpt twice; each gpt runs rmsnorm three times, linear seven
        // times and attention once, and each attention its head's softmax; doc_loss runs the
        // softmax of each position's logits.
        let functions = graph.calls.map(\.function)
        #expect(functions.filter { $0 == "doc_loss" }.count == 1 && functions.filter { $0 == "gpt" }.count == 2)
        #expect(functions.filter { $0 == "rmsnorm" }.count == 6 && functions.filter { $0 == "linear" }.count == 14)
        #expect(functions.filter { $0 == "attention" }.count == 2 && functions.filter { $0 == "softmax" }.count == 4)
        func parent(_ call: Int) -> String? { graph.calls[call].parent.map { graph.calls[$0].function } }
        for (i, call) in graph.calls.enumerated() {
            switch call.function {
            case "doc_loss": #expect(call.parent == nil)
            case "gpt": #expect(parent(i) == "doc_loss")
            case "softmax": #expect(parent(i) == "attention" || parent(i) == "doc_loss")
            default: #expect(parent(i) == "gpt", "\(call.function)")
            }
        }
        var valuesOfCall: [Int: Int] = [:]
        for id in graph.nodes.indices where !graph[id].isLeaf {
            let call = try #require(graph.call(of: id), "value \(id) was made in no call")
            // The call is the run of the function its line is in: a comprehension is part of it.
            #expect(graph.calls[call].function == graph.site(of: id)?.caller)
            valuesOfCall[call, default: 0] += 1
        }
        // Each run of rmsnorm over 4 values makes the same values: 4 squares, 3 sums, the mean,
        // the scale and 4 products, and no run holds another's.
        let rmsnorms = graph.calls.indices.filter { graph.calls[$0].function == "rmsnorm" }
        #expect(Set(rmsnorms.map { valuesOfCall[$0] ?? 0 }).count == 1, "\(rmsnorms.map { valuesOfCall[$0] ?? 0 })")
    }

    @Test func theStepPaneAndTheJSONSayWhereTheRunningValueWasMade() throws {
        let (_, script) = try Self.recorded()
        let graph = script.graph
        let trace = Trace(graph: graph, root: script.root, engine: .fixed)
        let json = TraceJSON.render(graph, trace, numeric: graph.numericGradients(of: script.root, budget: 0))
        let line = try Self.line(of: "ms = sum(xi * xi")
        #expect(json.contains("\"source\": {\"file\": ") && json.contains("\"line\": \(line), \"function\": \"<genexpr>\", \"calls\": [\"doc_loss\", \"gpt\", \"rmsnorm\"]}"))
        #expect(json.contains("\"source\": null"), "the parameters were made outside the block")
        // The step pane, at a step whose running value rmsnorm made.
        var state = DebuggerState(script: script, engine: .fixed)
        let k = try #require(state.trace.steps.indices.first { $0 > 0 && graph.site(of: state.trace.steps[$0].node)?.caller == "rmsnorm" })
        state.move(to: Cursor(step: k, applied: 0))
        let screen = Screen.render(state, width: 200, height: 60).lines.joined(separator: "\n")
        #expect(screen.contains("made in rmsnorm, microgpt_model.py:"), "\(screen.suffix(1200))")
    }

    @Test func aBlockInsideAFunctionCountsOnlyTheCallsMadeInIt() throws {
        let folder = try Saved.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let driver = try Saved.classSource("microgpt_value") + """

            import gradstep_export
            def sq(x): return x * x
            def main():
                a = Value(2.0); b = Value(3.0)
                with gradstep_export.recording():
                    c = a * b
                    d = sq(c) + c
                gradstep_export.save(d, "g.json")
            def driver(): main()
            driver()
            """
        try Python.run(script: driver, in: folder)
        let script = try SavedGraph.load(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/g.json"))), name: "g.json")
        let graph = script.graph
        // The block's own values are in no call; sq's in sq, made in the block.
        #expect(graph.calls == [Call(function: "sq", parent: nil)])
        #expect(graph.call(of: script.root) == nil && graph.site(of: script.root)?.function == "main")
        #expect(graph.sites.allSatisfy { $0.calls.isEmpty }, "nothing above the block: \(graph.sites)")
    }

    @Test func aNotebooksCellsAreTheLearnersCode() throws {
        let folder = try Saved.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A cell as IPython runs it: compiled under the name `<ipython-input-N-…>`.
        let driver = try Saved.classSource("microgpt_value") + """

            import gradstep_export
            cell = '''
            def sq(x): return x * x
            a = Value(2.0); b = Value(3.0)
            with gradstep_export.recording():
                c = a * b
                d = sq(c) + c
            gradstep_export.save(d, "g.json")
            '''
            exec(compile(cell, "<ipython-input-7-0123abcd>", "exec"))
            """
        try Python.run(script: driver, in: folder)
        let script = try SavedGraph.load(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/g.json"))), name: "g.json")
        let graph = script.graph
        #expect(graph.calls == [Call(function: "sq", parent: nil)])
        #expect(graph.site(of: script.root)?.file == "<ipython-input-7-0123abcd>")
        #expect(graph.site(of: script.root)?.caller == "cell" && graph.title(script.root) == "d")
    }

    @Test func microgradsNNIsRecordedByItsClasses() throws {
        let folder = try Saved.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let driver = try Saved.classSource("mlp") + """

            import gradstep_export, random
            random.seed(1)
            model = MLP(3, [4, 4, 1])
            with gradstep_export.recording():
                loss = sum((model(x) - y)**2 for x, y in zip([[2.0, 3.0, -1.0], [3.0, -1.0, 0.5]], [1.0, -1.0]))
            gradstep_export.save(loss, "g.json", names=model)
            """
        try Python.run(script: driver, in: folder)
        let script = try SavedGraph.load(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/g.json"))), name: "g.json")
        // `def _backward(): self.grad += ...` on one line: its body is still shown.
        #expect(script.backwardSources["**2"]?.first?.hasPrefix("self.grad +=") == true, "\(script.backwardSources)")
        // The sum's generator at the top of the file is the module's.
        #expect(script.graph.sites.contains { $0.function == "<genexpr>" && $0.calls.isEmpty && $0.caller.hasPrefix("run_") })
        let functions = script.graph.calls.map(\.function)
        // Two samples: MLP twice, each Layer of it, each Neuron of each Layer (4 + 4 + 1).
        #expect(functions.filter { $0 == "MLP" }.count == 2 && functions.filter { $0 == "Layer" }.count == 6)
        #expect(functions.filter { $0 == "Neuron" }.count == 18)
        let folding = Folding(script.graph, root: script.root, around: script.root)
        let groups = Set(folding.items.compactMap { if case .group(let g) = $0 { g } else { nil } })
        #expect(groups == ["layers[0]", "layers[1]", "layers[2]"])
    }

    @Test func theTopologicalListShowsTheFunctionThatMadeEachValue() throws {
        let (_, script) = try Self.recorded()
        var state = DebuggerState(script: script, engine: .fixed)
        // A parameter's row at the cursor: named, made by no function of the learner's.
        let k = try #require(state.trace.steps.indices.first { $0 > 0 && script.graph[state.trace.steps[$0].node].isLeaf && !script.graph[state.trace.steps[$0].node].name.isEmpty })
        state.move(to: Cursor(step: k, applied: 0))
        let panes = Screen.panes(state, width: 200, height: 60)
        let rows = Screen.render(state, width: 200, height: 60).lines.map { String($0.dropFirst(panes.topo.x)) }
        let id = state.trace.steps[k].node
        #expect(TopoPane.lastColumn(script.graph, id) == "")
        let made = try #require(state.trace.steps.indices.first { $0 > 0 && script.graph.site(of: state.trace.steps[$0].node)?.caller == "linear" })
        #expect(TopoPane.lastColumn(script.graph, state.trace.steps[made].node) == "linear")
        let running = try #require(rows.first { $0.contains("▶") && $0.contains(script.graph.title(id)) })
        #expect(!running.contains("linear") && !running.contains("softmax"), "\(running)")
        #expect(rows.contains { $0.hasSuffix("linear") || $0.contains(" linear ") || $0.contains("softmax") || $0.contains("rmsnorm") })
    }

    @Test func anUnnamedValueIsTitledByItsFunctionAndOpAndFoundByThem() throws {
        let (_, script) = try Self.recorded()
        let graph = script.graph
        let titles = graph.nodes.indices.map { graph.title($0) }
        #expect(!titles.contains { $0.hasPrefix("#") }, "\(titles.filter { $0.hasPrefix("#") }.prefix(5))")
        #expect(titles.contains("rmsnorm ·*") && titles.contains("softmax ·exp"))
        // `/` finds by function and by file:line.
        var state = DebuggerState(script: script, engine: .fixed)
        let panes = Screen.panes(state, width: 120, height: 40)
        // `/` finds by the calls that led there, from the cursor on.
        state.move(to: Cursor(step: state.lastStep / 3, applied: 0))
        state.apply(.find("attention › softmax"), on: panes)
        let found = state.findMatches
        #expect(!found.isEmpty && found.allSatisfy { id in graph.site(of: id).map { ($0.calls + [$0.function]).suffix(2) == ["attention", "softmax"] || $0.calls.suffix(2) == ["attention", "softmax"] } ?? false })
        let steps = found.map(state.stepOfNode)
        #expect(steps[0] == steps.filter { $0 >= state.lastStep / 3 }.min(), "the first match is the one the pass reaches next")
        state.apply(.find("softmax"), on: panes)
        #expect(state.findMatches.count > 3 && state.findMatches.allSatisfy { graph.site(of: $0)?.caller == "softmax" })
        let line = try Self.line(of: "ms = sum(xi * xi")
        state.apply(.find("microgpt_model.py:\(line)"), on: panes)
        #expect(!state.findMatches.isEmpty && state.findMatches.allSatisfy { graph.site(of: $0)?.line == line })
    }
}

/// The graph folded by the learner's calls: a microgpt-shaped loss recorded with `recording()`.
@Suite struct FoldedViewTests {
    /// The calls `call` was made in and itself, outermost first, worked out here from the parents.
    static func ancestors(_ graph: Graph, _ call: Int?) -> [Int] {
        guard let call else { return [] }
        return ancestors(graph, graph.calls[call].parent) + [call]
    }

    @Test func atEveryStepTheRunningValuesCallsAreOpenAndEveryOtherCallIsOneBox() throws {
        let (_, script) = try ExporterRecordingTests.recorded()
        let graph = script.graph
        let trace = Trace(graph: graph, root: script.root, engine: .buggy)
        var checked: Set<[Int]> = []
        for step in trace.steps {
            let open = Self.ancestors(graph, graph.call(of: step.node))
            guard checked.insert(open).inserted else { continue }
            let folding = Folding(graph, root: script.root, around: step.node)
            #expect(folding.open == open)
            #expect(folding.items[folding.item(of: step.node)] == .value(step.node), "the running value is drawn as itself")
            for id in graph.nodes.indices {
                let calls = Self.ancestors(graph, graph.call(of: id))
                // A value is in the first call of its chain that is not open, else drawn itself.
                let expected: Folding.Item
                if let first = calls.first(where: { !open.contains($0) }) {
                    expected = .call(first)
                } else if graph.site(of: id) == nil && graph[id].isLeaf && id != script.root && id != step.node {
                    // microgpt's state_dict keys: `wte`, `layer0.attn_wq`.
                    expected = .group(String(graph[id].name.prefix { $0 != "[" }))
                } else {
                    expected = .value(id)
                }
                #expect(folding.items[folding.item(of: id)] == expected, "value \(id) at open \(open)")
            }
            // Every line between items comes from an item before it.
            for (item, sources) in folding.sources.enumerated() { #expect(sources.allSatisfy { $0 < item }) }
        }
        #expect(checked.count > 5, "the pass goes through several calls")
    }

    @Test func parametersFoldByTheirNameWithoutItsLastIndices() {
        var graph = Graph()
        for name in ["wte[3][5]", "layer0.attn_wq[2][7]", "layers[1].neurons[0].w[2]", "layers[1].neurons[0].b", "w", "x[0]"] {
            graph.bindName(name, to: graph.leaf(1))
        }
        graph.leaf(2, label: "bias")
        graph.leaf(3)
        #expect(graph.nodes.indices.map { Folding.group(graph, $0) } == ["wte", "layer0.attn_wq", "layers[1]", "layers[1]", "w", "x", "bias", ""])
    }

    @Test func aFoldedCallsBoxCountsWhatItHoldsTakesInAndGivesOut() throws {
        let (_, script) = try ExporterRecordingTests.recorded()
        let graph = script.graph
        let folding = Folding(graph, root: script.root, around: script.root)
        let consumers = Consumers(graph)
        for (item, kind) in folding.items.enumerated() {
            guard case .call(let call) = kind else { continue }
            let inside = Set(graph.nodes.indices.filter { Self.ancestors(graph, graph.call(of: $0)).contains(call) })
            let inputs = Set(inside.flatMap { graph[$0].operands }.filter { !inside.contains($0) })
            let outputs = inside.filter { id in id == script.root || consumers.of(id).contains { !inside.contains($0) } }
            #expect(folding.held[item] == inside.count && folding.inputs[item] == inputs.count && folding.outputs[item] == outputs.count)
            if graph.calls[call].function == "rmsnorm" {
                // rmsnorm over n_embd = 4 values: 4 in, 4 out.
                #expect(folding.words(item, graph, arrow: "→").detail == "4 in → 4 out")
            }
        }
        let top = folding.items.compactMap { if case .call(let c) = $0 { graph.calls[c].function } else { nil } }
        #expect(Set(top) == ["gpt", "softmax"], "doc_loss is open around its loss; its calls are folded: \(top)")
    }

    @Test func theScreenAndTheFrameJSONShowTheFoldedViewAndWhereWritesLost() throws {
        let (_, script) = try ExporterRecordingTests.recorded()
        var state = DebuggerState(script: script, engine: .buggy)
        state.setFolded(true)
        state.move(to: Cursor(step: state.lastStep, applied: 0))
        let screen = Screen.render(state, width: 200, height: 60).lines.joined(separator: "\n")
        #expect(screen.contains("folded"))
        let json = FrameJSON.render(state, width: 200, height: 60)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["view"] as? String == "folded")
        let boxes = try #require(object["boxes"] as? [[String: Any]])
        let folded = boxes.compactMap { $0["folded"] as? [String: Any] }
        #expect(folded.contains { $0["kind"] as? String == "call" } && folded.contains { $0["kind"] as? String == "group" })
        // A folded box says LOST once a write inside it has thrown a contribution away, and not before.
        let trace = state.trace
        let folding = state.folds.folding(around: state.runningNode)
        let first = state.folds.firstLosses(folding, trace, pass: "buggy")
        for (item, step) in first.enumerated() {
            let losing = trace.steps.indices.dropFirst().filter { k in
                folding.item(of: trace.steps[k].node) == item && trace.writes(of: k).contains { $0.lost != nil }
            }
            #expect(step == losing.first)
        }
        #expect(first.contains { $0 != nil }, "under grad = some call loses a contribution")
        #expect(screen.contains("LOST"))
        // Unfolded again, the view is what it was.
        state.setFolded(false)
        #expect(!Screen.render(state, width: 200, height: 60).lines.joined().contains("folded"))
    }
}
