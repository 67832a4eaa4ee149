import Autograd
import Dispatch
import SafeText

/// Turns the JSON of a saved graph into a `LoadedScript`, checking every field it uses.
struct SavedGraphDecoder: Sendable {
    let name: String

    /// The members of a format 2 file that are lists of numbers, read straight into arrays.
    static let columnNames: Set<String> = ["data", "arity", "operands", "local_grads", "op", "made", "call", "grad"]

    func decode(_ json: JSONValue, columns: [String: [Double]] = [:]) throws(Problem) -> LoadedScript {
        guard case .object(let top) = json, let version = top["gradstep"] else {
            throw Problem("not a graph saved by gradstep_export (no \"gradstep\" key): save one from Python with the module `gradstep exporter` prints")
        }
        let values = try checkFormat(version) == 1 ? try SavedValues.format1(top) : try SavedValues.format2(top, columns)
        let order = try topologicalOrder(values)
        // The values are numbered in that order: position order[k] becomes value k.
        var numbering = [NodeID](repeating: -1, count: values.count)
        for (new, position) in order.enumerated() { numbering[position] = new }
        let newID = numbering, root = numbering[values.root], sites = try SavedNotes.sites(top["sites"]), calls = try SavedNotes.callTree(top["call_tree"])
        if let bad = values.made?.first(where: { $0 < -1 || $0 >= sites.count }) {
            throw Problem("\"made\" names site \(bad), which \"sites\" does not list")
        }
        if let bad = values.call?.first(where: { $0 < -1 || $0 >= calls.count }) {
            throw Problem("\"call\" names call \(bad), which \"call_tree\" does not list")
        }
        // A local-gradient pass needs only the numbering: it is replayed on the other core while
        // the graph is built, for a file of 10^6 values opens in about a second.
        let replaysLocalGradients: Bool
        if case .object(let pass)? = top["pass"], case .string("local-gradients")? = pass["kind"] { replaysLocalGradients = true } else { replaysLocalGradients = false }
        nonisolated(unsafe) var graph: Result<Graph, Problem>?, replayed: Result<RecordedPass, Problem>?
        DispatchQueue.concurrentPerform(iterations: replaysLocalGradients ? 2 : 1) { part in
            if part == 0 {
                graph = Result { () throws(Problem) in try built(order, values, sites: sites, calls: calls) }
            } else {
                replayed = Result { () throws(Problem) in try localGradientPass(count: order.count, root: root, values: values, order: order, newID: newID) }
            }
        }
        var script = LoadedScript(name: name, graph: try graph!.get(), root: root)
        script.savedIDs = order.map { values.fileIDs?[$0] ?? $0 }
        if let replayed {
            script.recordedPass = try replayed.get()
        } else {
            script.recordedPass = try pass(top["pass"], script.graph, values: values, newID: newID)
        }
        script.recordedPassNote = try SavedField.optionalString(top["pass_error"], "\"pass_error\"")
        script.backwardSources = try SavedNotes.sources(top["sources"])
        return script
    }

    /// A small whole number this reader knows: anything else (1e300, Infinity, 1.5) is no format at all.
    private func checkFormat(_ version: JSONValue) throws(Problem) -> Int {
        guard case .number(let number) = version, let format = Int(exactly: number), (1...1_000_000).contains(format) else {
            throw Problem("\"gradstep\" should be the format number, 1 or \(SavedGraph.format)")
        }
        if format > SavedGraph.format {
            throw Problem("saved in format \(format), newer than this gradstep reads (\(SavedGraph.format)): update gradstep")
        }
        return format
    }

