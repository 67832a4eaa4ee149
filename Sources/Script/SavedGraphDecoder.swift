import Autograd
import SafeText

/// A problem with the meaning of a saved graph.
struct Problem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Turns the JSON of a saved graph into a `LoadedScript`, checking every field it uses.
struct SavedGraphDecoder {
    let name: String

    /// One value as the file gives it.
    struct Entry {
        var id: Int
        var data: Double
        var op: String
        var operands: [Int]
        var label: String
        /// Where the learner's program holds the value (`layers[1].neurons[0].w[2]`), if known.
        var name = ""
        /// The index of the site that made it, in the file's `"sites"`.
        var made: Int?
        var localGrads: [Double]?
        var orderGuessed = false
    }

    func decode(_ json: JSONValue) throws(Problem) -> LoadedScript {
        guard case .object(let top) = json, let version = top["gradstep"] else {
            throw Problem("not a graph saved by gradstep_export (no \"gradstep\" key): save one from Python with the module `gradstep exporter` prints")
        }
        try checkFormat(version)
        let (entries, root, count) = try valuesByID(top)
        let order = try topologicalOrder(from: root, entries)
        let (graph, newID) = try built(order, entries, count: count, sites: try sites(top["sites"]))
        var script = LoadedScript(name: name, graph: graph, root: newID[root]!)
        script.savedIDs = order
        script.recordedPass = try pass(top["pass"], graph, root: newID[root]!, order: order, entries: entries, newID: newID)
        script.recordedPassNote = try optionalString(top["pass_error"], "\"pass_error\"")
        script.backwardSources = try sources(top["sources"])
        return script
    }

    /// A small whole number this reader knows: anything else (1e300, Infinity, 1.5) is no format at all.
    private func checkFormat(_ version: JSONValue) throws(Problem) {
        guard case .number(let number) = version, let format = Int(exactly: number), (1...1_000_000).contains(format) else {
            throw Problem("\"gradstep\" should be the format number, 1")
        }
        if format > SavedGraph.format {
            throw Problem("saved in format \(format), newer than this gradstep reads (\(SavedGraph.format)): update gradstep")
        }
    }

    /// The file's values by id, the root's id, and how many values the file lists.
    private func valuesByID(_ top: JSONObject) throws(Problem) -> (IDMap<Entry>, root: Int, count: Int) {
        guard case .array(let list)? = top["nodes"] else { throw Problem("\"nodes\" should be a list of values") }
        guard !list.isEmpty else { throw Problem("the file has no values") }
        var entries = IDMap<Entry>(count: list.count)
        for (position, item) in list.enumerated() {
            let entry = try self.entry(item, position: position)
            guard entries[entry.id] == nil else { throw Problem("two values have the id \(entry.id)") }
            entries[entry.id] = entry
        }
        let root = try integer(top["root"], "\"root\"")
        guard entries[root] != nil else { throw Problem("the root, \(root), is not among the values") }
        return (entries, root, list.count)
    }

    /// The graph of the values in `order` (operands first), and each file id's new one; with
    /// the names, the sites that made them, and titles from formulas and sites.
    private func built(_ order: [Int], _ entries: IDMap<Entry>, count: Int, sites: [Site]) throws(Problem) -> (Graph, IDMap<NodeID>) {
        var graph = Graph()
        var newID = IDMap<NodeID>(count: count)
        var made: [NodeID: Int] = [:]
        for id in order {
            let entry = entries[id]!
            let operands = entry.operands.map { newID[$0]! }
            let (op, slots) = try self.op(entry, operandCount: operands.count)
            let new = graph.append(data: entry.data, op: op, operands: slots.map { operands[$0] }, label: entry.label)
            if entry.orderGuessed { graph.markOperandOrderGuessed(new) }
            if !entry.name.isEmpty { graph.bindName(entry.name, to: new) }
            if let site = entry.made { made[new] = site }
            newID[entry.id] = new
        }
        if !sites.isEmpty { graph.setSites(sites, made: made) }
        Self.titleFromFormulas(&graph)
        return (graph, newID)
    }

