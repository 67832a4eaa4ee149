import Testing
import Foundation
import Autograd
import BenchmarkGraphs
import Export
import Script
@testable import Debugger

/// The buggy engine's sentence says what `+=` makes of the very write that lost something: the
/// grad before the step plus what the step contributes, checked against a replay of the writes.
@Suite struct UnderPlusEqualsTests {
    /// `under += x1_2.grad would be 0.1991 + 0.2603 = 0.4594`: the clauses, name by name.
    private func clauses(_ sentence: String) -> [String: String] {
        guard let range = sentence.range(of: "under += ") else { return [:] }
        var result: [String: String] = [:]
        let tail = sentence[range.upperBound...].prefix { $0 != ";" }.trimmingCharacters(in: ["."])
        for clause in tail.components(separatedBy: " and ") {
            let words = clause.replacingOccurrences(of: " would be", with: "").split(separator: " ", maxSplits: 1)
            result[String(words[0])] = String(words[1])
        }
        return result
    }

    /// `0.1991 + 0.2603 = 0.4594` (or `≈`, where the rounded numbers do not add up) as its
    /// signed terms, its total, and whether it says `=`.
    static func sum(_ clause: String) -> (terms: [Decimal], total: Decimal, exact: Bool)? {
        let exact = clause.contains(" = ")
        let sides = clause.components(separatedBy: exact ? " = " : " ≈ ")
        guard sides.count == 2, let total = Decimal(string: sides[1]) else { return nil }
        var terms: [Decimal] = [], sign: Decimal = 1
        for word in sides[0].split(separator: " ") {
            switch word {
            case "+": sign = 1
            case "-": sign = -1
            default:
                guard let value = Decimal(string: String(word)) else { return nil }
                terms.append(sign * value)
            }
        }
        return (terms, total, exact)
    }

    @Test(arguments: [MLPScript(inputs: 3, layers: [4, 1], batch: 2), MLPScript.sizes[0]])
    func theNumberIsTheGradBeforeTheStepPlusItsContributions(_ mlp: MLPScript) throws {
        let script = try ScriptLoader.load(source: mlp.text(), name: "mlp.py")
        let state = DebuggerState(script: script, engine: .buggy)
        let graph = state.graph, trace = state.trace
        let narrator = Narrator(graph, trace)
        var grads = [Double](repeating: 0, count: graph.count)
        var overwrites = 0
        for k in trace.steps.indices {
            let writes = trace.writes(of: k)
            let before = grads
            var contributed: [NodeID: [Double]] = [:]
            for write in writes {
                contributed[write.target, default: []].append(write.contribution)
                grads[write.target] = write.after
            }
            guard k > 0, let sentence = narrator.sentence(step: k, writes: writes, verdict: state.verdict) else { continue }
            let said = clauses(sentence)
            for (target, parts) in contributed {
                let name = graph.reference(target) + ".grad"
                let lostHere = writes.contains { $0.target == target && $0.lost != nil }
                guard lostHere else {
                    // A write that only sets a zero grad has no "under +=" clause.
                    #expect(said[name] == nil, "step \(k): \(sentence)")
                    continue
                }
                overwrites += 1
                let total = ([before[target]] + parts).reduce(0, +)
                let clause = try #require(said[name], "step \(k): \(sentence)")
                let (terms, shownTotal, exact) = try #require(Self.sum(clause), "step \(k): \(clause)")
                // The numbers shown add up (`=`), or say they are rounded (`≈`) and are off by rounding
                // alone; and each is the true one, to the four decimals written.
                let off = abs(Double(truncating: (terms.reduce(0, +) - shownTotal) as NSDecimalNumber))
                #expect(exact ? off == 0 : off > 0 && off <= Double(terms.count) * 0.00005 + 0.00005, "step \(k): \(clause)")
                let tolerance = 0.000051
                #expect(abs(Double(truncating: shownTotal as NSDecimalNumber) - total) <= tolerance, "step \(k): \(clause) is not \(total)")
                if before[target] != 0 || terms.count == parts.count + 1 {
                    #expect(abs(Double(truncating: terms[0] as NSDecimalNumber) - before[target]) <= tolerance, "step \(k): \(clause)")
                }
            }
        }
        #expect(overwrites > 10)
    }

    @Test func theFixedPassBesideIsNamedAsSuchWithWhyItDiffers() throws {
        let script = try ScriptLoader.load(source: MLPScript(inputs: 3, layers: [4, 1], batch: 2).text(), name: "mlp.py")
        var state = DebuggerState(script: script, engine: .buggy)
        state.apply(.toggleCompare, on: Screen.panes(state, width: 200, height: 60))
        let narrator = Narrator(state.graph, state.trace)
        var differing = 0
        for k in 1..<state.trace.steps.count {
            state.move(to: Cursor(step: k, applied: state.trace.writes(of: k).count))
            guard let told = StepPane(state: state).narration() else { continue }
            let plain = narrator.sentence(step: k, writes: state.trace.writes(of: k), verdict: state.verdict) ?? ""
            if told != plain {
                differing += 1
                #expect(told.hasPrefix(String(plain.dropLast())), "step \(k)")
                #expect(told.contains("the fixed pass beside has ") && told.contains(", as "), "step \(k): \(told)")
            }
        }
        #expect(differing > 0)
    }

    /// a feeds p, q and r; s = p + q; f = s + r. Under = the 4 through q is lost at step 5, so at
    /// step 7 the fixed pass has 3 + 4 + 5 = 12 where += of this write makes 3 + 5: every grad
    /// passed down is 1.0 in both passes, and the reason is the earlier loss.
    @Test func theReasonGivenIsTheOneThatHolds() throws {
        let script = try ScriptLoader.load(source: """
            a = Value(2.0, label='a')
            p = a * 3.0; p.label = 'p'
            q = a * 4.0; q.label = 'q'
            r = a * 5.0; r.label = 'r'
            s = p + q; s.label = 's'
            f = s + r; f.label = 'f'
            f.backward()
            """, name: "three.py")
        var state = DebuggerState(script: script, engine: .buggy)
        state.apply(.toggleCompare, on: Screen.panes(state, width: 100, height: 30))
        var reasons: [String] = []
        for k in 1..<state.trace.steps.count {
            state.move(to: Cursor(step: k, applied: state.trace.writes(of: k).count))
            if let told = StepPane(state: state).narration(), let range = told.range(of: ", as ") { reasons.append(String(told[range.upperBound...])) }
        }
        #expect(reasons == ["it kept what this pass lost at earlier steps."], "\(reasons)")
    }
}
