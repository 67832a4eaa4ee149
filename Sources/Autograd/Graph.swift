import SafeText

/// A node's position in its graph's `nodes` array.
public typealias NodeID = Int

/// One scalar value of the expression graph: micrograd's `Value`.
public struct Node: Hashable, Sendable {
    /// The forward value.
    public var data: Double
    public var op: Op
    /// micrograd's label: what the script set with `label=` or `.label =`, else empty.
    public var label: String
    /// The variable the value was first bound to in the script, else empty. For display only.
    public var name: String
    /// How many values were bound to `name` before this one (`c += 1` rebinds `c`): shown as primes, `c'`.
    public var rebinding: Int = 0
    /// The plain number a constant leaf was made from (`2 * x` makes the leaf `2`), else nil.
    public var constant: Number?
    /// The script text that made the value, whitespace normalised (`e - 1`, `(e + 1)**-1`): its
    /// title when it has no label and no name. Empty where no script made it.
    public var sourceTitle: String = ""
    /// The operands in operand order, repeats kept: `a + a` has two slots that both hold `a`.
    public var operands: [NodeID]
    /// For a value saved from Python: its operands' order is a guess, as the class kept them in a
    /// set and its `_backward` did not name them `self` and `other`.
    public var operandOrderGuessed = false

    public var isLeaf: Bool { operands.isEmpty }
}

/// A scalar expression graph. Ids are indices, and every operand is created before its result,
/// so ascending id order is always a valid topological order.
public struct Graph: Sendable {
    public private(set) var nodes: [Node] = []
    /// Where the learner's program made values (the exporter's `recording()`), and which site
    /// each value was made at (-1: not known); empty when nothing is known.
    public private(set) var sites: [Site] = []
    private var siteOfNode: [Int32] = []

    public init() {}

    public var count: Int { nodes.count }

    public subscript(id: NodeID) -> Node { nodes[id] }

    /// Adds a leaf: `Value(data, label=...)`.
    @discardableResult
    public mutating func leaf(_ data: Double, label: String = "") -> NodeID {
        nodes.append(Node(data: data, op: .leaf, label: "", name: "", constant: nil, operands: []))
        if !label.isEmpty { setLabel(label, of: nodes.count - 1) }
        return nodes.count - 1
    }

    /// Adds the unlabelled leaf micrograd wraps a plain number in (`Value(other)`).
    @discardableResult
    public mutating func constant(_ number: Number) -> NodeID {
        nodes.append(Node(data: number.value, op: .leaf, label: "", name: "", constant: number, operands: []))
        return nodes.count - 1
    }

    /// Adds the result of a primitive op applied to `operands`, computing its data.
    @discardableResult
    public mutating func apply(_ op: Op, _ operands: NodeID...) -> NodeID {
        precondition(operands.count == op.arity, "\(op) takes \(op.arity) operands")
        let x = nodes[operands[0]].data
        let y = operands.count > 1 ? nodes[operands[1]].data : 0
        nodes.append(Node(data: op.forward(x, y), op: op, label: "", name: "", constant: nil, operands: operands))
        return nodes.count - 1
    }

    /// Adds a value computed elsewhere (a graph saved from Python): its data as given, not recomputed.
    @discardableResult
    public mutating func append(data: Double, op: Op, operands: [NodeID], label: String) -> NodeID {
        precondition(operands.count == op.arity && operands.allSatisfy { $0 < nodes.count }, "operands come first")
        nodes.append(Node(data: data, op: op, label: "", name: "", constant: nil, operands: operands))
        if !label.isEmpty { setLabel(label, of: nodes.count - 1) }
        return nodes.count - 1
    }

    /// Marks a saved value whose operands' order the exporter guessed (see `Node.operandOrderGuessed`).
    public mutating func markOperandOrderGuessed(_ id: NodeID) {
        nodes[id].operandOrderGuessed = true
    }

    /// Records the script text that made a value, unless it has one (see `Node.sourceTitle`).
    public mutating func setSourceTitle(_ text: String, of id: NodeID) {
        if nodes[id].sourceTitle.isEmpty && nodes[id].constant == nil { nodes[id].sourceTitle = SafeText.shown(text) }
    }

