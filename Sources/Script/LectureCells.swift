import Autograd
import Foundation

/// The lecture's cells 12.2 and 12.3 as a learner pastes them into a script: `topo = []`,
/// `visited = set()`, `def build_topo(v): ...`, `build_topo(o)`, `topo`, then `o.grad = 1.0` and
/// `for node in reversed(topo): node._backward()`. Recognised by their shape and never run:
/// their lines are blanked out of what the interpreter reads (so every other line keeps its
/// number), and they say the order (`sorted(v._prev, key=lambda x: x.label)` is `label`, plain
/// `v._prev` is Python's set order, `random`) and the root the pass starts from. Any other `def`
/// or `for` is left to the interpreter, which refuses it.
struct LectureCells: Sendable {
    /// The order the search puts children in.
    var order: ChildOrder
    /// The name `build_topo` is called on: the root.
    var root: String
    /// Where that call is, for a message about the name.
    var rootLine: Int
    /// Whether the cells end with the loop over `reversed(topo)`: the pass, as `backward()` steps it.
    var loops: Bool

    /// One physical line: its indent, and its code without a trailing comment or spaces.
    private struct Line {
        var number: Int
        var indent: Int
        var code: String
    }

    /// `scalars` with the cells' lines blanked, and the cells; nil where the text has no
    /// `build_topo` of the lecture's shape.
    static func recognise(_ scalars: [Unicode.Scalar]) -> (text: [Unicode.Scalar], cells: LectureCells)? {
        let text = String(String.UnicodeScalarView(scalars))
        guard text.contains("def ") else { return nil }
        let physical = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let lines = code(physical)
        var blank = Set<Int>()
        guard let def = lines.firstIndex(where: { $0.indent == 0 && $0.code.hasPrefix("def ") }),
              let header = match(lines[def].code, #"def (\w+)\((\w+)\):"#), header.count == 2 else { return nil }
        let (function, v) = (header[0], header[1])
        // The body: every line after the header indented under it.
        var end = def + 1
        while end < lines.count, lines[end].indent > 0 { end += 1 }
        guard let body = Self.body(Array(lines[(def + 1)..<end]), function: function, v: v) else { return nil }
        // Every physical line from the header to the body's last, its docstring and comments too.
        for number in lines[def].number...lines[end - 1].number { blank.insert(number) }
        // `topo = []` and `visited = set()` before it, one per line or together.
        guard Self.containers(lines[..<def], topo: body.topo, visited: body.visited, blank: &blank) else { return nil }
        // `build_topo(o)` after it, then perhaps a bare `topo`, `o.grad = 1.0` and the loop.
        var root: (name: String, line: Int)?, loops = false
        var i = end
        while i < lines.count {
            let line = lines[i]
            if root == nil, line.indent == 0, let call = match(line.code, #"\#(function)\((\w+)\)"#) {
                root = (call[0], line.number)
                blank.insert(line.number)
            } else if root != nil, line.indent == 0, line.code == body.topo {
                blank.insert(line.number)
            } else if root != nil, !loops, line.indent == 0, let loop = match(line.code, #"for (\w+) in reversed\(\#(body.topo)\):(.*)"#) {
                let node = loop[0], rest = loop[1].trimmingCharacters(in: .whitespaces)
                if rest.isEmpty {
                    guard i + 1 < lines.count, lines[i + 1].indent > 0, lines[i + 1].code == "\(node)._backward()" else { return nil }
                    blank.insert(lines[i + 1].number)
                    i += 1
                } else if rest != "\(node)._backward()" {
                    return nil
                }
                blank.insert(line.number)
                loops = true
            }
            i += 1
        }
        guard let root else { return nil }
        var out: [Unicode.Scalar] = []
        for (n, line) in physical.enumerated() {
            if !blank.contains(n + 1) { out += line.unicodeScalars }
            if n < physical.count - 1 { out.append("\n") }
        }
        return (out, LectureCells(order: body.sorted ? .label : .random(seed: 1), root: root.name, rootLine: root.line, loops: loops))
    }

    /// The lines that hold code: their indent and their code, comments and docstrings left out.
    private static func code(_ physical: [String]) -> [Line] {
        var lines: [Line] = [], docstring: String?
        for (n, raw) in physical.enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let quote = docstring {
                if trimmed.contains(quote) { docstring = nil }
                continue
            }
            if let quote = ["'''", "\"\"\""].first(where: { trimmed.hasPrefix($0) }) {
                // A docstring: to its closing quotes, on this line or a later one.
                if !trimmed.dropFirst(3).contains(quote) { docstring = quote }
                continue
            }
            let code = trimmed.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map {
                $0.trimmingCharacters(in: .whitespaces)
            } ?? ""
            if code.isEmpty { continue }
            lines.append(Line(number: n + 1, indent: line.prefix { $0 == " " || $0 == "\t" }.count, code: code))
        }
        return lines
    }

