import Autograd

/// Where the user is in the backward pass: a step, and how many of its writes have happened.
public struct Cursor: Hashable, Sendable {
    public var step: Int
    /// Writes of `step` already made; all of them once the step has fully run.
    public var applied: Int

    public init(step: Int, applied: Int) {
        self.step = step
        self.applied = applied
    }

    /// The cursor with every write of its step made.
    func completed(in trace: Trace) -> Cursor {
        Cursor(step: step, applied: trace.steps[step].writeRange.count)
    }
}

/// The pass being stepped through: its engine and order, their trace, the cursor, and every
/// grad at the cursor. Moving never recomputes: it applies or undoes the trace's writes.
struct PassState: Sendable {
    private(set) var engine: Engine
    private(set) var order: ChildOrder
    private(set) var trace: Trace
    private(set) var cursor: Cursor
    /// Every node's grad at the cursor.
    private(set) var grads: [Double]
    /// Whether the last move forward was a single write, so `back` undoes one write too.
    private(set) var steppingWrites = false
    /// For each node, the step at which its `_backward()` runs in `trace` (read per box, per frame).
    private var stepOf: [Int]
    let traces: TraceStore

    /// What a move did: whether it went forward, and whether a write it made threw a grad away.
    struct Move {
        var forward: Bool
        var overwrote: Bool
    }

    /// The pass under `engine` and `order` of the traces' graph of `count` values, at `step`.
    init(_ traces: TraceStore, count: Int, engine: Engine, order: ChildOrder, step: Int) {
        self.traces = traces
        self.engine = engine
        trace = traces.trace(engine, order)
        // The trace's own: the learner's pass keeps its order whatever was asked.
        self.order = trace.order
        stepOf = traces.stepOf(trace)
        grads = Array(repeating: 0, count: count)
        cursor = Cursor(step: 0, applied: 0)
        move(to: Cursor(step: min(max(0, step), trace.steps.count - 1), applied: 0).completed(in: trace))
    }

    /// The last step index: one per node, after the root's seed.
    var lastStep: Int { trace.steps.count - 1 }
    /// The node whose `_backward()` runs at the cursor (for step 0, the root being seeded).
    var runningNode: NodeID { trace.steps[cursor.step].node }
    /// The writes of the cursor's step that have happened.
    var appliedWrites: ArraySlice<Write> {
        let range = trace.steps[cursor.step].writeRange
        return trace.writes[range.lowerBound..<(range.lowerBound + cursor.applied)]
    }
    /// Whether the whole pass has run.
    var isFinished: Bool {
        cursor.step == lastStep && cursor.applied == trace.steps[lastStep].writeRange.count
    }
    /// The step at which node `id`'s `_backward()` runs.
    func stepOfNode(_ id: NodeID) -> Int { stepOf[id] }

    /// Moves the cursor, applying or undoing writes from the recorded trace (never recomputing).
    @discardableResult
    mutating func move(to target: Cursor) -> Move {
        let from = trace.steps[cursor.step].writeRange.lowerBound + cursor.applied
        let to = trace.steps[target.step].writeRange.lowerBound + target.applied
        if to > from {
            for w in trace.writes[from..<to] { grads[w.target] = w.after }
        } else if to < from {
            for w in trace.writes[to..<from].reversed() { grads[w.target] = w.before }
        }
        cursor = target
        return Move(forward: to > from, overwrote: to > from && trace.writes[from..<to].contains { $0.lost != nil })
    }

    /// Switches to `engine` and `order`, keeping the same step, so the same moment shows under the other rule.
    mutating func switchTrace(engine: Engine, order: ChildOrder) {
        let step = cursor.step, applied = cursor.applied
        move(to: Cursor(step: 0, applied: 0))
        self.engine = engine
        trace = traces.trace(engine, order)
        // The trace's own: the learner's pass keeps its order whatever was asked.
        self.order = trace.order
        stepOf = traces.stepOf(trace)
        // A pass written elsewhere can have fewer steps than the one left.
        let kept = min(step, trace.steps.count - 1)
        move(to: Cursor(step: kept, applied: min(applied, trace.steps[kept].writeRange.count)))
    }

    /// Where `n` goes: the rest of the current call if it was entered write by write, else the
    /// next whole call; nil at the end.
    mutating func nextCall() -> Cursor? {
        steppingWrites = false
        if cursor.applied < trace.steps[cursor.step].writeRange.count { return cursor.completed(in: trace) }
        return cursor.step < lastStep ? Cursor(step: cursor.step + 1, applied: 0).completed(in: trace) : nil
    }

    /// Where `s` goes: one write on, or the next call's first write; nil at the end.
    mutating func nextWrite() -> Cursor? {
        steppingWrites = true
        if cursor.applied < trace.steps[cursor.step].writeRange.count { return Cursor(step: cursor.step, applied: cursor.applied + 1) }
        guard cursor.step < lastStep else { return nil }
        return Cursor(step: cursor.step + 1, applied: trace.steps[cursor.step + 1].writeRange.isEmpty ? 0 : 1)
    }

    /// Where `p` goes: one write back after step-into (and past the call's start to the call
    /// before), else one whole call back; nil at the start.
    func previous() -> Cursor? {
        if steppingWrites && cursor.applied > 0 && cursor.step != 0 {
            let back = Cursor(step: cursor.step, applied: cursor.applied - 1)
            return back.applied == 0 ? Cursor(step: cursor.step - 1, applied: 0).completed(in: trace) : back
        }
        return cursor.step > 0 ? Cursor(step: cursor.step - 1, applied: 0).completed(in: trace) : nil
    }

    /// The cursor at step `k`, its call made.
    func at(step k: Int) -> Cursor { Cursor(step: k, applied: 0).completed(in: trace) }

    /// The writes to node `id` over the whole pass: the steps that set its grad, and those whose
    /// write threw a grad away.
    func writeSteps(of id: NodeID) -> (set: [Int], overwritten: [Int]) {
        var set: [Int] = [], overwritten: [Int] = []
        for k in 0...lastStep {
            for w in trace.writes(of: k) where w.target == id {
                if w.lost != nil { overwritten.append(k) } else { set.append(k) }
            }
        }
        return (set, overwritten)
    }
}