    /// The positions `root` depends on, operands first; a cycle is an error. Iterative, so a
    /// long chain does not overflow the stack.
    private func topologicalOrder(_ values: SavedValues) throws(Problem) -> [Int] {
        // 0: not met, 1: on the path, 2: done.
        var marks = [UInt8](repeating: 0, count: values.count)
        marks[values.root] = 1
        var order: [Int] = []
        var stack: [(position: Int, next: Int)] = [(values.root, values.operandStart[values.root])]
        while let top = stack.last {
            guard top.next < values.operandStart[top.position + 1] else {
                marks[top.position] = 2
                order.append(top.position)
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            let operand = values.operands[top.next]
            switch marks[operand] {
            case 2: continue
            case 1: throw Problem("value \(values.id(operand)) depends on itself (a cycle through value \(values.id(top.position)))")
            default:
                marks[operand] = 1
                stack.append((operand, values.operandStart[operand]))
            }
        }
        return order
    }

    /// The graph of the values in `order` (operands first), and each position's new id (-1 for
    /// a value the root does not depend on); with the names, the sites that made them, and
    /// titles from formulas.
    private func built(_ order: [Int], _ values: SavedValues, sites: [Site], calls: [Call]) throws(Problem) -> Graph {
        var graph = Graph()
        graph.reserveCapacity(order.count)
        var newID = [NodeID](repeating: -1, count: values.count)
        var made: [Int32] = [], madeIn: [Int32] = []
        // Each `_op` string read, and made safe to show, once: a name of 10 MB costs once.
        let table = OpTable(known: values.opTable.map { $0.isEmpty ? nil : Op(savedSymbol: $0) },
                            shown: values.opTable.map(SafeText.shown))
        for position in order {
            let slots = values.operandStart[position]..<values.operandStart[position + 1]
            var operands: [NodeID] = []
            operands.reserveCapacity(2)
            for slot in slots { operands.append(newID[values.operands[slot]]) }
            let (op, fillsBothSlots) = try self.op(of: position, values, slots: slots, table: table)
            if fillsBothSlots { operands.append(operands[0]) }
            let new = graph.append(data: values.data[position], op: op, operands: operands, label: values.labels[position] ?? "")
            if values.guessed.contains(position) { graph.markOperandOrderGuessed(new) }
            if let name = values.names[position] { graph.bindName(name, to: new) }
            if let sitesMade = values.made { made.append(sitesMade[position]) }
            if let call = values.call { madeIn.append(call[position]) }
            newID[position] = new
        }
        if !sites.isEmpty && !made.isEmpty { graph.setSites(sites, made: made) }
        if !calls.isEmpty && !madeIn.isEmpty { graph.setCalls(calls, made: madeIn) }
        Self.titleFromFormulas(&graph)
        return graph
    }

    /// The op of a value, and whether its one operand fills both of the op's slots: `a + a`
    /// saved from a set has one operand. A class that keeps no `_op` has its op named from the
    /// numbers (`Op.inferred`).
    private func op(of position: Int, _ values: SavedValues, slots: Range<Int>, table: OpTable) throws(Problem) -> (Op, fillsBothSlots: Bool) {
        let operandCount = slots.count
        if operandCount == 0 { return (.leaf, false) }
        let entry = values.opIndex.map { Int($0[position]) }
        let symbol = entry.map { values.opTable[$0] } ?? ""
        let id = values.id(position)
        let known = entry.flatMap { table.known[$0] }
        if let known {
            if operandCount == known.arity { return (known, false) }
            if operandCount == 1 && known.arity == 2 { return (known, true) }
        }
        guard let locals = values.localGrads(of: position) else {
            let what = symbol.isEmpty ? "value \(id) has operands but no op" : "value \(id) has op '\(symbol)'"
            let why = known == nil ? "which gradstep does not know" : "with \(operandCount) operands"
            throw Problem("\(what), \(why), and no local_grads to step it with")
        }
        if symbol.isEmpty, let inferred = Op.inferred(out: values.data[position], x: values.data[values.operands[slots.lowerBound]],
                                                      y: values.data[values.operands[slots.upperBound - 1]],
                                                      arity: operandCount, locals: locals) {
            return (inferred, false)
        }
        return (.learners(symbol: entry.map { table.shown[$0] } ?? "", locals: Array(locals)), false)
    }

    /// The file's `_op` strings, each read as an op of the table (nil: not one) and made safe to show.
    private struct OpTable {
        let known: [Op?]
        let shown: [String]
    }

    /// An unlabelled value whose operands have titles of their own gets a title from its op and
    /// operands (`a * b`, `tanh(n)`) while that stays short. A saved graph has no script text
    /// to take a title from. (What is left is titled by the function that made it, `rmsnorm ·*`,
    /// or `#id`: see `Graph.title`.)
    private static func titleFromFormulas(_ graph: inout Graph) {
        for id in 0..<graph.count where !graph.hasOwnTitle(id) && !graph.nodes[id].operands.isEmpty {
            guard graph.nodes[id].operands.allSatisfy(graph.hasOwnTitle) else { continue }
            let formula = graph.formula(id)
            if formula.count <= 16 { graph.setSourceTitle(formula, of: id) }
        }
    }

    // MARK: The learner's pass

    /// The learner's pass of calls, when the file recorded one (a local-gradient pass is replayed
    /// beside the building of the graph).
    private func pass(_ json: JSONValue?, _ graph: Graph, values: SavedValues, newID: [NodeID]) throws(Problem) -> RecordedPass? {
        switch json {
        case nil, .null?:
            return nil
        case .object(let pass)?:
            switch try SavedField.optionalString(pass["kind"], "the pass's \"kind\"") ?? "calls" {
            case "calls": return try calls(pass, graph: graph, values: values, newID: newID)
            case let kind: throw Problem("the pass's \"kind\" is \"\(kind)\": gradstep reads \"calls\" and \"local-gradients\"")
            }
        default:
            throw Problem("\"pass\" should be an object")
        }
    }

    private func calls(_ pass: JSONObject, graph: Graph, values: SavedValues, newID: [NodeID]) throws(Problem) -> RecordedPass {
        let seed = try pass["seed"].map { json throws(Problem) in try SavedField.number(json, "the pass's seed") } ?? 1
        guard case .array(let items)? = pass["calls"] else { throw Problem("the pass's \"calls\" should be a list") }
        /// The new id of the value a file id names; nil for one the root does not depend on.
        func node(_ fileID: Int) -> NodeID? {
            guard let position = values.position(ofID: fileID), newID[position] >= 0 else { return nil }
            return newID[position]
        }
        var calls: [RecordedPass.Call] = []
        calls.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            let what = "call \(i + 1) of the pass"
            guard case .array(let parts) = item, parts.count == 3, case .array(let changes) = parts[2] else {
                throw Problem("\(what) should be [node, out_grad, [[operand, before, after], ...]]")
            }
            let fileID = try SavedField.integer(parts[0], "the node of \(what)")
            // A value the root does not depend on: its call changes nothing that is shown.
            guard let called = node(fileID) else { continue }
            let outGrad = try SavedField.number(parts[1], "the out_grad of \(what)")
            var recorded: [RecordedPass.Change] = []
            for change in changes {
                guard case .array(let triple) = change, triple.count == 3 else {
                    throw Problem("a change in \(what) should be [operand, before, after]")
                }
                let operand = try SavedField.integer(triple[0], "an operand in \(what)")
                guard let target = node(operand), graph[called].operands.contains(target) else {
                    throw Problem("\(what) changes value \(operand), which is not an operand of value \(fileID)")
                }
                recorded.append(RecordedPass.Change(target: target, before: try SavedField.number(triple[1], "a grad in \(what)"),
                                                    after: try SavedField.number(triple[2], "a grad in \(what)")))
            }
            calls.append(RecordedPass.Call(node: called, outGrad: outGrad, changes: recorded))
        }
        return RecordedPass(seed: seed, calls: calls)
    }

