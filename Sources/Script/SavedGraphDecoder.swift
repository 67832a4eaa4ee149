import Autograd
import Dispatch
import SafeText

/// A problem with the meaning of a saved graph.
struct Problem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Turns the JSON of a saved graph into a `LoadedScript`, checking every field it uses.
struct SavedGraphDecoder: Sendable {
    let name: String

    /// The members of a format 2 file that are lists of numbers, read straight into arrays.
    static let columnNames: Set<String> = ["data", "arity", "operands", "local_grads", "op", "made", "call", "grad"]

    func decode(_ json: JSONValue, columns: [String: [Double]] = [:]) throws(Problem) -> LoadedScript {
        guard case .object(let top) = json, let version = top["gradstep"] else {
            throw Problem("not a graph saved by gradstep_export (no \"gradstep\" key): save one from Python with the module `gradstep exporter` prints")
        }
        let values = try checkFormat(version) == 1 ? try valuesOfFormat1(top) : try valuesOfFormat2(top, columns)
        let order = try topologicalOrder(values)
        // The values are numbered in that order: position order[k] becomes value k.
        var numbering = [NodeID](repeating: -1, count: values.count)
        for (new, position) in order.enumerated() { numbering[position] = new }
        let newID = numbering, root = numbering[values.root], sites = try sites(top["sites"]), calls = try callTree(top["call_tree"])
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
        script.recordedPassNote = try optionalString(top["pass_error"], "\"pass_error\"")
        script.backwardSources = try sources(top["sources"])
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

    // MARK: Values

    /// A file's values, whichever format it came in: position `i` is one value, its operands
    /// are positions too.
    struct Values: Sendable {
        /// Format 1's own id of each position (any whole numbers); nil where the position is the id.
        var fileIDs: [Int]?
        var root: Int
        var data: [Double] = []
        /// Where each value's operands begin in `operands`; one more than there are values.
        var operandStart: [Int] = [0]
        var operands: [Int] = []
        /// The `_op` strings the values name, each once, and each value's among them; nil where
        /// the class keeps none (microgpt's `Value`).
        var opTable: [String] = []
        var opIndex: [Int32]?
        /// The local derivative of each operand slot, beside `operands`, where the file gives them.
        var localGrads: [Double]?
        /// Format 1 values with operands that gave no `local_grads` (where `localGrads` holds zeros).
        var withoutLocalGrads: Set<Int> = []
        var labels: [Int: String] = [:]
        var names: [Int: String] = [:]
        /// The index in `"sites"` of where each value was made, -1 where not known.
        var made: [Int32]?
        /// The index in `"call_tree"` of the call each value was made in, -1 where none.
        var call: [Int32]?
        var guessed: Set<Int> = []

        var count: Int { data.count }
        func operands(of i: Int) -> ArraySlice<Int> { operands[operandStart[i]..<operandStart[i + 1]] }
        func localGrads(of i: Int) -> ArraySlice<Double>? {
            guard let localGrads, !withoutLocalGrads.contains(i) else { return nil }
            return localGrads[operandStart[i]..<operandStart[i + 1]]
        }
        /// Format 1's position of each of its ids.
        var positionOfFileID: IDMap<Int>?

        /// The `_op` string of position `i`, empty where none is kept.
        func symbol(_ i: Int) -> String { opIndex.map { opTable[Int($0[i])] } ?? "" }

        /// How a message names position `i`: by the file's id.
        func id(_ i: Int) -> Int { fileIDs?[i] ?? i }
        /// The position of the value the file calls `id`, if it has one.
        func position(ofID id: Int) -> Int? {
            if let positionOfFileID { return positionOfFileID[id] }
            return (0..<count).contains(id) ? id : nil
        }
    }

    /// Format 1: `"nodes": [{"id", "data", "op", "operands", "label", ...}, ...]`, ids any whole numbers.
    private func valuesOfFormat1(_ top: JSONObject) throws(Problem) -> Values {
        guard case .array(let list)? = top["nodes"] else { throw Problem("\"nodes\" should be a list of values") }
        guard !list.isEmpty else { throw Problem("the file has no values") }
        var entries: [Entry] = []
        entries.reserveCapacity(list.count)
        var position = IDMap<Int>(count: list.count)
        for (i, item) in list.enumerated() {
            let entry = try self.entry(item, position: i)
            guard position[entry.id] == nil else { throw Problem("two values have the id \(entry.id)") }
            // micrograd's ops take one operand or two, and so do gradstep's boxes and lines.
            guard entry.operands.count <= 2 else { throw Problem(Self.tooManyOperands(entry.id, entry.operands.count, op: entry.op)) }
            position[entry.id] = i
            entries.append(entry)
        }
        let rootID = try integer(top["root"], "\"root\"")
        guard let root = position[rootID] else { throw Problem("the root, \(rootID), is not among the values") }
        var values = Values(fileIDs: entries.map(\.id), root: root)
        values.positionOfFileID = position
        var number: [String: Int32] = [:]
        values.opIndex = entries.map { entry in
            if let known = number[entry.op] { return known }
            number[entry.op] = Int32(values.opTable.count)
            values.opTable.append(entry.op)
            return Int32(values.opTable.count - 1)
        }
        var localGrads: [Double] = []
        for (i, entry) in entries.enumerated() {
            values.data.append(entry.data)
            for operand in entry.operands {
                guard let p = position[operand] else {
                    throw Problem("value \(entry.id) has operand \(operand), which is not among the values")
                }
                values.operands.append(p)
            }
            values.operandStart.append(values.operands.count)
            if let grads = entry.localGrads {
                localGrads += grads
            } else {
                localGrads += repeatElement(0, count: entry.operands.count)
                if !entry.operands.isEmpty { values.withoutLocalGrads.insert(i) }
            }
            if !entry.label.isEmpty { values.labels[i] = entry.label }
            if !entry.name.isEmpty { values.names[i] = entry.name }
            if entry.orderGuessed { values.guessed.insert(i) }
        }
        values.localGrads = localGrads
        if entries.contains(where: { $0.made != nil }) { values.made = entries.map { Int32(clamping: $0.made ?? -1) } }
        return values
    }

    /// Format 2: one list per field, position `i` of each the value with id `i`; the sparse
    /// fields (`labels`, `names`) as `[[id, text], ...]`.
    private func valuesOfFormat2(_ top: JSONObject, _ columns: [String: [Double]]) throws(Problem) -> Values {
        let data = try column("data", top, columns) ?? []
        guard !data.isEmpty else { throw Problem("the file has no values") }
        let count = data.count
        let root = try integer(top["root"], "\"root\"")
        guard (0..<count).contains(root) else { throw Problem("the root, \(root), is not among the values") }
        var values = Values(root: root, data: data)
        guard let arity = try wholeColumn("arity", top, columns), arity.count == count else {
            throw Problem("\"arity\" should give each of the \(count) values its number of operands")
        }
        values.operandStart.reserveCapacity(count + 1)
        for (i, a) in arity.enumerated() {
            guard a >= 0 else { throw Problem("\"arity\" should hold counts of operands, not \(a)") }
            guard a <= 2 else { throw Problem(Self.tooManyOperands(i, a, op: nil)) }
            values.operandStart.append(values.operandStart[values.operandStart.count - 1] + a)
        }
        let slots = values.operandStart[count]
        values.operands = try wholeColumn("operands", top, columns) ?? []
        guard values.operands.count == slots else {
            throw Problem("\"operands\" should hold \(slots) ids, as \"arity\" adds up to, not \(values.operands.count)")
        }
        for i in 0..<count {
            for operand in values.operands(of: i) where !(0..<count).contains(operand) {
                throw Problem("value \(i) has operand \(operand), which is not among the values")
            }
        }
        if let localGrads = try column("local_grads", top, columns) {
            guard localGrads.count == slots else {
                throw Problem("\"local_grads\" should hold one number per operand, \(slots), not \(localGrads.count)")
            }
            values.localGrads = localGrads
        }
        if let opIndex = try wholeColumn("op", top, columns) {
            values.opTable = try strings(top["ops"], "\"ops\"")
            guard opIndex.count == count else { throw Problem("\"op\" should give each of the \(count) values an op") }
            for k in opIndex where !values.opTable.indices.contains(k) {
                throw Problem("\"op\" names op \(k), which \"ops\" does not list")
            }
            values.opIndex = opIndex.map { Int32($0) }
        }
        values.labels = try texts(top["labels"], "\"labels\"", count: count)
        values.names = try texts(top["names"], "\"names\"", count: count)
        if let made = try wholeColumn("made", top, columns) {
            guard made.count == count else { throw Problem("\"made\" should give each of the \(count) values a site, or -1") }
            values.made = made.map { Int32(clamping: $0) }
        }
        if let call = try wholeColumn("call", top, columns) {
            guard call.count == count else { throw Problem("\"call\" should give each of the \(count) values a call, or -1") }
            values.call = call.map { Int32(clamping: $0) }
        }
        for id in try wholeList(top["guessed"], "\"guessed\"") {
            guard (0..<count).contains(id) else { throw Problem("\"guessed\" names value \(id), which is not among the values") }
            values.guessed.insert(id)
        }
        return values
    }

    /// A format 1 value as the file gives it.
    struct Entry {
        var id: Int
        var data: Double
        var op: String
        var operands: [Int]
        var label: String
        var name = ""
        var made: Int?
        var localGrads: [Double]?
        var orderGuessed = false
    }

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

    /// The positions `root` depends on, operands first; a cycle is an error. Iterative, so a
    /// long chain does not overflow the stack.
    private func topologicalOrder(_ values: Values) throws(Problem) -> [Int] {
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
    private func built(_ order: [Int], _ values: Values, sites: [Site], calls: [Call]) throws(Problem) -> Graph {
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
    private func op(of position: Int, _ values: Values, slots: Range<Int>, table: OpTable) throws(Problem) -> (Op, fillsBothSlots: Bool) {
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

    static func tooManyOperands(_ id: Int, _ count: Int, op: String?) -> String {
        let what = op.map { "value \(id) has op '\($0)' with \(count) operands" } ?? "value \(id) has \(count) operands"
        return what + ": gradstep steps ops of one or two operands, as micrograd's are"
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
    private func pass(_ json: JSONValue?, _ graph: Graph, values: Values, newID: [NodeID]) throws(Problem) -> RecordedPass? {
        switch json {
        case nil, .null?:
            return nil
        case .object(let pass)?:
            switch try optionalString(pass["kind"], "the pass's \"kind\"") ?? "calls" {
            case "calls": return try calls(pass, graph: graph, values: values, newID: newID)
            case let kind: throw Problem("the pass's \"kind\" is \"\(kind)\": gradstep reads \"calls\" and \"local-gradients\"")
            }
        default:
            throw Problem("\"pass\" should be an object")
        }
    }

    private func calls(_ pass: JSONObject, graph: Graph, values: Values, newID: [NodeID]) throws(Problem) -> RecordedPass {
        let seed = try pass["seed"].map { json throws(Problem) in try number(json, "the pass's seed") } ?? 1
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
            let fileID = try integer(parts[0], "the node of \(what)")
            // A value the root does not depend on: its call changes nothing that is shown.
            guard let called = node(fileID) else { continue }
            let outGrad = try number(parts[1], "the out_grad of \(what)")
            var recorded: [RecordedPass.Change] = []
            for change in changes {
                guard case .array(let triple) = change, triple.count == 3 else {
                    throw Problem("a change in \(what) should be [operand, before, after]")
                }
                let operand = try integer(triple[0], "an operand in \(what)")
                guard let target = node(operand), graph[called].operands.contains(target) else {
                    throw Problem("\(what) changes value \(operand), which is not an operand of value \(fileID)")
                }
                recorded.append(RecordedPass.Change(target: target, before: try number(triple[1], "a grad in \(what)"),
                                                    after: try number(triple[2], "a grad in \(what)")))
            }
            calls.append(RecordedPass.Call(node: called, outGrad: outGrad, changes: recorded))
        }
        return RecordedPass(seed: seed, calls: calls)
    }

    /// The local-gradient style's pass, `child.grad += local_grad * v.grad` over reversed
    /// topological order, made from the local grads the learner's class computed.
    private func localGradientPass(count: Int, root: NodeID, values: Values, order: [Int],
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

    /// A format 2 list of numbers: read straight into an array, or else (a `"nan"` string, a
    /// wrong element) from the JSON, number by number; nil when the file has no such member.
    private func column(_ key: String, _ top: JSONObject, _ columns: [String: [Double]]) throws(Problem) -> [Double]? {
        if let column = columns[key] { return column }
        switch top[key] {
        case nil, .null?: return nil
        case .array(let items)?:
            var numbers: [Double] = []
            numbers.reserveCapacity(items.count)
            for (i, item) in items.enumerated() { numbers.append(try number(item, "item \(i) of \"\(key)\"")) }
            return numbers
        default: throw Problem("\"\(key)\" should be a list of numbers")
        }
    }

    /// A format 2 list of whole numbers (ids, counts).
    private func wholeColumn(_ key: String, _ top: JSONObject, _ columns: [String: [Double]]) throws(Problem) -> [Int]? {
        guard let numbers = try column(key, top, columns) else { return nil }
        var whole: [Int] = []
        whole.reserveCapacity(numbers.count)
        for (i, x) in numbers.enumerated() {
            guard x == x.rounded(), abs(x) < 9e15 else { throw Problem("item \(i) of \"\(key)\" should be a whole number, not \(x)") }
            whole.append(Int(x))
        }
        return whole
    }

    private func wholeList(_ json: JSONValue?, _ what: String) throws(Problem) -> [Int] {
        switch json {
        case nil, .null?: return []
        case .array(let items)?:
            var whole: [Int] = []
            for item in items { whole.append(try integer(item, "an id of \(what)")) }
            return whole
        default: throw Problem("\(what) should be a list of ids")
        }
    }

    private func strings(_ json: JSONValue?, _ what: String) throws(Problem) -> [String] {
        guard case .array(let items)? = json else { throw Problem("\(what) should be a list of strings") }
        var strings: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw Problem("\(what) should be a list of strings") }
            strings.append(text)
        }
        return strings
    }

    /// `[[id, "text"], ...]`: text for some of the values, by position.
    private func texts(_ json: JSONValue?, _ what: String, count: Int) throws(Problem) -> [Int: String] {
        switch json {
        case nil, .null?: return [:]
        case .array(let items)?:
            var texts: [Int: String] = [:]
            for item in items {
                guard case .array(let pair) = item, pair.count == 2, case .string(let text) = pair[1] else {
                    throw Problem("\(what) should be a list of [id, text]")
                }
                let id = try integer(pair[0], "an id of \(what)")
                guard (0..<count).contains(id) else { throw Problem("\(what) names value \(id), which is not among the values") }
                texts[id] = text
            }
            return texts
        default: throw Problem("\(what) should be a list of [id, text]")
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

    /// `[[function, parent], ...]`: the runs of the learner's functions, each made in the one its
    /// parent numbers (-1: the `with` block), which comes before it.
    func callTree(_ json: JSONValue?) throws(Problem) -> [Call] {
        switch json {
        case nil, .null?: return []
        case .array(let items)?:
            var calls: [Call] = []
            for (i, item) in items.enumerated() {
                guard case .array(let pair) = item, pair.count == 2, case .string(let function) = pair[0] else {
                    throw Problem("call \(i) of \"call_tree\" should be [function, parent]")
                }
                let parent = try integer(pair[1], "the parent of call \(i)")
                guard (-1..<i).contains(parent) else { throw Problem("call \(i) has parent \(parent), which should be an earlier call or -1") }
                calls.append(Call(function: SafeText.shown(function), parent: parent < 0 ? nil : parent))
            }
            return calls
        default:
            throw Problem("\"call_tree\" should be a list")
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
