import BenchmarkGraphs
import Foundation
import Testing
@testable import Autograd
@testable import Canvas
@testable import Debugger
@testable import Demos
@testable import Script

/// The screen's promises, read from `frame --format json` at every step: the work is in view,
/// small graphs are whole and centred, the gradient's path is heavy on every cell, and the topo
/// list numbers a node by the step its `_backward()` runs at.
@Suite struct FrameJSONTests {
    struct Frame: Decodable {
        struct Box: Decodable { var id, x, y, w, h: Int }
        struct Edge: Decodable { var from, to, slot: Int; var active: Bool; var cells: [[Int]] }
        struct Pane: Decodable { var x, y, w, h: Int }
        struct Panes: Decodable { var graph: Pane; var topo: Pane?; var step: Pane }
        var width, height, step, steps: Int
        var zoom, view: String
        var rows: [String]
        var panes: Panes
        var boxes: [Box]
        var edges: [Edge]

        /// The character in cell (x, y) (the frames checked here hold no wide characters).
        func glyph(_ x: Int, _ y: Int) -> Character { Array(rows[y])[x] }
    }

    static let sizes = [(80, 24), (100, 30), (120, 40), (200, 60)]

    static func frame(_ state: DebuggerState, _ width: Int, _ height: Int) throws -> Frame {
        try JSONDecoder().decode(Frame.self, from: Data(FrameJSON.render(state, width: width, height: height).utf8))
    }

    static func fitted(_ script: LoadedScript, width: Int, height: Int, glyphs: Glyphs = .unicode) -> DebuggerState {
        var state = DebuggerState(script: script, engine: .buggy, order: script.defaultOrder, glyphs: glyphs)
        state.resize(width: width, height: height)
        state.fitZoomToScreen()
        return state
    }

    /// The sides of each box-drawing character: 0 none, 1 light, 2 heavy, as (up, down, left, right).
    static let weights: [Character: [Int]] = {
        let table = Array(" ╵╹╷│╿╻╽┃╴┘┚┐┤┦┒┧┨╸┙┛┑┥┩┓┪┫╶└┖┌├┞┎┟┠─┴┸┬┼╀┰╁╂╾┵┹┭┽╃┱╅╉╺┕┗┍┝┡┏┢┣╼┶┺┮┾╄┲╆╊━┷┻┯┿╇┳╈╋")
        var out: [Character: [Int]] = [:]
        for (i, c) in table.enumerated() { out[c] = [i % 3, i / 3 % 3, i / 9 % 3, i / 27 % 3] }
        return out
    }()