    /// Sets micrograd's label of a value: kept as every screen shows it (`SafeText.shown`, made
    /// once here so that no frame pays for a huge label again), and whole for JSON.
    public mutating func setLabel(_ label: String, of id: NodeID) {
        let shown = SafeText.shown(label)
        nodes[id].label = shown
        wholeLabels[id] = shown == label ? nil : label
    }

    /// The labels that `Node.label` shows cut or written out, whole, by id.
    public private(set) var wholeLabels: [NodeID: String] = [:]

    /// A value's label as the script or file gave it: for JSON, where nothing needs cutting.
    public func wholeLabel(_ id: NodeID) -> String {
        wholeLabels.isEmpty ? nodes[id].label : wholeLabels[id] ?? nodes[id].label
    }

    /// Where value `id` was made in the learner's program, if that was recorded.
    public func site(of id: NodeID) -> Site? {
        siteIndex(of: id).map { sites[$0] }
    }

    /// The index in `sites` of where a value was made.
    public func siteIndex(of id: NodeID) -> Int? { Self.entry(siteOfNode, id) }

    /// Sets where values were made: `made[id]` is an index into `sites`, or -1 where not known.
    public mutating func setSites(_ sites: [Site], made: [Int32]) {
        self.sites = sites
        siteOfNode = Self.entries(made, count: nodes.count, within: sites.indices)
    }

    /// The runs of the learner's functions the values were made in (the exporter's `recording()`):
    /// each call's function and the call it was made in; empty when nothing is known.
    public private(set) var calls: [Call] = []
    private var callOfNode: [Int32] = []

    /// The call of the learner's a value was made in, directly (not in one it made); nil for the
    /// `with` block itself or where nothing is known.
    public func call(of id: NodeID) -> Int? { Self.entry(callOfNode, id) }

    /// Sets the calls values were made in: `made[id]` is an index into `calls`, or -1. Every
    /// call's parent comes before it.
    public mutating func setCalls(_ calls: [Call], made: [Int32]) {
        self.calls = calls
        callOfNode = Self.entries(made, count: nodes.count, within: calls.indices)
    }

    /// One value's index in a per-value table of `sites` or `calls` (-1: none).
    private static func entry(_ table: [Int32], _ id: NodeID) -> Int? {
        id < table.count && table[id] >= 0 ? Int(table[id]) : nil
    }

    /// A per-value table of indices, each kept only where it is one of `valid`.
    private static func entries(_ made: [Int32], count: Int, within valid: Range<Int>) -> [Int32] {
        (0..<count).map { id in id < made.count && valid.contains(Int(made[id])) ? made[id] : -1 }
    }

    /// Makes room for `count` values.
    public mutating func reserveCapacity(_ count: Int) {
        nodes.reserveCapacity(count)
    }

    /// Records the variable a value is bound to, unless it already has one; `rebinding` counts
    /// the values bound to that name before.
    /// - Returns: whether the name was recorded.
    @discardableResult
    public mutating func bindName(_ name: String, rebinding: Int = 0, to id: NodeID) -> Bool {
        guard nodes[id].name.isEmpty else { return false }
        nodes[id].name = SafeText.shown(name)
        nodes[id].rebinding = rebinding
        return true
    }

    /// The graph `root` depends on, as micrograd's `draw_dot(root)` sees it: every other node dropped,
    /// ids renumbered in creation order, so the root gets the last id.
    /// - Complexity: O(n).
    func reachable(from root: NodeID) -> (graph: Graph, root: NodeID) {
        let (graph, newID) = reachableRenumbered(from: root)
        return (graph, newID[root]!)  // the root always reaches itself
    }

