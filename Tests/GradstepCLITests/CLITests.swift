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

    @Test func noArgumentsRunsTheDefaultDemo() throws {
        let run = try Binary.run([])
        #expect(run.status == 0)
        #expect(run.stdout.contains("two-paths"))
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

    @Test func demosListsEveryDemo() throws {
        let run = try Binary.run(["demos"])
        #expect(run.status == 0)
        for name in ["two-paths", "a-plus-a", "neuron", "sanity-check", "more-ops", "layer"] {
            #expect(run.stdout.contains(name))
        }
    }

    @Test func scriptErrorsExitNonZeroWithFileLineColumn() throws {
        let file = try Binary.temporaryFile("a = Value(1.0)\nb = a ** a\n")
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
        #expect(run.stderr.contains("sloppy"))
        let seed = try Binary.run(["trace", "--seed", "3"])
        #expect(seed.status != 0)
        #expect(seed.stderr.contains("--seed applies only to --order random"))
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

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let out = try temporaryFile(""), err = try temporaryFile("")
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: try String(contentsOfFile: out, encoding: .utf8),
                      stderr: try String(contentsOfFile: err, encoding: .utf8))
    }

    /// A new file holding `text`; its path.
    static func temporaryFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gradstep-test-\(UUID().uuidString).py").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
