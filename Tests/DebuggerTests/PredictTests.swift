import Foundation
import Testing
@testable import Autograd
@testable import Canvas
@testable import Debugger
@testable import Demos
@testable import Script

/// Predict mode, for a class: each step's writes are hidden as `?` until revealed.
@Suite struct PredictTests {
    @Test(arguments: ["two-paths", "a-plus-a", "neuron", "layer"])
    func eachStepHidesExactlyTheGradsItWrites(_ demo: String) throws {
        let script = try ScriptLoader.load(source: Demo.named(demo)!.source, name: demo)
        for k in 0...(script.graph.count) {
            var state = DebuggerState(script: script, engine: .buggy, zoom: .normal, step: k)
            state.resize(width: 140, height: 44)
            state.predictFromHere()
            let written = Set(state.trace.writes(of: k).map(\.target))
            #expect(state.hidden == written, "\(demo) step \(k)")

            // On screen: the grad row of exactly those boxes reads `?`; the others keep their number.
            let json = try #require(try JSONSerialization.jsonObject(with: Data(FrameJSON.render(state, width: 140, height: 44).utf8)) as? [String: Any])
            let rows = try #require(json["rows"] as? [String]).map { Array($0) }
            let pane = try #require((json["panes"] as? [String: Any])?["graph"] as? [String: Int])
            for box in try #require(json["boxes"] as? [[String: Int]]) {
                let (x, y, w, h) = (box["x"]!, box["y"]!, box["w"]!, box["h"]!)
                // Only boxes drawn whole: one cut by the pane's edge may have lost its grad row.
                guard x >= pane["x"]!, y >= pane["y"]!, x + w <= pane["x"]! + pane["w"]!, y + h <= pane["y"]! + pane["h"]! else { continue }
                let inside = (y..<(y + h)).map { String(rows[$0][max(0, x)..<min(rows[$0].count, x + w)]) }
                let gradRow = try #require(inside.first { $0.contains("grad") }, "\(demo) box \(box["id"]!)")
                #expect(gradRow.contains("?") == written.contains(box["id"]!), "\(demo) step \(k) box \(box["id"]!): \(gradRow)")
                #expect(!inside.contains { $0.contains("data") && $0.contains("?") }, "data is never hidden")
            }
            // In the step pane: one `→ ?` per write, and the question instead of the story.
            let screen = rows.map { String($0) }.joined(separator: "\n")
            #expect(screen.components(separatedBy: "→ ?").count - 1 == state.trace.writes(of: k).count)
            #expect(screen.contains("Predict: what") || written.isEmpty)
            #expect(!screen.contains("OVERWRITTEN"))
            #expect(!screen.contains("Done:") || written.isEmpty, "the verdict waits for the reveal")
        }
    }

    @Test func nRevealsThenStepsAndBackShowsEverything() throws {
        let script = try ScriptLoader.load(source: Demo.standard.source, name: "two-paths")
        var state = DebuggerState(script: script, engine: .buggy)
        state.apply(.togglePredict)
        #expect(state.predicting && state.hidden.isEmpty, "turning it on hides nothing already shown")
        state.apply(KeyMap.action(for: .character("n"), in: state))
        #expect(state.cursor.step == 1 && state.hidden == [3, 2].reduce(into: Set<NodeID>()) { $0.insert($1) })
        state.apply(KeyMap.action(for: .character("n"), in: state))
        #expect(state.cursor.step == 1 && state.hidden.isEmpty, "the first n reveals")
        state.apply(KeyMap.action(for: .character("n"), in: state))
        #expect(state.cursor.step == 2 && !state.hidden.isEmpty)
        state.apply(KeyMap.action(for: .character("r"), in: state))
        #expect(state.cursor.step == 2 && state.hidden.isEmpty)
        state.apply(KeyMap.action(for: .character("n"), in: state))
        state.apply(KeyMap.action(for: .character("p"), in: state))
        #expect(state.cursor.step == 2 && state.hidden.isEmpty, "a move back shows what is there")
        state.apply(KeyMap.action(for: .character("P"), in: state))
        #expect(!state.predicting && state.message == "predict mode off")
    }
}
