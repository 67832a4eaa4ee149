import Autograd

/// A file's values, whichever format it came in: position `i` is one value, its operands
/// are positions too.
struct SavedValues: Sendable {
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

    /// How a message names position `i`: by the file's id.
    func id(_ i: Int) -> Int { fileIDs?[i] ?? i }
    /// The position of the value the file calls `id`, if it has one.
    func position(ofID id: Int) -> Int? {
        if let positionOfFileID { return positionOfFileID[id] }
        return (0..<count).contains(id) ? id : nil
    }
}

/// Reading the values of each format.
extension SavedValues {
    /// Format 1: `"nodes": [{"id", "data", "op", "operands", "label", ...}, ...]`, ids any whole numbers.
    static func format1(_ top: JSONObject) throws(Problem) -> SavedValues {
        guard case .array(let list)? = top["nodes"] else { throw Problem("\"nodes\" should be a list of values") }
        guard !list.isEmpty else { throw Problem("the file has no values") }
        var entries: [Entry] = []
        entries.reserveCapacity(list.count)
        var position = IDMap<Int>(count: list.count)
        for (i, item) in list.enumerated() {
            let entry = try entry(item, position: i)
            guard position[entry.id] == nil else { throw Problem("two values have the id \(entry.id)") }
            // micrograd's ops take one operand or two, and so do gradstep's boxes and lines.
            guard entry.operands.count <= 2 else { throw Problem(Self.tooManyOperands(entry.id, entry.operands.count, op: entry.op)) }
            position[entry.id] = i
            entries.append(entry)
        }
        let rootID = try SavedField.integer(top["root"], "\"root\"")
        guard let root = position[rootID] else { throw Problem("the root, \(rootID), is not among the values") }
        var values = SavedValues(fileIDs: entries.map(\.id), root: root)
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
    static func format2(_ top: JSONObject, _ columns: [String: [Double]]) throws(Problem) -> SavedValues {
        let data = try SavedField.column("data", top, columns) ?? []
        guard !data.isEmpty else { throw Problem("the file has no values") }
        let count = data.count
        let root = try SavedField.integer(top["root"], "\"root\"")
        guard (0..<count).contains(root) else { throw Problem("the root, \(root), is not among the values") }
        var values = SavedValues(root: root, data: data)
        guard let arity = try SavedField.wholeColumn("arity", top, columns), arity.count == count else {
            throw Problem("\"arity\" should give each of the \(count) values its number of operands")
        }
        values.operandStart.reserveCapacity(count + 1)
        for (i, a) in arity.enumerated() {
            guard a >= 0 else { throw Problem("\"arity\" should hold counts of operands, not \(a)") }
            guard a <= 2 else { throw Problem(Self.tooManyOperands(i, a, op: nil)) }
            values.operandStart.append(values.operandStart[values.operandStart.count - 1] + a)
        }
        let slots = values.operandStart[count]
        values.operands = try SavedField.wholeColumn("operands", top, columns) ?? []
        guard values.operands.count == slots else {
            throw Problem("\"operands\" should hold \(slots) ids, as \"arity\" adds up to, not \(values.operands.count)")
        }
        for i in 0..<count {
            for operand in values.operands(of: i) where !(0..<count).contains(operand) {
                throw Problem("value \(i) has operand \(operand), which is not among the values")
            }
        }
        if let localGrads = try SavedField.column("local_grads", top, columns) {
            guard localGrads.count == slots else {
                throw Problem("\"local_grads\" should hold one number per operand, \(slots), not \(localGrads.count)")
            }
            values.localGrads = localGrads
        }
        if let opIndex = try SavedField.wholeColumn("op", top, columns) {
            values.opTable = try SavedField.strings(top["ops"], "\"ops\"")
            guard opIndex.count == count else { throw Problem("\"op\" should give each of the \(count) values an op") }
            for k in opIndex where !values.opTable.indices.contains(k) {
                throw Problem("\"op\" names op \(k), which \"ops\" does not list")
            }
            values.opIndex = opIndex.map { Int32($0) }
        }
        values.labels = try SavedField.texts(top["labels"], "\"labels\"", count: count)
        values.names = try SavedField.texts(top["names"], "\"names\"", count: count)
        if let made = try SavedField.wholeColumn("made", top, columns) {
            guard made.count == count else { throw Problem("\"made\" should give each of the \(count) values a site, or -1") }
            values.made = made.map { Int32(clamping: $0) }
        }
        if let call = try SavedField.wholeColumn("call", top, columns) {
            guard call.count == count else { throw Problem("\"call\" should give each of the \(count) values a call, or -1") }
            values.call = call.map { Int32(clamping: $0) }
        }
        for id in try SavedField.wholeList(top["guessed"], "\"guessed\"") {
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

    private static func entry(_ item: JSONValue, position: Int) throws(Problem) -> Entry {
        guard case .object(let fields) = item else { throw Problem("value \(position + 1) of \"nodes\" should be an object") }
        let id = try SavedField.integer(fields["id"], "the \"id\" of value \(position + 1)")
        let what = "value \(id)"
        let data = try SavedField.number(fields["data"], "the data of \(what)")
        let op = try SavedField.optionalString(fields["op"], "the op of \(what)") ?? ""
        let label = try SavedField.optionalString(fields["label"], "the label of \(what)") ?? ""
        let name = try SavedField.optionalString(fields["name"], "the name of \(what)") ?? ""
        var made: Int?
        switch fields["made"] {
        case nil, .null?: break
        default: made = try SavedField.integer(fields["made"], "the \"made\" of \(what)")
        }
        var operands: [Int] = []
        switch fields["operands"] {
        case nil, .null?: break
        case .array(let items)?:
            for item in items { operands.append(try SavedField.integer(item, "an operand of \(what)")) }
        default: throw Problem("the operands of \(what) should be a list of ids")
        }
        var localGrads: [Double]?
        switch fields["local_grads"] {
        case nil, .null?: break
        case .array(let items)?:
            var grads: [Double] = []
            for item in items { grads.append(try SavedField.number(item, "a local grad of \(what)")) }
            guard grads.count == operands.count else {
                throw Problem("\(what) has \(operands.count) operand\(operands.count == 1 ? "" : "s") but \(grads.count) local grads")
            }
            localGrads = grads
        default: throw Problem("the local_grads of \(what) should be a list of numbers")
        }
        let order = try SavedField.optionalString(fields["operand_order"], "the operand_order of \(what)")
        guard order == nil || order == "guessed" || order == "known" else {
            throw Problem("the operand_order of \(what) should be \"guessed\" or \"known\"")
        }
        return Entry(id: id, data: data, op: op, operands: operands, label: label, name: name, made: made, localGrads: localGrads,
                     orderGuessed: order == "guessed")
    }

    /// Why a value with more than two operands is refused.
    static func tooManyOperands(_ id: Int, _ count: Int, op: String?) -> String {
        let what = op.map { "value \(id) has op '\($0)' with \(count) operands" } ?? "value \(id) has \(count) operands"
        return what + ": gradstep steps ops of one or two operands, as micrograd's are"
    }
}
