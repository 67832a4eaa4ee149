import Debugger
import Foundation
import Script

// The microgpt rows of gradstep-bench, and the first frame of any saved graph.

/// Seconds from nothing to the first 200x60 frame of a saved file, as `gradstep FILE` makes it:
/// read, load, fit the zoom, compose.
func firstFrame(of file: URL) throws -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    let bytes = [UInt8](try Data(contentsOf: file))
    let script = try SavedGraph.load(bytes: bytes, name: file.lastPathComponent)
    var state = DebuggerState(script: script, engine: .buggy, zoom: .normal, glyphs: .unicode)
    state.resize(to: Screen.panes(state, width: 200, height: 60))
    state.fitZoomToScreen(Screen.panes(state))
    _ = Screen.render(state, width: 200, height: 60)
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Milliseconds per step of the program stepping a saved file folded at 200x60 (`n` then a
/// frame), over `count` steps from each of `starts`; the most of any start's mean.
func foldedStepMilliseconds(of file: URL, from starts: [Int], count: Int = 20) throws -> Double {
    let script = try SavedGraph.load(bytes: [UInt8](try Data(contentsOf: file)), name: file.lastPathComponent)
    var state = DebuggerState(script: script, engine: .buggy, zoom: .normal, glyphs: .unicode)
    let panes = Screen.panes(state, width: 200, height: 60)
    state.resize(to: panes)
    state.setFolded(true)
    var worst = 0.0
    for start in starts {
        state.apply(.goToStep(start), on: panes)
        _ = Screen.render(state, width: 200, height: 60)
        let begin = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<count {
            state.apply(.step, on: panes)
            _ = Screen.render(state, width: 200, height: 60)
        }
        worst = max(worst, Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e6 / Double(count))
    }
    return worst
}

/// The tests' microgpt-shaped model at the benchmark's sizes: (n_embd, documents) of one step.
let microgptSizes = [(16, 1), (32, 1), (32, 4)]

/// One training step of the microgpt-shaped model: Python's own times (the plain forward,
/// forward + backward, the forward inside `recording()`, `save`), then gradstep's on the file:
/// read, and the first 200x60 frame, with the peak memory to there.
func microgptRow(_ size: (embd: Int, documents: Int)) throws -> String {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("gradstep-bench-microgpt-\(getpid()).json")
    defer { try? FileManager.default.removeItem(at: file) }
    let python = Process()
    python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    python.arguments = ["python3", repository.appendingPathComponent("Scripts/bench_microgpt.py").path,
                        String(size.embd), String(size.documents), file.path]
    let pipe = Pipe()
    python.standardOutput = pipe
    try python.run()
    let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    python.waitUntilExit()
    let fields = printed.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    guard python.terminationStatus == 0, fields.count == 6 else { return "microgpt \(size): python3 failed: \(printed)" }
    let (forward, both, recorded, save) = (fields[1], fields[2], fields[3], fields[4])
    let first = try firstFrame(of: file)
    return String(format: "%6d %4d %8d %7.1f  %7.0f %7.0f %7.0f (%3.1fx) %7.0f (%3.1fx)  %8.0f (%3.2fx)  %7.1f",
                  size.embd, size.documents, Int(fields[0]), fields[5] / 1e6, forward * 1000, both * 1000,
                  recorded * 1000, recorded / forward, save * 1000, save / both, first * 1000, first / both, peakMegabytes())
}
