import Foundation
import Testing
@testable import Autograd
import BenchmarkGraphs
import Canvas
@testable import Debugger
import Demos
import Layout
import Script

/// The step pane says the same words on every screen: what it shows at 200x60, it shows whole
/// at 100x30 and 80x24, wrapped or with the graph giving up rows, never cut.
@Suite struct WholeStepPaneTests {
    static let sizes = [(80, 24), (100, 30)]

    /// The words the step pane has on screen at `width` × `height`, in order, read from the
    /// drawn screen; and the words of every row it has, shown or not.
    /// `drawn`: from the whole screen as rendered; else from the pane's rows that fit (quicker,
    /// for the big graphs: the pane draws just those).
    static func words(_ state: DebuggerState, _ width: Int, _ height: Int, drawn: Bool = true) -> (shown: [String], all: [String], rows: [String]) {
        let panes = Screen.panes(state, width: width, height: height)
        let all = StepPane(state: state).lines(width: width).rows.map { $0.map(\.0).joined() }
        let rows = drawn ? Array(Screen.render(state, width: width, height: height).lines[panes.step.y..<panes.step.maxY])
            : Array(all.prefix(panes.step.height))
        func words(_ rows: [String]) -> [String] { rows.flatMap { $0.split(separator: " ").map(String.init) } }
        return (words(rows), words(all), rows)
    }

    /// Each name with a space in it (`(e + 1)`) that the pane says is whole on one of its rows.
    static func expectNamesWhole(_ state: DebuggerState, _ rows: [String], _ context: String) {
        let text = rows.joined(separator: " ").split(separator: " ").joined(separator: " ")
        for id in state.graph.nodes.indices {
            let name = state.graph.reference(id)
            guard name.contains(" "), text.contains(name) else { continue }
            #expect(rows.contains { $0.contains(name) }, "\(context): \(name) is split across rows")
        }
    }

    /// Every step's words, with all its writes made, and the pass's end, at each size.
    static func check(_ script: LoadedScript, engines: [Engine], drawn: Bool = true, _ name: String) {
        for engine in engines {
            var state = DebuggerState(script: script, engine: engine, order: engine == .yours ? .yours : .label)
            let count = state.trace.steps.count
            for k in Array(0..<count) + [count] {
                if k == count {
                    state.move(to: Cursor(step: count - 1, applied: state.trace.writes(of: count - 1).count))
                    state.apply(.step)
                } else {
                    state.move(to: Cursor(step: k, applied: state.trace.writes(of: k).count))
                }
                let big = words(state, 200, 60, drawn: drawn)
                #expect(big.shown == big.all, "\(name) \(engine) step \(k): cut at 200x60")
                for (width, height) in sizes {
                    let small = words(state, width, height, drawn: drawn)
                    expectNamesWhole(state, small.rows, "\(name) \(engine) step \(k) at \(width)x\(height)")
                    if small.shown != big.shown {
                        Issue.record("\(name) \(engine) step \(k) at \(width)x\(height) shows \(small.shown.joined(separator: " ")); at 200x60: \(big.shown.joined(separator: " "))")
                        return
                    }
                }
            }
        }
    }

    @Test(arguments: Demo.all.map(\.name))
    func everyStepOfEveryDemo(_ name: String) throws {
        let script = try ScriptLoader.load(source: Demo.named(name)!.source, name: name)
        Self.check(script, engines: [.buggy, .fixed], name)
    }

    @Test(arguments: [MLPScript(inputs: 3, layers: [4, 1], batch: 2), MLPScript.sizes[0]])
    func everyStepOfTheBenchmarkMLPs(_ mlp: MLPScript) throws {
        let script = try ScriptLoader.load(source: mlp.text(), name: "mlp.py")
        Self.check(script, engines: [.buggy, .fixed], drawn: false, "mlp of \(script.graph.count)")
    }

    @Test func longNamesAtEighty() throws {
        let script = try ScriptLoader.load(source: """
            a = Value(-2.0, label='learning_rate_scaled_input'); b = Value(3.0, label='momentum_weighted_bias_term')
            d = a * b; d.label = 'product_of_rate_and_bias'; e = a + b; e.label = 'sum_of_rate_and_bias_terms'
            f = d * e; f.label = 'final_loss_value'
            f.backward()
            """, name: "long.py")
        Self.check(script, engines: [.buggy, .fixed], "long names")
    }

    /// f = e * c, c = a + b, with the learner's `_backward()` for `*` writing a wrong e.grad.
    static func wrongMultiply() -> LoadedScript {
        learnersPassOverETimesAPlusB("wrong.json") { a, b, c, e, f in [
            .init(node: f, outGrad: 1, changes: [.init(target: e, before: 0, after: 99), .init(target: c, before: 0, after: 5)]),
            .init(node: c, outGrad: 5, changes: [.init(target: a, before: 0, after: 5), .init(target: b, before: 0, after: 5)]),
            .init(node: e, outGrad: 99, changes: []),
            .init(node: b, outGrad: 5, changes: []),
            .init(node: a, outGrad: 5, changes: []),
        ] }
    }

    @Test func theYoursVerdictNamingTheFaultyOpIsWhole() throws {
        let script = Self.wrongMultiply()
        let state = DebuggerState(script: script, engine: .yours, order: .yours, step: 1)
        #expect(StepPane(state: state).narration()?.contains("your _backward() for '*' disagrees with the chain rule") == true)
        Self.check(script, engines: [.yours], "wrong multiply")
    }

    @Test func aSentenceBreaksBetweenWordsNeverInsideANameOrASum() {
        let words = StepLines.words("the -0.1 that came through (e + 1) is lost; under += e.grad would be -0.1 + 0.2 = 0.1.", fitting: 60)
        #expect(words == ["the ", "-0.1 ", "that ", "came ", "through ", "(e + 1) ", "is ", "lost; ", "under += e.grad ", "would ", "be ", "-0.1 + 0.2 = 0.1."])
        #expect(StepLines.words("be 0.0038 - 0.0022 ≈ 0.0015 and", fitting: 60) == ["be ", "0.0038 - 0.0022 ≈ 0.0015 ", "and"])
    }
}
