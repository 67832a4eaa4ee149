import Autograd
import SafeText

/// The words for each step of a pass, made once for the step pane and for `trace` alike: what
/// kind of step it is, its headline, and the sentence that says what its writes did.
public struct Narrator {
    public let graph: Graph
    public let trace: Trace

    public init(_ graph: Graph, _ trace: Trace) {
        self.graph = graph
        self.trace = trace
    }

    /// What a step is: one of the three ways a pass starts, or a call.
    public enum Opening: Hashable, Sendable {
        /// gradstep's `root.grad = 1.0`, before its topological order.
        case rootSeed
        /// The grads a script sets by hand before its `_backward()` calls.
        case scriptSeeds
        /// The learner's `backward()` seeding the root.
        case yoursSeed
        /// A leaf's `_backward()`: nothing to do.
        case leaf
        /// A value's `_backward()`: one write per operand slot.
        case call
    }

    /// What step `k` is.
    public func opening(_ k: Int) -> Opening {
        if k > 0 { return graph[trace.steps[k].node].isLeaf ? .leaf : .call }
        switch trace.source {
        case .yours: return .yoursSeed
        case .script: return .scriptSeeds
        case .sorted, .yoursCalls: return .rootSeed
        }
    }

    /// A value's name where the sentence reads it: `a`, `(x1*w1 + x2*w2)`.
    func name(_ id: NodeID) -> String { SafeText.visible(graph.reference(id)) }

    /// `a.grad = 3.0`.
    func grad(_ id: NodeID, _ value: Double) -> String { "\(name(id)).grad = \(NumberFormat.short(value))" }

    /// `trace`'s line for step `k`: `step 3  d._backward()  d = a * b`; step 0 seeds the root.
    public func header(of k: Int) -> String {
        let id = trace.steps[k].node
        let reference = name(id)
        switch opening(k) {
        case .yoursSeed: return "step 0  your backward() sets \(reference).grad = \(NumberFormat.full(trace.writes(of: 0).first?.after ?? 0))"
        case .scriptSeeds:
            return trace.writes(of: 0).isEmpty ? "step 0  the script sets no grad: every grad starts at 0"
                : "step 0  the grads the script sets before its _backward() calls"
        case .rootSeed: return "step 0  \(reference).grad = 1.0  (seed the root)"
        case .leaf: return "step \(k)  \(reference)._backward()  leaf: writes nothing"
        case .call:
            let mark = (graph[id].op.isLearners ? "  (local derivative from your code)" : "")
                + (graph[id].operandOrderGuessed ? "  (operand order guessed)" : "")
            return "step \(k)  \(reference)._backward()  \(SafeText.visible(madeFrom(id)))" + mark
        }
    }

    /// The step pane's first line for step `k`: what runs (or how the pass starts), what the
    /// value is made of where its title does not say, and notes (`local derivative from your code`).
    public func headline(of k: Int) -> (title: String, madeOf: String?, notes: [String]) {
        let id = trace.steps[k].node
        let running = name(id)
        switch opening(k) {
        case .yoursSeed:
            return (grad(id, trace.writes(of: 0).first?.after ?? 0), nil,
                    ["your backward() seeds the root, then calls _backward() in its own order"])
        case .scriptSeeds: return ("The script's own pass", nil, ["the grads it sets, then its _backward() calls, in its order"])
        case .rootSeed: return ("\(running).grad = 1.0", nil, ["backward() seeds the root: d\(running)/d\(running) = 1"])
        case .leaf: return ("\(running)._backward()", nil, ["\(running) is a leaf: its _backward() does nothing"])
        case .call:
            // A saved graph's unlabelled value is titled by its formula: it is said once.
            let madeOf = graph.title(id) != graph.formula(id) ? "\(running) = \(SafeText.visible(graph.formula(id)))" : nil
            var notes: [String] = []
            if graph[id].op.isLearners { notes.append("local derivative from your code") }
            if graph[id].operandOrderGuessed { notes.append("operand order guessed: your class keeps them in a set") }
            return ("\(running)._backward()", madeOf, notes)
        }
    }

    /// The Python line of one of step 0's writes: the root's seed, or a grad the script or the
    /// learner's `backward()` sets.
    public func seedLine(_ write: Write) -> String {
        trace.source.writesItsOwnSeeds ? grad(write.target, write.after) : "self.grad = 1.0"
    }

    /// `d = a * b`; just `a * b` for a saved graph's unlabelled value, titled by its formula.
    func madeFrom(_ id: NodeID) -> String {
        let title = graph.title(id), formula = graph.formula(id)
        return title == formula ? formula : "\(title) = \(formula)"
    }

