import Autograd
import Demos
import Foundation
import Testing

/// `trace --topo`: build_topo's search, checked event for event against a depth-first search
/// written here, from the graph `trace --format json` gives.
@Suite struct TopoSearchCLITests {
    struct Value {
        var label: String
        var children: [Int]
    }

    struct Event: Equatable, CustomStringConvertible {
        var kind: String, node: Int, depth: Int
        var description: String { "\(kind) \(node) @\(depth)" }
    }

    /// The values and root of `source` (a demo, or a script on standard input with "-").
    static func graph(_ source: String, input: String? = nil) throws -> (values: [Value], root: Int) {
        let run = try Binary.run(["trace", source, "--format", "json"], input: input)
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let nodes = try #require(object["nodes"] as? [[String: Any]])
        let values = nodes.map { Value(label: $0["label"] as? String ?? "", children: $0["children"] as? [Int] ?? []) }
        return (values, try #require(object["root"] as? Int))
    }

    /// The lecture's build_topo, recursive as the lecture writes it: `for child in v._prev`
    /// with `_prev` a set (each operand once), sorted by label (Python compares code points,
    /// and a stable sort keeps ties in operand order), in operand order, or shuffled at each
    /// visit by the seeded generator.
    static func search(_ values: [Value], root: Int, order: String, seed: UInt64 = 1) -> [Event] {
        var events: [Event] = [], visited: Set<Int> = []
        var generator = SeededGenerator(seed: seed)
        func buildTopo(_ v: Int, _ depth: Int) {
            guard !visited.contains(v) else { return events.append(Event(kind: "skip", node: v, depth: depth)) }
            visited.insert(v)
            events.append(Event(kind: "visit", node: v, depth: depth))
            var prev: [Int] = []
            for child in values[v].children where !prev.contains(child) { prev.append(child) }
            switch order {
            case "label":
                prev = prev.enumerated().sorted { l, r in
                    let a = Array(values[l.element].label.unicodeScalars.map(\.value)), b = Array(values[r.element].label.unicodeScalars.map(\.value))
                    return a == b ? l.offset < r.offset : a.lexicographicallyPrecedes(b)
                }.map(\.element)
            case "random": prev.shuffle(using: &generator)
            default: break
            }
            for child in prev { buildTopo(child, depth + 1) }
            events.append(Event(kind: "append", node: v, depth: depth))
        }
        buildTopo(root, 0)
        return events
    }

    /// The search `trace --topo --format json` prints, and its topo and order.
    static func printed(_ source: String, _ flags: [String], input: String? = nil) throws -> (events: [Event], topo: [Int], object: [String: Any]) {
        let run = try Binary.run(["trace", source, "--topo", "--format", "json"] + flags, input: input)
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let events = try #require(object["events"] as? [[String: Any]]).map {
            Event(kind: $0["kind"] as? String ?? "", node: $0["node"] as? Int ?? -1, depth: $0["depth"] as? Int ?? -1)
        }
        return (events, try #require(object["topo"] as? [Int]), object)
    }

    /// Checks every order of `source` against the search written here, and the pass's own topo.
    static func check(_ source: String, input: String? = nil) throws {
        let (values, root) = try graph(source, input: input)
        for (order, seed) in [("label", UInt64(1)), ("operand", 1), ("random", 1), ("random", 7)] {
            let flags = ["--order", order] + (order == "random" ? ["--seed", String(seed)] : [])
            let (events, topo, object) = try printed(source, flags, input: input)
            let expected = search(values, root: root, order: order, seed: seed)
            #expect(events == expected, "\(source) \(flags)")
            #expect(topo == expected.filter { $0.kind == "append" }.map(\.node) && topo.last == root)
            #expect(object["order"] as? String == order && (order == "random" ? object["seed"] as? Int == Int(seed) : object["seed"] is NSNull))
            // The topo the search ends with is the one the pass walks backwards.
            let pass = try Binary.run(["trace", source, "--format", "json"] + flags, input: input)
            let passObject = try #require(try JSONSerialization.jsonObject(with: Data(pass.stdout.utf8)) as? [String: Any])
            #expect(passObject["topo"] as? [Int] == topo)
        }
    }

    @Test(arguments: Demo.all.map(\.name)) func eachDemosSearchIsBuildTopoEventForEvent(_ demo: String) throws {
        try Self.check(demo)
    }

    @Test func generatedGraphsSearchAsBuildTopoDoes() throws {
        var generator = SeededGenerator(seed: 2026)
        for _ in 0..<12 {
            // Labels from a small set, so ties are sorted by operand order; repeats like `a + a`; several roots joined.
            let leaves = Int.random(in: 1...4, using: &generator)
            var lines = (0..<leaves).map { "v\($0) = Value(\(Double($0) + 1.5), label='\(["a", "b", "B", "é"].randomElement(using: &generator)!)')" }
            let count = leaves + Int.random(in: 1...14, using: &generator)
            for v in leaves..<count {
                let x = Int.random(in: 0..<v, using: &generator), y = Bool.random(using: &generator) ? x : Int.random(in: 0..<v, using: &generator)
                let op = ["+", "*"].randomElement(using: &generator)!
                lines.append("v\(v) = v\(x) \(op) v\(y); v\(v).label = '\(["c", "d", "", "c2", "Z"].randomElement(using: &generator)!)'")
            }
            lines.append("out = " + (0..<count).map { "v\($0)" }.joined(separator: " + "))
            lines.append("out.backward()")
            try Self.check("-", input: lines.joined(separator: "\n") + "\n")
        }
    }

    @Test func theTextSaysWhatEachEventDoesAndWhatTheOrderLosesUnderOverwrite() throws {
        let run = try Binary.run(["trace", "two-paths", "--topo"])
        #expect(run.status == 0)
        #expect(run.stdout.contains(" 9  skip        build_topo(a)   already visited: returns"), "\(run.stdout)")
        #expect(run.stdout.contains("topo = [a, b, d, e, f]"))
        #expect(run.stdout.contains("a's and b's last writes come through d, so what comes through e is thrown away."))
        let plus = try Binary.run(["trace", "a-plus-a", "--topo"])
        #expect(plus.stdout.contains("writes a.grad twice, and only its last write is kept"), "\(plus.stdout)")
    }

    @Test func frameAndRecordShowTheSearchBeforeThePass() throws {
        let frame = try Binary.run(["frame", "two-paths", "--topo", "--step", "3", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(frame.stdout.utf8)) as? [String: Any])
        #expect((object["search"] as? [String: Any])?["event"] as? Int == 3 && (object["search"] as? [String: Any])?["events"] as? Int == 12)
        let past = try Binary.run(["frame", "two-paths", "--topo", "--step", "13"])
        #expect(past.status == 64 && past.stderr.contains("events 0 to 12"), "\(past.stderr)")
        // record --topo: the 13 frames of the search (0 to 12 events), then the pass's 6 steps.
        let cast = try Binary.run(["record", "two-paths", "--topo", "--width", "80", "--height", "24"])
        #expect(cast.status == 0)
        let frames = cast.stdout.split(separator: "\n").dropFirst().filter { $0.hasPrefix("[") && $0.contains("gradstep") }
        let searching = frames.filter { $0.contains("build_topo ") && $0.contains("/12") }
        #expect(searching.count == 13 && frames.count >= 13 + 6, "\(frames.count) frames, \(searching.count) in the search")
        #expect(frames.first?.contains("build_topo 0/12") == true && frames.last?.contains("step 5/5") == true)
    }

    @Test func aPassWrittenByHandHasNoSearchToShow() throws {
        let script = "a = Value(2.0, label='a')\nb = a * a; b.label = 'b'\nb.grad = 1.0\nb._backward()\n"
        for flags in [["--order", "script"], []] {
            let run = try Binary.run(["trace", "-", "--topo"] + flags, input: script)
            #expect(run.status == 64 && run.stderr.contains("there is no search to show") && run.stdout.isEmpty, "\(flags) \(run.stderr)")
        }
        let frame = try Binary.run(["frame", "-", "--topo"], input: script)
        #expect(frame.status == 64 && frame.stderr.contains("there is no search to show"))
    }
}
