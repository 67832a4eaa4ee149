import Canvas
import Foundation
import Testing

/// The built `gradstep` binary, run as a user runs it.
@Suite struct CLITests {
    @Test func traceTextOfTheDefaultDemo() throws {
        let run = try Binary.run(["trace", "--engine", "buggy"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("step 3  d._backward()  d = a * b"))
        #expect(run.stdout.contains("  a.grad  -6.0000 -> 3.0000  (= overwrite, lost -6.0000)"))
        #expect(run.stderr.isEmpty)
    }

    @Test func traceJSONParsesAndMatchesTheFixedEngine() throws {
        let run = try Binary.run(["trace", "more-ops", "--format", "json"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let nodes = try #require(object["nodes"] as? [[String: Any]])
        let a = try #require(nodes.first { $0["name"] as? String == "a" })
        #expect(abs((a["grad"] as? Double ?? 0) - 138.83381924198252) < 1e-9)
        #expect(object["engine"] as? String == "fixed")
    }

    @Test func traceOfAScriptFileWithRandomOrder() throws {
        let file = try Binary.temporaryFile("a = Value(3.0, label='a')\nb = a + a\nb.backward()\n")
        defer { Binary.remove(file) }
        let run = try Binary.run(["trace", file, "--order", "random", "--seed", "7", "--engine", "buggy"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("order: random seed 7"))
        #expect(run.stdout.contains("  a.grad  1.0000 -> 1.0000  (= overwrite, lost 1.0000)"))
    }

    @Test func dotCommand() throws {
        let run = try Binary.run(["dot", "a-plus-a"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("digraph {"))
        #expect(run.stdout.components(separatedBy: "\"v0\" -> \"v1op\"").count - 1 == 2)
    }

    @Test func frameAsJSONDescribesTheScreenItPrints() throws {
        let text = try Binary.run(["frame", "neuron", "--step", "3"])
        let json = try Binary.run(["frame", "neuron", "--step", "3", "--format", "json"])
        #expect(json.status == 0 && json.stderr.isEmpty)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rows = try #require(object["rows"] as? [String])
        #expect(rows.count == 30 && object["width"] as? Int == 100 && object["step"] as? Int == 3 && object["steps"] as? Int == 10)
        #expect(rows.map { $0.trailingSpacesRemoved } == text.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init),
                "the rows are the text frame")
        // The lecture's neuron is whole at 100x30: all ten values are drawn.
        #expect((object["boxes"] as? [[String: Any]])?.count == 10 && object["view"] as? String == "whole")
        let panes = try #require(object["panes"] as? [String: Any])
        #expect(panes["graph"] is [String: Any] && panes["topo"] is [String: Any] && panes["step"] is [String: Any])
        let edges = try #require(object["edges"] as? [[String: Any]])
        #expect(edges.filter { $0["active"] as? Bool == true }.count == 2, "x1*w1's two operand slots carry the gradient")
    }

    @Test func frameTakesATheme() throws {
        let light = try Binary.run(["frame", "--color", "always", "--theme", "light"])
        #expect(light.status == 0 && light.stdout.contains("48;5;231"))
        let mono = try Binary.run(["frame", "--color", "always", "--theme", "mono"])
        #expect(mono.status == 0 && !mono.stdout.contains("38;5;") && mono.stdout.contains(";7m"), "mono: reverse video, no colour")
    }

    @Test func traceAndTheScreenGiveOneVerdictInTheSameWords() throws {
        for demo in ["sanity-check", "two-paths", "more-ops", "layer"] {
            let trace = try Binary.run(["trace", demo, "--engine", "buggy"])
            let last = try #require(Int(try Binary.run(["frame", demo, "--format", "json"]).stdout
                .split(separator: "\n").first { $0.hasPrefix("\"steps\"") }!.split(separator: " ").last!.dropLast()))
            let frame = try Binary.run(["frame", demo, "--step", String(last), "--width", "120", "--height", "40"])
            let words = try #require(trace.stdout.split(separator: "\n").last.map(String.init))
            let sentence = words.replacingOccurrences(of: " under the buggy engine", with: "")
            #expect(frame.stdout.contains("Done: \(sentence) under grad ="), "\(demo): trace says '\(words)'")
        }
        // Constants (the 2 of 2 * x) are not judged: sanity-check has one leaf, x.
        #expect(try Binary.run(["trace", "sanity-check", "--engine", "buggy"]).stdout.hasSuffix("1 of 1 leaf grads are wrong under the buggy engine\n"))
    }

    @Test func scriptsComeFromStandardInputPipesAndProcessSubstitution() throws {
        let script = "a = Value(3.0, label='a')\nb = a + a\nb.backward()\n"
        let piped = try Binary.run(["trace", "-", "--engine", "buggy"], input: script)
        #expect(piped.status == 0 && piped.stdout.hasPrefix("gradstep trace: <stdin>"))
        #expect(piped.stdout.contains("a.grad  1.0000 -> 1.0000  (= overwrite, lost 1.0000)"))
        #expect(try Binary.run(["dot", "/dev/stdin"], input: script).stdout.hasPrefix("digraph {"))
        #expect(try Binary.run(["frame", "-", "--step", "1"], input: script).stdout.contains("step 1/2"))
        let error = try Binary.run(["trace", "-"], input: "a = Value(1.0)\nb = a ** a\n")
        #expect(error.status == 1 && error.stderr.hasPrefix("<stdin>:2:7: error: the exponent must be an int or float"))
        // A pipe made by the shell: bash's <(...) is a /dev/fd path to a pipe.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/bash")
        shell.arguments = ["-c", "\"$0\" trace <(printf \"$1\") | tail -1", Binary.url.path, script]
        let out = Pipe()
        shell.standardOutput = out
        try shell.run()
        shell.waitUntilExit()
        #expect(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "every leaf grad is correct\n")
    }

    @Test func negativeAndTooSmallScreenFlagsGetOneLineAndANonZeroExit() throws {
        for (arguments, message) in [
            (["frame", "--step", "-1"], "gradstep: error: --step must be 0 or more"),
            (["frame", "--width", "-5"], "gradstep: error: the screen needs 80x24 or more, not -5x30"),
            (["frame", "--width", "60", "--height", "20"], "gradstep: error: the screen needs 80x24 or more, not 60x20"),
        ] {
            let run = try Binary.run(arguments)
            #expect(run.status != 0 && run.stdout.isEmpty, "\(arguments)")
            #expect(run.stderr.hasPrefix(message) && run.stderr.split(separator: "\n").count == 1, "\(arguments): \(run.stderr)")
        }
    }

    @Test func orderScriptNeedsAScriptThatCallsBackwardByHand() throws {
        let run = try Binary.run(["trace", "two-paths", "--order", "script"])
        #expect(run.status == 64 && run.stderr == "gradstep: error: --order script needs a script that calls _backward() itself\n")
        let manual = try Binary.run(["trace", "-", "--format", "json"], input: "a = Value(3.0, label='a')\nb = a + a\nb.grad = 1.0\nb._backward()\n")
        #expect(manual.status == 0 && manual.stdout.contains("\"order\": \"script\""))
    }

    @Test func demosListsEveryDemo() throws {
        let run = try Binary.run(["demos"])
        #expect(run.status == 0)
        for name in ["two-paths", "a-plus-a", "neuron", "neuron-exp", "sanity-check", "more-ops", "layer"] {
            #expect(run.stdout.contains(name))
        }
    }

    @Test func scriptErrorsExitNonZeroWithFileLineColumn() throws {
        let file = try Binary.temporaryFile("a = Value(1.0)\nb = a ** a\n")
        defer { Binary.remove(file) }
        let run = try Binary.run(["trace", file])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("\(file):2:7: error: the exponent must be an int or float"))
        #expect(run.stderr.contains("b = a ** a\n      ^"))
        #expect(!run.stderr.contains("Fatal") && !run.stderr.contains("Stack"))
    }

    @Test func missingFilesAndUnknownDemos() throws {
        let missing = try Binary.run(["trace", "/no/such/file.py"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "gradstep: error: cannot read '/no/such/file.py': no such file\n")
        let unknown = try Binary.run(["trace", "nosuchdemo"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no script file or demo named 'nosuchdemo'"))
    }

    @Test func badFlagsExitNonZero() throws {
        let run = try Binary.run(["trace", "--engine", "sloppy"])
        #expect(run.status != 0)
        #expect(run.stderr.hasPrefix("gradstep: error: ") && run.stderr.contains("sloppy"))
        #expect(run.stderr.split(separator: "\n").count == 1, "one line: \(run.stderr)")
        let unknown = try Binary.run(["--frobnicate"])
        #expect(unknown.status != 0 && unknown.stderr.split(separator: "\n").count == 1)
        let help = try Binary.run(["trace", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--format"))
        let seed = try Binary.run(["trace", "--seed", "3"])
        #expect(seed.status != 0)
        #expect(seed.stderr.contains("--seed applies only to --order random"))
    }
}

/// `gradstep frame` and `gradstep layout` through the built binary.
@Suite struct FrameCLITests {
    private let utf8 = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]

    @Test func framePrintsPlainTextByDefault() throws {
        let run = try Binary.run(["frame", "--step", "3"], environment: utf8)
        #expect(run.status == 0)
        #expect(!run.stdout.contains("\u{1B}"))
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 30)
        #expect(lines[0].contains("BUGGY  grad ="))
        #expect(run.stdout.contains("OVERWRITTEN: lost -6.0000"))
    }

    @Test func frameMatchesTheRequestedSizeEngineAndGlyphs() throws {
        let run = try Binary.run(["frame", "two-paths", "--engine", "fixed", "--width", "120", "--height", "40", "--ascii"],
                                 environment: utf8)
        #expect(run.status == 0)
        #expect(run.stdout.split(separator: "\n", omittingEmptySubsequences: false).count == 41)
        #expect(run.stdout.contains("FIXED  grad +="))
        #expect(run.stdout.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func aNonUTF8LocaleGetsASCII() throws {
        let run = try Binary.run(["frame"], environment: ["LANG": "C", "LC_ALL": "C"])
        #expect(run.status == 0)
        #expect(run.stdout.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func colourOnlyWhenAsked() throws {
        let always = try Binary.run(["frame", "--color", "always"], environment: utf8)
        #expect(always.stdout.contains("\u{1B}["))
        let never = try Binary.run(["frame", "--color", "never"], environment: utf8)
        #expect(!never.stdout.contains("\u{1B}"))
    }

    @Test func badStepsAndSizesAreClearErrors() throws {
        let past = try Binary.run(["frame", "--step", "99"], environment: utf8)
        #expect(past.status != 0)
        #expect(past.stderr.contains("--step 99 is past the end: this graph has steps 0 to 5"))
    }

    @Test func layoutJSONHasEveryNodeAndOneEdgePerOperandSlot() throws {
        let run = try Binary.run(["layout", "a-plus-a", "--format", "json"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let nodes = try #require(object["nodes"] as? [[String: Int]])
        let edges = try #require(object["edges"] as? [[String: Any]])
        #expect(nodes.count == 2)
        #expect(edges.count == 2)
        #expect(edges.map { $0["slot"] as? Int } == [0, 1])
        let points = try #require(edges[0]["points"] as? [[Int]])
        #expect(points.first == [nodes[0]["x"]! + nodes[0]["w"]!, 2])
        #expect((object["width"] as? Int ?? 0) >= nodes[1]["x"]! + nodes[1]["w"]!)
    }
}

/// Runs the `gradstep` built beside the test bundle.
enum Binary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The folder of the test bundle holds the built executables.
    static var url: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On Linux the test runner may be inside the .xctest bundle path itself.
        while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("gradstep").path),
              folder.pathComponents.count > 1 {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("gradstep")
    }

    /// Runs gradstep with `arguments`, `input` on its standard input (nothing when nil).
    static func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = try temporaryFile(""), err = try temporaryFile("")
        let stdin = try input.map { try temporaryFile($0) }
        defer { for file in [out, err] + (stdin.map { [$0] } ?? []) { remove(file) } }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        process.standardInput = try stdin.map { try FileHandle(forReadingFrom: URL(fileURLWithPath: $0)) } ?? FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: try String(contentsOfFile: out, encoding: .utf8),
                      stderr: try String(contentsOfFile: err, encoding: .utf8))
    }

    /// Runs another program (`python3`, `chromium`) with `arguments`, its standard error
    /// dropped: its exit status and standard output.
    static func runTool(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = try temporaryFile("")
        defer { remove(out) }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOfFile: out, encoding: .utf8))
    }

    /// Deletes a file `temporaryFile` made: every test cleans up after itself.
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// A new file holding `text`; its path. The caller removes it (`defer { Binary.remove(file) }`).
    static func temporaryFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gradstep-test-\(UUID().uuidString).py").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