    /// The local-gradient style's pass, `child.grad += local_grad * v.grad` over reversed
    /// topological order, made from the local grads the learner's class computed.
    private func localGradientPass(count: Int, root: NodeID, values: SavedValues, order: [Int],
                                   newID: [NodeID]) throws(Problem) -> RecordedPass {
        // The learner's loop, `for child, g in zip(v._children, v._local_grads)`, over the file's
        // own operands: a file that lists `a` once for `a + a` adds its local grad once.
        // order[new id] is the value's position in the file.
        for position in order where values.operandStart[position] < values.operandStart[position + 1] {
            guard values.localGrads(of: position) != nil else {
                throw Problem("value \(values.id(position)) has no local_grads, which a local-gradient pass needs")
            }
        }
        let localGrads = values.localGrads ?? []
        var grads = [Double](repeating: 0, count: count)
        grads[root] = 1
        var calls: [RecordedPass.Call] = []
        calls.reserveCapacity(count)
        // The values were numbered in the order the learner's build_topo appends them (depth
        // first over `_children`, in order), so the pass runs down the ids.
        for node in (0..<count).reversed() {
            let outGrad = grads[node]
            var changes: [RecordedPass.Change] = []
            let position = order[node]
            for slot in values.operandStart[position]..<values.operandStart[position + 1] {
                let target = newID[values.operands[slot]]
                let before = grads[target]
                grads[target] += localGrads[slot] * outGrad
                if let i = changes.firstIndex(where: { $0.target == target }) {
                    changes[i].after = grads[target]
                } else {
                    changes.append(RecordedPass.Change(target: target, before: before, after: grads[target]))
                }
            }
            calls.append(RecordedPass.Call(node: node, outGrad: outGrad, changes: changes))
        }
        return RecordedPass(seed: 1, calls: calls, replayed: true)
    }
}