    /// One sentence about what step `k`'s `writes` (those made so far) did: "d._backward() set
    /// a.grad = 3.0: the -6.0 that came through e is lost; under += a.grad would be -6.0 + 3.0 = -3.0."
    /// `shownFixed`: the fixed engine's pass in the same order, where the screen shows its grads
    /// beside these, so the sentence can say why they differ.
    public func sentence(step k: Int, writes: ArraySlice<Write>, shownFixed: (() -> [Write])? = nil, verdict: Verdict) -> String? {
        let writes = Array(writes)
        let running = name(trace.steps[k].node)
        switch opening(k) {
        case .yoursSeed:
            return "Your backward() sets \(running).grad = \(NumberFormat.short(writes.last?.after ?? 0)), then calls each _backward() in the order it chose."
        case .scriptSeeds:
            let seeds = writes.map { grad($0.target, $0.after) }
            return seeds.isEmpty
                ? "The script sets no grad: every grad starts at 0, so every _backward() passes on 0."
                : "The script sets " + seeds.joined(separator: " and ") + ", then calls _backward() by hand, in the order it writes."
        case .rootSeed:
            return writes.last.map { "backward() sets \(name($0.target)).grad = 1.0, then walks the topological order backwards." }
        case .leaf: return "Nothing is written: \(running) has no operands."
        case .call:
            guard !writes.isEmpty else { return nil }
            let told = StepStory(narrator: self, step: k, writes: writes, shownFixed: shownFixed).sentence
            return early(k, verdict).map { told + " " + $0 } ?? told
        }
    }

    /// The node whose `_backward()` last wrote the same grad before write `index` of the trace
    /// (made at step `step`): where a contribution that write throws away came from.
    public func previousWriter(ofWriteAt index: Int, step: Int) -> NodeID? {
        let target = trace.writes[index].target
        var k = step
        for i in stride(from: index - 1, through: 0, by: -1) {
            while trace.steps[k].writeRange.lowerBound > i { k -= 1 }
            if trace.writes[i].target == target { return trace.steps[k].node }
        }
        return nil
    }

    /// The values through which the contributions step `k`'s `writes` (those made so far) threw
    /// away had come: "the -6.0 that came through e", each once; not the running value itself.
    public func lostThrough(step k: Int, writes: ArraySlice<Write>) -> [NodeID] {
        guard k > 0 else { return [] }
        let first = trace.steps[k].writeRange.lowerBound, running = trace.steps[k].node
        var found: [NodeID] = []
        for (i, write) in writes.enumerated() where write.lost != nil {
            if let writer = previousWriter(ofWriteAt: first + i, step: k), writer != running, !found.contains(writer) {
                found.append(writer)
            }
        }
        return found
    }

    /// For a call made too early by hand: "d._backward() ran before d.grad had its contribution
    /// from f: a.grad and b.grad miss it."
    func early(_ k: Int, _ verdict: Verdict) -> String? {
        guard trace.source.isWritten, let call = verdict.early.first(where: { $0.step == k }) else { return nil }
        var targets: [String] = []
        for operand in graph[call.node].operands where !targets.contains(name(operand) + ".grad") {
            targets.append(name(operand) + ".grad")
        }
        let running = name(call.node)
        return "\(running)._backward() ran before \(running).grad had its contribution from \(name(call.consumer)): "
            + targets.joined(separator: " and ") + " miss\(targets.count == 1 ? "es" : "") it, even under +=."
    }
}

/// The sentence for one call's writes, by engine.
struct StepStory {
    let narrator: Narrator
    let step: Int
    let writes: [Write]
    let shownFixed: (() -> [Write])?

    private var trace: Trace { narrator.trace }
    private var call: String { "\(narrator.name(trace.steps[step].node))._backward()" }
    private func target(_ w: Write) -> String { narrator.name(w.target) + ".grad" }
    private func short(_ x: Double) -> String { NumberFormat.short(x) }

    var sentence: String {
        switch trace.engine {
        case .yours: yours
        case .fixed: fixed
        case .buggy: buggy
        }
    }

    /// The learner's writes: as the chain rule, or where they part from it.
    private var yours: String {
        let wrong = writes.filter { !$0.followsChainRule }
        guard !wrong.isEmpty else {
            return "Your \(call) left " + writes.map { "\(target($0)) = \(short($0.after))" }.joined(separator: " and ")
                + ", as the chain rule (+=) does."
        }
        let parts = wrong.map { w in
            let lost = w.lost.map { " (it overwrote \(short($0)))" } ?? ""
            return "\(target(w)) = \(short(w.after))\(lost) where the chain rule makes \(NumberFormat.sum([w.before, w.contribution], equals: w.chainRule))"
        }
        let symbol = SafeText.visible(narrator.graph[trace.steps[step].node].op.symbol)
        return "Your \(call) left " + parts.joined(separator: " and ") + ": your _backward() for '\(symbol)' disagrees with the chain rule."
    }

    /// `+=`: what each write added.
    private var fixed: String {
        if writes.count == 1, let last = writes.last {
            return "\(call) added \(short(last.contribution)) to \(target(last)): "
                + NumberFormat.sum([last.before, last.contribution], equals: last.after) + "."
        }
        let parts = writes.map { w in
            "\(short(w.contribution)) to \(target(w)) (\(NumberFormat.sum([w.before, w.contribution], equals: w.after)))"
        }
        return "\(call) added " + parts.joined(separator: " and ") + "."
    }

