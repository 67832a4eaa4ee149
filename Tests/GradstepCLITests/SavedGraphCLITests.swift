import Foundation
import Testing

/// Graphs saved from Python, opened by every command, and the module that saves them.
@Suite struct SavedGraphCLITests {
    /// The lecture's a + a, saved from a Value with the `=` bug: its `+` wrote a.grad once, 1.0.
    static let aPlusA = """
        {"gradstep": 1, "style": "micrograd", "root": 1,
         "nodes": [{"id": 0, "data": 3.0, "op": "", "operands": [], "label": "a", "grad": 1.0},
                   {"id": 1, "data": 6.0, "op": "+", "operands": [0, 0], "label": "b", "grad": 1.0}],
         "pass": {"kind": "calls", "seed": 1.0, "calls": [[1, 1.0, [[0, 0.0, 1.0]]], [0, 1.0, []]]}}
        """

    static func savedFile(_ text: String = aPlusA) throws -> String {
        let path = try Binary.temporaryFile(text)
        let json = path.replacingOccurrences(of: ".py", with: ".json")
        try FileManager.default.moveItem(atPath: path, toPath: json)
        return json
    }

    @Test func exporterPrintsTheModuleInTheRepositoryWithTheOpTableWrittenIn() throws {
        let run = try Binary.run(["exporter"])
        #expect(run.status == 0 && run.stderr.isEmpty)
        let module = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Exporter/gradstep_export.py")
        let template = try String(contentsOf: module, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let printed = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let table = try #require(template.firstIndex { $0.hasPrefix("KNOWN_OPS = set()") })
        // The repository's line `KNOWN_OPS = set()` becomes the table's op names; the rest is as it is.
        #expect(printed.count == template.count)
        #expect(printed.prefix(table) == template.prefix(table))
        #expect(printed.suffix(template.count - table - 1) == template.suffix(template.count - table - 1))
        #expect(printed[table].hasPrefix("KNOWN_OPS = {\"+\", \"*\", \"tanh\", \"exp\", \"ReLU\", \"relu\", \"log\", \"sigmoid\"}"))
        #expect(run.stdout.contains("def save(root, path, names=None):"))
    }

    @Test func everyCommandOpensASavedGraph() throws {
        let file = try Self.savedFile()
        defer { Binary.remove(file) }
        for command in [["trace"], ["frame"], ["dot"], ["layout"], ["trace", "--format", "json"]] {
            let run = try Binary.run(command + [file])
            #expect(run.status == 0 && run.stderr.isEmpty, "\(command): \(run.stderr)")
        }
        let buggy = try Binary.run(["trace", file, "--engine", "buggy"])
        #expect(buggy.stdout.contains("  a.grad  1.0000 -> 1.0000  (= overwrite, lost 1.0000)"))
        // From standard input too: the first character tells a saved graph from a script.
        let piped = try Binary.run(["trace", "-"], input: Self.aPlusA)
        #expect(piped.status == 0 && piped.stdout.contains("b = a + a"))
    }

    @Test func theYoursEngineStepsThroughTheLearnersOwnPass() throws {
        let file = try Self.savedFile()
        defer { Binary.remove(file) }
        let run = try Binary.run(["trace", file, "--engine", "yours"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("engine: yours (your backward())   order: yours"))
        #expect(run.stdout.contains("  a.grad  0.0000 -> 1.0000  (your code; the chain rule makes 2.0000)"))
        #expect(run.stdout.contains("your _backward() for '+' disagrees with the chain rule (a.grad 1.0; chain rule 2.0) at step 1"))
        #expect(run.stdout.hasSuffix("1 of 1 leaf grads are wrong under your backward()\n"))
        let frame = try Binary.run(["frame", file, "--engine", "yours", "--step", "2"])
        // 100x30: the engine in words (block letters take 100x40).
        #expect(frame.stdout.contains("YOURS  your backward()"))
        #expect(frame.stdout.contains("your _backward() for '+' disagrees with the chain rule"))
    }

    @Test func yoursNeedsARecordedPassAndKeepsItsOrder() throws {
        let demo = try Binary.run(["trace", "two-paths", "--engine", "yours"])
        #expect(demo.status == 64)
        #expect(demo.stderr == "gradstep: error: --engine yours needs a graph saved from Python with your backward() recorded; see `gradstep exporter`\n")
        let file = try Self.savedFile()
        defer { Binary.remove(file) }
        let order = try Binary.run(["trace", file, "--engine", "yours", "--order", "label"])
        #expect(order.status == 64 && order.stderr.contains("leave out --order"))
        let fixedInYourOrder = try Binary.run(["trace", file, "--engine", "fixed", "--order", "yours"])
        #expect(fixedInYourOrder.status == 0 && fixedInYourOrder.stdout.contains("order: yours"))
    }

    @Test func aBadFileIsOneLineAndExitOne() throws {
        let cases = [
            ("{\"gradstep\": 1, \"root\": 1, \"nodes\": [{\"id\": 1, \"data\": 1, \"op\": \"+\", \"operands\": [2, 2]}]}",
             "error: value 1 has operand 2, which is not among the values"),
            ("{\"gradstep\": 1, \"root\": 0, \"nodes\": [{\"id\": 0, \"data\": [1]}]}", "error: the data of value 0 should be a number, not a list"),
            ("{\"gradstep\": ", "error: not valid JSON: the file ends where a value was expected"),
            (String(repeating: "{\"a\":", count: 100_000), "error: not valid JSON: nested more than 64 deep"),
        ]
        for (text, message) in cases {
            let file = try Self.savedFile(text)
            defer { Binary.remove(file) }
            // (The program itself reads a file this big behind its loading screen, once it has a terminal.)
            for command in text.utf8.count < 256 * 1024 ? [["trace"], ["frame"], []] : [["trace"], ["frame"]] {
                let run = try Binary.run(command + [file])
                #expect(run.status == 1, "\(command) \(message)")
                #expect(run.stdout.isEmpty)
                #expect(run.stderr.hasPrefix(file) && run.stderr.hasSuffix(message + "\n"), "\(run.stderr)")
                #expect(run.stderr.split(separator: "\n").count == 1)
            }
        }
    }
}