    /// The learner's pass, when the file recorded one.
    private func pass(_ json: JSONValue?, _ graph: Graph, root: NodeID, order: [Int], entries: IDMap<Entry>,
                      newID: IDMap<NodeID>) throws(Problem) -> RecordedPass? {
        switch json {
        case nil, .null?:
            return nil
        case .object(let pass)?:
            switch try optionalString(pass["kind"], "the pass's \"kind\"") ?? "calls" {
            case "calls": return try calls(pass, graph: graph, newID: newID)
            case "local-gradients": return try localGradientPass(graph, root: root, order: order, entries: entries, newID: newID)
            case let kind: throw Problem("the pass's \"kind\" is \"\(kind)\": gradstep reads \"calls\" and \"local-gradients\"")
            }
        default:
            throw Problem("\"pass\" should be an object")
        }
    }

    // MARK: Values

    private func entry(_ item: JSONValue, position: Int) throws(Problem) -> Entry {
        guard case .object(let fields) = item else { throw Problem("value \(position + 1) of \"nodes\" should be an object") }
        let id = try integer(fields["id"], "the \"id\" of value \(position + 1)")
        let what = "value \(id)"
        let data = try number(fields["data"], "the data of \(what)")
        let op = try optionalString(fields["op"], "the op of \(what)") ?? ""
        let label = try optionalString(fields["label"], "the label of \(what)") ?? ""
        let name = try optionalString(fields["name"], "the name of \(what)") ?? ""
        var made: Int?
        switch fields["made"] {
        case nil, .null?: break
        default: made = try integer(fields["made"], "the \"made\" of \(what)")
        }
        var operands: [Int] = []
        switch fields["operands"] {
        case nil, .null?: break
        case .array(let items)?:
            for item in items { operands.append(try integer(item, "an operand of \(what)")) }
        default: throw Problem("the operands of \(what) should be a list of ids")
        }
        var localGrads: [Double]?
        switch fields["local_grads"] {
        case nil, .null?: break
        case .array(let items)?:
            var grads: [Double] = []
            for item in items { grads.append(try number(item, "a local grad of \(what)")) }
            guard grads.count == operands.count else {
                throw Problem("\(what) has \(operands.count) operand\(operands.count == 1 ? "" : "s") but \(grads.count) local grads")
            }
            localGrads = grads
        default: throw Problem("the local_grads of \(what) should be a list of numbers")
        }
        let order = try optionalString(fields["operand_order"], "the operand_order of \(what)")
        guard order == nil || order == "guessed" || order == "known" else {
            throw Problem("the operand_order of \(what) should be \"guessed\" or \"known\"")
        }
        return Entry(id: id, data: data, op: op, operands: operands, label: label, name: name, made: made, localGrads: localGrads,
                     orderGuessed: order == "guessed")
    }