    /// `=`: what each grad was set to, what that threw away and where it came from, and what
    /// `+=` would have made of the same grads.
    private var buggy: String {
        // One phrase per grad written, however often: `a.grad = 3.0`, `a.grad = 1.0, then 1.0`.
        var order: [NodeID] = []
        var values: [NodeID: [Double]] = [:]
        for w in writes {
            if values[w.target] == nil { order.append(w.target) }
            values[w.target, default: []].append(w.after)
        }
        let sets = order.map { id in "\(narrator.name(id)).grad = " + values[id]!.map(short).joined(separator: ", then ") }
            .joined(separator: " and ")
        let losses = self.losses
        guard !losses.isEmpty else {
            return "\(call) set \(sets); \(order.count == 1 ? "it was" : "they were") 0, so nothing is lost yet."
        }
        let lost = Set(losses.map(\.origin)).count == 1
            ? "the " + losses.map(\.value).joined(separator: " and ") + " " + losses[0].origin
            : losses.map { "the \($0.value) \($0.origin)" }.joined(separator: " and ")
        return "\(call) set \(sets): \(lost) \(losses.count == 1 ? "is" : "are") lost; \(underPlusEquals(order))."
    }

    /// Each grad a write threw away, and where it had come from.
    private var losses: [(value: String, origin: String)] {
        let first = trace.steps[step].writeRange.lowerBound
        let running = narrator.name(trace.steps[step].node)
        return writes.enumerated().compactMap { i, w in
            guard let lost = w.lost else { return nil }
            let source = narrator.previousWriter(ofWriteAt: first + i, step: step).map(narrator.name)
            let origin = source == running ? "from its other operand slot" : source.map { "that came through \($0)" } ?? "already there"
            return (short(lost), origin)
        }
    }

    /// `under += a.grad would be -6.0 + 3.0 = -3.0`: what `+=` makes of this step's writes to each
    /// grad that lost something, the grad before the step plus what the step contributes. Where
    /// the fixed pass is on screen and its grad differs, why (`FixedDifference`).
    private func underPlusEquals(_ order: [NodeID]) -> String {
        let first = trace.steps[step].writeRange.lowerBound
        var clauses: [String] = [], shown: [String] = []
        var reasons = FixedDifference()
        let fixed = shownFixed?()
        for id in order {
            let own = writes.indices.filter { writes[$0].target == id }
            guard own.contains(where: { writes[$0].lost != nil }) else { continue }
            let before = writes[own[0]].before
            // `0.0 + 1.0 + 1.0` says nothing the two contributions do not.
            let terms = (before == 0 && own.count > 1 ? [] : [before]) + own.map { writes[$0].contribution }
            let total = terms.reduce(0, +)
            clauses.append("\(narrator.name(id)).grad\(clauses.isEmpty ? " would be" : "") "
                + NumberFormat.sum(terms, equals: total))
            if let fixed, let last = own.last, short(fixed[first + last].after) != short(total) {
                shown.append("\(narrator.name(id)).grad = \(short(fixed[first + last].after))")
                reasons.note(before: before, fixedBefore: fixed[first + own[0]].before,
                             contributions: own.map { writes[$0].contribution }, fixedContributions: own.map { fixed[first + $0].contribution })
            }
        }
        let running = narrator.name(trace.steps[step].node)
        let because = shown.isEmpty ? "" : "; the fixed pass beside has " + shown.joined(separator: " and ") + reasons.phrase(running: running)
        return "under += " + clauses.joined(separator: " and ") + because
    }
}

/// Why the fixed pass's grad differs from what `+=` would make of this pass's write: it began the
/// step with more (it kept contributions this pass lost at earlier steps), or the step adds other
/// amounts (its `out.grad`, the running value's grad, is whole, where this pass's lost some).
struct FixedDifference {
    private(set) var keptEarlier = false
    private(set) var passedDownOther = false

    mutating func note(before: Double, fixedBefore: Double, contributions: [Double], fixedContributions: [Double]) {
        if NumberFormat.short(before) != NumberFormat.short(fixedBefore) { keptEarlier = true }
        if zip(contributions, fixedContributions).contains(where: { NumberFormat.short($0) != NumberFormat.short($1) }) {
            passedDownOther = true
        }
    }

    /// `, as it kept what this pass lost at earlier steps`, or the other reason, or both.
    func phrase(running: String) -> String {
        var reasons: [String] = []
        if keptEarlier { reasons.append("it kept what this pass lost at earlier steps") }
        if passedDownOther { reasons.append("its out.grad (\(running).grad) is whole and this pass's is not") }
        return reasons.isEmpty ? "" : ", as " + reasons.joined(separator: " and ")
    }

}