    /// `reachable(from:)`, with each old id's new one (nil for a node dropped).
    public func reachableRenumbered(from root: NodeID) -> (graph: Graph, newID: [NodeID?]) {
        var keep = [Bool](repeating: false, count: nodes.count)
        keep[root] = true
        // Operands always have smaller ids, so one backward sweep marks every ancestor.
        for id in stride(from: root, through: 0, by: -1) where keep[id] {
            for operand in nodes[id].operands { keep[operand] = true }
        }
        var newID = [NodeID](repeating: -1, count: nodes.count)
        var pruned = Graph()
        pruned.nodes.reserveCapacity(root + 1)
        for id in 0...root where keep[id] {
            var node = nodes[id]
            node.operands = node.operands.map { newID[$0] }
            newID[id] = pruned.nodes.count
            if let whole = wholeLabels[id] { pruned.wholeLabels[pruned.nodes.count] = whole }
            pruned.nodes.append(node)
        }
        return (pruned, newID.map { $0 < 0 ? nil : $0 })
    }
}

/// One run of a function of the learner's: `rmsnorm(x)` for one `x`.
public struct Call: Hashable, Sendable {
    /// The function run, as the exporter names it: `rmsnorm`, `Layer.parameters`, `Neuron`.
    public var function: String
    /// The call this one was made in; nil for one made in the `with` block itself.
    public var parent: Int?

    /// A run of `function`, made inside the call `parent` (an index into the graph's calls).
    public init(function: String, parent: Int?) {
        self.function = function
        self.parent = parent
    }
}

/// A line of the learner's program that made values: its file, line and function, the calls
/// that led there (outermost first: `doc_loss`, `gpt`), and the line's text.
public struct Site: Hashable, Sendable {
    /// The file as Python named it: a path, `<stdin>`, a notebook cell's `<ipython-input-…>`.
    public var file: String
    /// The line's number in `file`, from 1.
    public var line: Int
    /// The frame's function: `rmsnorm`, or a comprehension's `<genexpr>` (see `namedFunction`).
    public var function: String
    /// The learner's calls that led to the frame, outermost first.
    public var calls: [String]
    /// The line's text, as saved: what the step pane quotes.
    public var text: String

    /// A line of `file`; `caller`, the function a person would name, is worked out from the rest.
    public init(file: String, line: Int, function: String, calls: [String], text: String) {
        self.file = file
        self.line = line
        self.function = function
        self.calls = calls
        self.text = text
        caller = Self.caller(file: file, function: function, calls: calls)
    }

    /// The function a person would name: a comprehension's or a generator's enclosing call
    /// (`rmsnorm` for the `<genexpr>` inside it, `linear` for a `<genexpr>` in a `<listcomp>` in it).
    public let caller: String

    /// The learner's function the line is in, a comprehension's enclosing one (`softmax` for the
    /// `<listcomp>` in it), `<module>` at the top of a file; and the calls that led there without
    /// comprehensions or generators: as `trace --format json` writes `source`.
    public var namedFunction: String { Self.named([function] + calls.reversed()) }
    public var namedCalls: [String] {
        // The calls without the comprehensions, and without the named function itself where it was a call's.
        let kept = calls.filter { !Self.isComprehension($0) }
        return Self.isComprehension(function) && !kept.isEmpty && kept.last == namedFunction ? Array(kept.dropLast()) : kept
    }

    /// `<listcomp>`, `<genexpr>`, `<lambda>`: frames inside a function's line, not calls a person named.
    static func isComprehension(_ name: String) -> Bool { name.hasPrefix("<") && name != "<module>" }

    private static func named(_ innermostFirst: [String]) -> String {
        innermostFirst.first { !isComprehension($0) } ?? "<module>"
    }

    private static func caller(file: String, function: String, calls: [String]) -> String {
        // A comprehension at the top of a file is the module's too.
        let named = named([function] + calls.reversed())
        // Code at the top of a file (a training loop) is the module's: `microgpt` for microgpt.py.
        guard named == "<module>" else { return named }
        // A notebook's cell: `<ipython-input-3-…>`, or ipykernel's `/tmp/ipykernel_12/3456.py`.
        if file.hasPrefix("<ipython-input") || file.contains("/ipykernel_") { return "cell" }
        if file.hasPrefix("<") && file.hasSuffix(">") { return String(file.dropFirst().dropLast()) }
        let base = file.split(separator: "/").last.map(String.init) ?? file
        let stem = base.hasSuffix(".py") ? String(base.dropLast(3)) : base
        return stem.isEmpty ? named : stem
    }
}