    /// The values `root` depends on, operands first; a dangling operand or a cycle is an error.
    /// Iterative, so a long chain does not overflow the stack.
    private func topologicalOrder(from root: Int, _ entries: IDMap<Entry>) throws(Problem) -> [Int] {
        enum Mark { case open, done }
        var marks = IDMap<Mark>(count: entries.count)
        marks[root] = .open
        var order: [Int] = []
        var stack: [(id: Int, next: Int)] = [(root, 0)]
        while let top = stack.last {
            let operands = entries[top.id]!.operands
            guard top.next < operands.count else {
                marks[top.id] = .done
                order.append(top.id)
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            let operand = operands[top.next]
            switch marks[operand] {
            case .done?: continue
            case .open?: throw Problem("value \(operand) depends on itself (a cycle through value \(top.id))")
            case nil:
                guard entries[operand] != nil else {
                    throw Problem("value \(top.id) has operand \(operand), which is not among the values")
                }
                marks[operand] = .open
                stack.append((operand, 0))
            }
        }
        return order
    }

    /// The op for an entry, and which of its operands fill the op's slots: `a + a` saved from a
    /// set has one operand, which fills both slots.
    private func op(_ entry: Entry, operandCount: Int) throws(Problem) -> (Op, [Int]) {
        if operandCount == 0 { return (.leaf, []) }
        // micrograd's ops take one operand or two, and so do gradstep's boxes and lines.
        guard operandCount <= 2 else {
            throw Problem("value \(entry.id) has op '\(entry.op)' with \(operandCount) operands: gradstep steps ops of one or two operands, as micrograd's are")
        }
        let known = Op(savedSymbol: entry.op)
        if let known {
            if operandCount == known.arity { return (known, Array(0..<operandCount)) }
            if operandCount == 1 && known.arity == 2 { return (known, [0, 0]) }
        }
        guard let locals = entry.localGrads else {
            let what = entry.op.isEmpty ? "value \(entry.id) has operands but no op" : "value \(entry.id) has op '\(entry.op)'"
            let why = known == nil ? "which gradstep does not know" : "with \(operandCount) operands"
            throw Problem("\(what), \(why), and no local_grads to step it with")
        }
        // Shown on every step of the op: made safe and cut once, here (a name of 10 MB costs once).
        return (.learners(symbol: SafeText.shown(entry.op), locals: locals), Array(0..<operandCount))
    }

    /// An unlabelled value whose operands have titles of their own gets a title from its op and
    /// operands (`a * b`, `tanh(n)`) while that stays short; else `#id`. A saved graph has no
    /// script text to take a title from.
    ///
    /// What is still `#id` after that, and was made inside the exporter's `recording()`, is
    /// titled by the function that made it and its op: `rmsnorm ·*`.
    private static func titleFromFormulas(_ graph: inout Graph) {
        for id in 0..<graph.count where graph[id].label.isEmpty && !graph[id].isLeaf {
            guard graph[id].operands.allSatisfy({ !graph.title($0).hasPrefix("#") }) else { continue }
            let formula = graph.formula(id)
            if formula.count <= 16 { graph.setSourceTitle(formula, of: id) }
        }
        guard !graph.sites.isEmpty else { return }
        for id in 0..<graph.count where graph.title(id).hasPrefix("#") {
            guard let site = graph.site(of: id) else { continue }
            graph.setSourceTitle(site.caller + " ·" + (graph[id].isLeaf ? "leaf" : graph[id].op.symbol), of: id)
        }
    }

    // MARK: The learner's pass

    private func calls(_ pass: JSONObject, graph: Graph, newID: IDMap<NodeID>) throws(Problem) -> RecordedPass {
        let seed = try pass["seed"].map { json throws(Problem) in try number(json, "the pass's seed") } ?? 1
        guard case .array(let items)? = pass["calls"] else { throw Problem("the pass's \"calls\" should be a list") }
        var calls: [RecordedPass.Call] = []
        calls.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            let what = "call \(i + 1) of the pass"
            guard case .array(let parts) = item, parts.count == 3, case .array(let changes) = parts[2] else {
                throw Problem("\(what) should be [node, out_grad, [[operand, before, after], ...]]")
            }
            let fileID = try integer(parts[0], "the node of \(what)")
            guard let node = newID[fileID] else {
                // A value the root does not depend on: its call changes nothing that is shown.
                continue
            }
            let outGrad = try number(parts[1], "the out_grad of \(what)")
            var recorded: [RecordedPass.Change] = []
            for change in changes {
                guard case .array(let triple) = change, triple.count == 3 else {
                    throw Problem("a change in \(what) should be [operand, before, after]")
                }
                let operand = try integer(triple[0], "an operand in \(what)")
                guard let target = newID[operand], graph[node].operands.contains(target) else {
                    throw Problem("\(what) changes value \(operand), which is not an operand of value \(fileID)")
                }
                recorded.append(RecordedPass.Change(target: target, before: try number(triple[1], "a grad in \(what)"),
                                                    after: try number(triple[2], "a grad in \(what)")))
            }
            calls.append(RecordedPass.Call(node: node, outGrad: outGrad, changes: recorded))
        }
        return RecordedPass(seed: seed, calls: calls)
    }

    /// The local-gradient style's pass, `child.grad += local_grad * v.grad` over reversed
    /// topological order, made from the local grads the learner's class computed.
    private func localGradientPass(_ graph: Graph, root: NodeID, order: [Int], entries: IDMap<Entry>,
                                   newID: IDMap<NodeID>) throws(Problem) -> RecordedPass {
        // The learner's loop, `for child, g in zip(v._children, v._local_grads)`, over the file's
        // own operands: a file that lists `a` once for `a + a` adds its local grad once.
        var children: [[(target: NodeID, local: Double)]] = []
        children.reserveCapacity(graph.count)
        for id in order {
            let entry = entries[id]!
            guard let grads = entry.localGrads ?? (entry.operands.isEmpty ? [] : nil) else {
                throw Problem("value \(id) has no local_grads, which a local-gradient pass needs")
            }
            children.append(zip(entry.operands, grads).map { (newID[$0.0]!, $0.1) })
        }
        var grads = [Double](repeating: 0, count: graph.count)
        grads[root] = 1
        var calls: [RecordedPass.Call] = []
        calls.reserveCapacity(graph.count)
        for node in graph.topologicalOrder(from: root).reversed() {
            let outGrad = grads[node]
            var changes: [RecordedPass.Change] = []
            for (target, local) in children[node] {
                let before = grads[target]
                grads[target] += local * outGrad
                if let i = changes.firstIndex(where: { $0.target == target }) {
                    changes[i].after = grads[target]
                } else {
                    changes.append(RecordedPass.Change(target: target, before: before, after: grads[target]))
                }
            }
            calls.append(RecordedPass.Call(node: node, outGrad: outGrad, changes: changes))
        }
        return RecordedPass(seed: 1, calls: calls)
    }