    /// Checks one frame of `state` (at its cursor) against everything the screen promises.
    static func check(_ state: DebuggerState, _ width: Int, _ height: Int, whole: Bool, _ what: String) throws {
        let f = try frame(state, width, height)
        let pane = f.panes.graph
        let where_ = "\(what) \(width)x\(height) step \(f.step)"
        // The running node and every operand it writes to, wholly inside the graph pane.
        for id in Scene.work(state) {
            guard let box = f.boxes.first(where: { $0.id == id }) else {
                Issue.record("\(where_): node \(id) is not drawn (\(f.view))")
                continue
            }
            #expect(box.x >= pane.x && box.y >= pane.y && box.x + box.w <= pane.x + pane.w && box.y + box.h <= pane.y + pane.h,
                    "\(where_): node \(id) at \(box) is not wholly in the pane \(pane) (\(f.view))")
        }
        // Whole and centred.
        if whole {
            #expect(f.view == "whole", "\(where_): not whole (\(f.zoom))")
            #expect(Set(f.boxes.map(\.id)) == Set(state.graph.nodes.indices), "\(where_): not every value is drawn")
            let xs = f.boxes.flatMap { [$0.x, $0.x + $0.w] } + f.edges.flatMap { $0.cells.flatMap { [$0[0], $0[0] + 1] } }
            let ys = f.boxes.flatMap { [$0.y, $0.y + $0.h] } + f.edges.flatMap { $0.cells.flatMap { [$0[1], $0[1] + 1] } }
            let left = xs.min()! - pane.x, right = pane.x + pane.w - xs.max()!
            let top = ys.min()! - pane.y, bottom = pane.y + pane.h - ys.max()!
            #expect(abs(left - right) <= 1 && abs(top - bottom) <= 1,
                    "\(where_): not centred: margins \(left) \(right) \(top) \(bottom)")
        }
        // Every active edge is whole in the pane, and every cell of it is heavy on the sides it runs through.
        for edge in f.edges where edge.active {
            for (a, b) in zip(edge.cells, edge.cells.dropFirst()) where abs(a[0] - b[0]) + abs(a[1] - b[1]) != 1 {
                Issue.record("\(where_): active edge \(edge.from)→\(edge.to) leaves the pane between \(a) and \(b)")
            }
            for (i, cell) in edge.cells.enumerated() {
                let glyph = f.glyph(cell[0], cell[1])
                if i == edge.cells.count - 1 {
                    #expect(glyph == "▶", "\(where_): active edge \(edge.from)→\(edge.to) ends in '\(glyph)'")
                    continue
                }
                var sides: [Int] = i == 0 ? [2] : []  // (up 0, down 1, left 2, right 3); the first joins the source box
                for j in [i - 1, i + 1] where edge.cells.indices.contains(j) {
                    let o = edge.cells[j]
                    guard abs(o[0] - cell[0]) + abs(o[1] - cell[1]) == 1 else { continue }
                    sides.append(o[0] > cell[0] ? 3 : o[0] < cell[0] ? 2 : o[1] > cell[1] ? 1 : 0)
                }
                guard let w = weights[glyph] else {
                    Issue.record("\(where_): active edge \(edge.from)→\(edge.to) has '\(glyph)' at \(cell)")
                    continue
                }
                #expect(sides.allSatisfy { w[$0] == 2 }, "\(where_): '\(glyph)' at \(cell) on \(edge.from)→\(edge.to) is not heavy on sides \(sides)")
            }
        }
        // The running node's topo row carries the step number.
        if let topo = f.panes.topo, f.step > 0 {
            let rows = f.rows[topo.y..<(topo.y + topo.h)].map { String(Array($0)[topo.x...]) }
            let current = rows.first { $0.hasPrefix("▶") }
            let number = current.flatMap { Int($0.dropFirst().split(separator: " ").first ?? "") }
            #expect(number == f.step, "\(where_): the running row reads '\(current ?? "none")'")
        }
    }

    /// Every step of `script` at every size.
    static func checkEveryStep(_ script: LoadedScript, whole: (Int, Int) -> Bool, _ what: String) throws {
        for (w, h) in sizes {
            var state = fitted(script, width: w, height: h)
            for step in 0...state.lastStep {
                state.move(to: Cursor(step: step, applied: 0).completed(in: state.trace))
                try check(state, w, h, whole: whole(w, h), what)
            }
        }
    }

    /// Which graphs must be whole: up to 5 values at 80x24, 10 at 100x30, 20 at 120x40 and more.
    static func mustBeWhole(_ count: Int, _ width: Int, _ height: Int) -> Bool {
        let limit = width >= 120 && height >= 40 ? 20 : width >= 100 && height >= 30 ? 10 : 5
        return count <= limit
    }

    @Test(arguments: Demo.all.map(\.name))
    func everyDemoAtEveryStep(_ name: String) throws {
        let script = try ScriptLoader.load(source: Demo.named(name)!.source, name: name)
        // more-ops (26 values, 12 columns deep) is too deep for 120 columns; the rest must be whole.
        let wholeAllowed = name != "more-ops"
        try Self.checkEveryStep(script, whole: { wholeAllowed && Self.mustBeWhole(script.graph.count, $0, $1) }, name)
    }

    /// A random script of `count` statements: sums, products, tanh and `x + x`, mostly of recent values.
    static func randomScript(seed: UInt64, count: Int) -> String {
        var rng = SeededGenerator(seed: seed)
        var lines = (0..<3).map { "v\($0) = Value(\(Double($0) * 0.5 - 0.5), label='v\($0)')" }
        for i in 3..<count {
            func pick() -> Int {
                Bool.random(using: &rng) ? Int.random(in: max(0, i - 4)..<i, using: &rng) : Int.random(in: 0..<i, using: &rng)
            }
            let a = pick(), b = pick()
            switch Int.random(in: 0..<6, using: &rng) {
            case 0, 1: lines.append("v\(i) = v\(a) + v\(b)")
            case 2, 3: lines.append("v\(i) = v\(a) * v\(b)")
            case 4: lines.append("v\(i) = v\(a) + v\(a)")
            default: lines.append("v\(i) = v\(a).tanh()")
            }
        }
        return lines.joined(separator: "\n") + "\nv\(count - 1).backward()\n"
    }

    @Test(arguments: [(1, 7), (2, 10), (3, 14), (4, 20), (5, 28), (6, 40), (7, 55), (8, 80)] as [(UInt64, Int)])
    func randomGraphsAtEveryStep(_ seed: UInt64, _ count: Int) throws {
        let script = try ScriptLoader.load(source: Self.randomScript(seed: seed, count: count), name: "random.py")
        try Self.checkEveryStep(script, whole: { _, _ in false }, "random \(seed)")
    }

    @Test(arguments: Demo.all.map(\.name))
    func inASCIITheGradientsPathIsHashesThatSpellNoOperator(_ name: String) throws {
        let script = try ScriptLoader.load(source: Demo.named(name)!.source, name: name)
        var state = Self.fitted(script, width: 100, height: 30, glyphs: .ascii)
        for step in 1...state.lastStep {
            state.move(to: Cursor(step: step, applied: 0).completed(in: state.trace))
            let f = try Self.frame(state, 100, 30)
            for edge in f.edges where edge.active {
                let glyphs = String(edge.cells.map { f.glyph($0[0], $0[1]) })
                #expect(glyphs.dropLast().allSatisfy { $0 == "#" } && glyphs.last == ">",
                        "\(name) step \(step): \(edge.from)→\(edge.to) reads '\(glyphs)'")
            }
        }
    }

    @Test func aPassWrittenByHandAtEveryStep() throws {
        // The lecture's manual cells, with one call out of place.
        let source = """
            x1 = Value(2.0, label='x1'); x2 = Value(0.0, label='x2'); w1 = Value(-3.0, label='w1'); w2 = Value(1.0, label='w2')
            b = Value(6.8813735870195432, label='b')
            x1w1 = x1*w1; x2w2 = x2*w2; x1w1x2w2 = x1w1 + x2w2; n = x1w1x2w2 + b; o = n.tanh()
            o.grad = 1.0
            o._backward(); x1w1x2w2._backward(); n._backward(); b._backward(); x2w2._backward(); x1w1._backward()
            """
        let script = try ScriptLoader.load(source: source, name: "manual.py")
        try Self.checkEveryStep(script, whole: { Self.mustBeWhole(script.graph.count, $0, $1) }, "manual")
    }

    @Test func theLecturesNeuronIsWholeAt100x30() throws {
        let script = try ScriptLoader.load(source: Demo.named("neuron")!.source, name: "neuron")
        let f = try Self.frame(Self.fitted(script, width: 100, height: 30), 100, 30)
        #expect(f.view == "whole" && f.boxes.count == 10)
    }

    /// The benchmark's MLPs of about 1,000 and 10,000 values, generated here (the same family as
    /// the benchmark's graphs, so a clean clone checks them too).
    @Test(arguments: [0, 1])
    func benchmarkMLPsKeepTheWorkInView(_ size: Int) throws {
        let name = "mlp-\(size).py"
        let script = try ScriptLoader.load(source: MLPScript.sizes[size].text(), name: name)
        #expect(script.graph.count > [900, 9000][size])
        for (w, h) in Self.sizes.dropFirst() {
            var state = Self.fitted(script, width: w, height: h)
            // Every step of the 1,000-value MLP at 100x30, a hundred at the larger screens; forty
            // spread over the 10,000-value one.
            let stride = size == 0 ? (w == 100 ? 1 : max(1, state.lastStep / 100)) : max(1, state.lastStep / 40)
            for step in Swift.stride(from: 0, through: state.lastStep, by: stride) {
                state.move(to: Cursor(step: step, applied: 0).completed(in: state.trace))
                try Self.check(state, w, h, whole: false, name)
            }
        }
    }
}
