import Autograd
import Foundation
import Script

/// Traces by engine and order, each recorded once. A class so copies of a state share it.
/// It keeps the few used most recently: a class pressing `O` for new seeds all hour must not
/// fill memory, and what was just prepared ahead must not be the first to go.
final class TraceStore: @unchecked Sendable {
    private static let capacity = 12
    private let script: LoadedScript
    private var traces: [Key: Trace] = [:]
    private var steps: [Key: [Int]] = [:]
    /// Keys from the least to the most recently used.
    private var recency: [Key] = []
    private let lock = Lock()

    init(_ script: LoadedScript) {
        self.script = script
    }

    func trace(_ engine: Engine, _ order: ChildOrder) -> Trace {
        let key = Key(engine: engine, order: Trace.order(order, under: engine))
        return lock.withLock {
            if let cached = traces[key] {
                recency.removeAll { $0 == key }
                recency.append(key)
                return cached
            }
            let trace = Trace(graph: script.graph, root: script.root, engine: engine, order: order, pass: script.pass,
                              recorded: script.recordedPass)
            traces[key] = trace
            recency.append(key)
            while recency.count > Self.capacity {
                let oldest = recency.removeFirst()
                traces[oldest] = nil
                steps[oldest] = nil
                verdicts[oldest] = nil
            }
            return trace
        }
    }

    /// For each node, the step at which its `_backward()` runs in `trace`.
    func stepOf(_ trace: Trace) -> [Int] {
        let key = Key(engine: trace.engine, order: trace.order)
        return lock.withLock {
            if let cached = steps[key] { return cached }
            var stepOf = [Int](repeating: Int.max, count: script.graph.count)
            for (k, step) in trace.steps.enumerated() where k > 0 { stepOf[step.node] = k }
            steps[key] = stepOf
            return stepOf
        }
    }

    /// The verdict on `trace`, computed once per trace.
    func verdict(_ trace: Trace) -> Verdict {
        let key = Key(engine: trace.engine, order: trace.order)
        return lock.withLock {
            if let cached = verdicts[key] { return cached }
            let verdict = Verdict(script.graph, trace)
            verdicts[key] = verdict
            return verdict
        }
    }

    private var verdicts: [Key: Verdict] = [:]

    private struct Key: Hashable {
        var engine: Engine
        var order: ChildOrder
    }
}