    /// `build_topo`'s body as the lecture writes it, with its names: `if v not in visited:`,
    /// `visited.add(v)`, the loop over the children, the recursive call, `topo.append(v)`.
    private static func body(_ lines: [Line], function: String, v: String) -> (topo: String, visited: String, sorted: Bool)? {
        guard lines.count == 5 else { return nil }
        let (test, add, loop, call, append) = (lines[0], lines[1], lines[2], lines[3], lines[4])
        guard let visited = match(test.code, #"if \#(v) not in (\w+):"#)?.first,
              add.indent > test.indent, add.code == "\(visited).add(\(v))",
              loop.indent == add.indent, append.indent == add.indent, call.indent > loop.indent,
              let topo = match(append.code, #"(\w+)\.append\(\#(v)\)"#)?.first else { return nil }
        let sorted: Bool
        if let child = match(loop.code, #"for (\w+) in sorted\(\#(v)\._prev, key ?= ?lambda (\w+): \2\.label\):"#) {
            guard call.code == "\(function)(\(child[0]))" else { return nil }
            sorted = true
        } else if let child = match(loop.code, #"for (\w+) in \#(v)\._prev:"#) {
            guard call.code == "\(function)(\(child[0]))" else { return nil }
            sorted = false
        } else {
            return nil
        }
        return (topo, visited, sorted)
    }

    /// Whether the lines before the `def` make `topo` a list and `visited` a set; those lines blanked.
    private static func containers(_ lines: ArraySlice<Line>, topo: String, visited: String, blank: inout Set<Int>) -> Bool {
        var madeTopo = false, madeVisited = false
        for line in lines where line.indent == 0 {
            let code = line.code.replacingOccurrences(of: " ", with: "")
            if code == "\(topo)=[]" { madeTopo = true } else if code == "\(visited)=set()" { madeVisited = true }
            else if code == "\(topo),\(visited)=[],set()" || code == "\(visited),\(topo)=set(),[]" { (madeTopo, madeVisited) = (true, true) }
            else { continue }
            blank.insert(line.number)
        }
        return madeTopo && madeVisited
    }

    /// The groups of `pattern` matched against the whole of `text`, nil if it does not match.
    /// A space in the pattern is one or more spaces between two words, any number elsewhere
    /// (`key = lambda`, `key=lambda`); `\w+` is a Python name.
    static func match(_ text: String, _ pattern: String) -> [String]? {
        let characters = Array(pattern)
        var flexible = ""
        for (i, c) in characters.enumerated() {
            guard c == " " else { flexible.append(c); continue }
            func word(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "+" || $0 == ")" } ?? false }
            flexible += word(i > 0 ? characters[i - 1] : nil) && word(i + 1 < characters.count ? characters[i + 1] : nil) ? " +" : " *"
        }
        guard let regex = try? Regex(flexible), let found = try? regex.wholeMatch(in: text) else { return nil }
        return (1..<found.output.count).compactMap { found.output[$0].substring.map(String.init) }
    }
}
