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
