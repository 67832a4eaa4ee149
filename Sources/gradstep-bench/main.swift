import Autograd
import Export
import Foundation
import Script

// gradstep-bench: times the core pipeline on generated MLP graphs and prints a table.
// Each size runs in a child process of its own, so the peak memory column is that size's alone.
//
//   swift run -c release gradstep-bench           all sizes
//   swift run -c release gradstep-bench core N    one size (N = 0, 1, 2), one table row

/// Seconds spent in `body`, best of `repeats` runs, and its last result.
func time<T>(repeats: Int = 3, _ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
    var best = Double.infinity
    var result: T?
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        result = try body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return (best, result!)
}

/// Peak resident memory of this process, in MB.
func peakMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // Linux reports kilobytes
}

/// Writes a line straight to standard output: parent and children share it, so nothing may wait in a buffer.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func ms(_ seconds: Double) -> String { String(format: "%8.1f", seconds * 1000) }

func coreRow(_ config: MLPScript) throws -> String {
    let text = config.text()
    let bytes = Array(text.utf8)
    let (parse, script) = try time { try ScriptLoader.load(bytes: bytes, name: "mlp") }
    let (topo, _) = time { script.graph.topologicalOrder(from: script.root, order: .label) }
    let (fixed, _) = time { Trace(graph: script.graph, root: script.root, engine: .fixed) }
    let (buggy, _) = time { Trace(graph: script.graph, root: script.root, engine: .buggy) }
    let (numeric, _) = time(repeats: 1) { script.graph.numericGradients(of: script.root) }
    let total = parse + buggy + numeric
    return String(format: "%7d %9d", script.graph.count, bytes.count)
        + "  \(ms(parse))  \(ms(topo))  \(ms(fixed))  \(ms(buggy))  \(ms(numeric))  \(ms(total))"
        + String(format: "  %7.1f", peakMegabytes())
}

let arguments = CommandLine.arguments
if arguments.count == 3, arguments[1] == "core", let index = Int(arguments[2]), MLPScript.sizes.indices.contains(index) {
    say(try coreRow(MLPScript.sizes[index]))
} else {
    say("core: parse, topological sort and trace recording (ms, best of 3; numeric gradients once)")
    say(" values     bytes     parse      topo  trace +=   trace =   numeric     total  peak MB")
    for index in MLPScript.sizes.indices {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: arguments[0])
        child.arguments = ["core", String(index)]
        try child.run()
        child.waitUntilExit()
    }
}