    // MARK: Fields

    func integer(_ json: JSONValue?, _ what: String) throws(Problem) -> Int {
        guard case .number(let x)? = json, x == x.rounded(), abs(x) < 9e15 else {
            throw Problem("\(what) should be a whole number, not \(Self.describe(json))")
        }
        return Int(x)
    }

    private func number(_ json: JSONValue?, _ what: String) throws(Problem) -> Double {
        switch json {
        case .number(let x)?: return x
        case .string("nan")?, .string("NaN")?: return .nan
        case .string("inf")?, .string("Infinity")?: return .infinity
        case .string("-inf")?, .string("-Infinity")?: return -.infinity
        default: throw Problem("\(what) should be a number, not \(Self.describe(json))")
        }
    }

    func optionalString(_ json: JSONValue?, _ what: String) throws(Problem) -> String? {
        switch json {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw Problem("\(what) should be a string, not \(Self.describe(json))")
        }
    }

    /// A JSON value as a message quotes it: short, and never the whole of a long string.
    private static func describe(_ json: JSONValue?) -> String {
        switch json {
        case nil: return "missing"
        case .null?: return "null"
        case .bool(let b)?: return b ? "true" : "false"
        case .number(let x)?: return x.description
        case .string(let s)?: return s.count > 20 ? "\"\(s.prefix(20))…\"" : "\"\(s)\""
        case .array?: return "a list"
        case .object?: return "an object"
        }
    }
}

/// What a saved graph says of the learner's program besides the values: where they were made
/// (the exporter's `recording()`), and each op's `_backward` body. In this file, not a file of
/// its own: an extension of the decoder in another file stops a clean build at a "circular
/// reference" (Swift 6.3).
extension SavedGraphDecoder {
    /// The lines of the learner's program that made values: `[{file, line, function, calls, text}]`.
    func sites(_ json: JSONValue?) throws(Problem) -> [Site] {
        switch json {
        case nil, .null?: return []
        case .array(let items)?:
            var sites: [Site] = []
            for (i, item) in items.enumerated() {
                guard case .object(let fields) = item else { throw Problem("site \(i) of \"sites\" should be an object") }
                let what = "site \(i)"
                var calls: [String] = []
                switch fields["calls"] {
                case nil, .null?: break
                case .array(let names)?:
                    for name in names {
                        guard case .string(let call) = name else { throw Problem("the calls of \(what) should be names") }
                        calls.append(SafeText.shown(call))
                    }
                default: throw Problem("the calls of \(what) should be a list of names")
                }
                sites.append(Site(file: SafeText.shown(try optionalString(fields["file"], "the file of \(what)") ?? ""),
                                  line: try integer(fields["line"], "the line of \(what)"),
                                  function: SafeText.shown(try optionalString(fields["function"], "the function of \(what)") ?? ""),
                                  calls: calls,
                                  text: SafeText.shown(try optionalString(fields["text"], "the text of \(what)") ?? "")))
            }
            return sites
        default:
            throw Problem("\"sites\" should be a list")
        }
    }

    /// `{"*": ["self.grad = other.data * out.grad", ...]}`: the learner's `_backward` bodies.
    func sources(_ json: JSONValue?) throws(Problem) -> [String: [String]] {
        switch json {
        case nil, .null?: return [:]
        case .object(let object)?:
            var sources: [String: [String]] = [:]
            for (op, value) in object.members {
                guard case .array(let items) = value else { throw Problem("the source of '\(op)' should be a list of lines") }
                var lines: [String] = []
                for item in items {
                    guard case .string(let line) = item else { throw Problem("the source of '\(op)' should be a list of lines") }
                    // Shown on every step of that op: kept to what a step pane can show.
                    if lines.count < 20 { lines.append(SafeText.shown(String(line.prefix(200)))) }
                }
                sources[SafeText.shown(op)] = lines
            }
            return sources
        default:
            throw Problem("\"sources\" should be an object of op → lines")
        }
    }
}
