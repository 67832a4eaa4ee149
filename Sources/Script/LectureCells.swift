import Autograd
import Foundation

/// The lecture's cells 12.2 and 12.3 as a learner pastes them into a script: `topo = []`,
/// `visited = set()`, `def build_topo(v): ...`, `build_topo(o)`, `topo`, then `o.grad = 1.0` and
/// `for node in reversed(topo): node._backward()`. Recognised by their shape and never run:
/// their lines are blanked out of what the interpreter reads (so every other line keeps its
/// number), and they say the order (`sorted(v._prev, key=lambda x: x.label)` is `label`, plain
/// `v._prev` is Python's set order, `random`) and the root the pass starts from. A `def` that is
/// not `build_topo` is left to the interpreter, which refuses it; a `build_topo` that differs
/// from the lecture's is refused at the line that differs.
struct LectureCells: Sendable {
    /// The order the search puts children in.
    var order: ChildOrder
    /// The name `build_topo` is called on: the root.
    var root: String
    /// Where that call is, for a message about the name.
    var rootLine: Int
    /// Whether the cells end with the loop over `reversed(topo)`: the pass, as `backward()` steps it.
    var loops: Bool

    /// One line of code: its number, its indent, and its code without a trailing comment.
    struct Line {
        var number: Int
        var indent: Int
        var code: String
    }

    /// `scalars` with the cells' lines blanked, and the cells; nil where the text has no
    /// `build_topo`; a failure at the line where a `build_topo` differs from the lecture's.
    static func recognise(_ scalars: [Unicode.Scalar]) throws(Failure) -> (text: [Unicode.Scalar], cells: LectureCells)? {
        // Most scripts have no `def` at all: they cost one look at their characters.
        guard scalars.indices.dropLast(2).contains(where: { scalars[$0] == "d" && scalars[$0 + 1] == "e" && scalars[$0 + 2] == "f" }) else { return nil }
        let physical = scalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        let lines = code(physical)
        guard let def = lines.firstIndex(where: { $0.indent == 0 && ($0.code.hasPrefix("def ") || $0.code.hasPrefix("def\t")) }),
              let header = match(lines[def].code, #"def (\w+)~\(~(\w+)~\)~:"#), header.count == 2 else { return nil }
        let (function, v) = (header[0], header[1])
        var end = def + 1
        while end < lines.count, lines[end].indent > 0 { end += 1 }
        let bodyLines = Array(lines[(def + 1)..<end])
        // Only a `build_topo` is the lecture's: any other function is the interpreter's to refuse.
        guard function == "build_topo" || bodyLines.first.map({ match($0.code, #"if \#(v) not in \w+~:"#) != nil }) == true else { return nil }
        let body = try Self.body(bodyLines, header: lines[def], function: function, v: v)
        var blank = Set(lines[def].number...(bodyLines.last?.number ?? lines[def].number))
        guard Self.containers(lines[..<def], topo: body.topo, visited: body.visited, blank: &blank) else {
            throw Failure("\(function) uses \(body.topo) and \(body.visited): make them first with `\(body.topo) = []` and `\(body.visited) = set()`, as cell 12.2 does",
                          at: SourceLocation(line: lines[def].number, column: 1))
        }
        let (root, loops) = try Self.calls(Array(lines[end...]), function: function, topo: body.topo, header: lines[def], blank: &blank)
        var out: [Unicode.Scalar] = []
        for (n, line) in physical.enumerated() {
            if !blank.contains(n + 1) { out += line.unicodeScalars }
            if n < physical.count - 1 { out.append("\n") }
        }
        return (out, LectureCells(order: body.sorted ? .label : .random(seed: 1), root: root.name, rootLine: root.line, loops: loops))
    }

    /// The lines that hold code: their indent and their code, comments and docstrings left out.
    static func code(_ physical: [String]) -> [Line] {
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
            // A one-line string on its own (a docstring in plain quotes) is no code either.
            if let q = trimmed.first, q == "'" || q == "\"", trimmed.count > 1, trimmed.last == q, !trimmed.dropFirst().dropLast().contains(q) { continue }
            let code = trimmed.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map {
                $0.trimmingCharacters(in: .whitespaces)
            } ?? ""
            if code.isEmpty { continue }
            lines.append(Line(number: n + 1, indent: line.prefix { $0 == " " || $0 == "\t" }.count, code: code))
        }
        return lines
    }

    /// Where a `build_topo` differs from the lecture's: the line, and what cell 12.2 has there.
    static func differs(_ line: Line, _ expected: String) -> Failure {
        Failure("this build_topo differs from the lecture's: \(expected) (gradstep reads cell 12.2's build_topo, "
                + "not other code; save anything else from Python with the module `gradstep exporter` prints)",
                at: SourceLocation(line: line.number, column: line.indent + 1))
    }

    /// `build_topo`'s body as the lecture writes it, with its names: `if v not in visited:`,
    /// `visited.add(v)`, the loop over the children, the recursive call, `topo.append(v)`.
    static func body(_ lines: [Line], header: Line, function: String, v: String) throws(Failure) -> (topo: String, visited: String, sorted: Bool) {
        let want = ["`if \(v) not in visited:`", "`visited.add(\(v))` under it", "the loop over \(v)'s children, "
                    + "`for child in sorted(\(v)._prev, key=lambda x: x.label):` or `for child in \(v)._prev:`",
                    "`\(function)(child)` in the loop", "`topo.append(\(v))` after the loop"]
        func line(_ i: Int) throws(Failure) -> Line {
            guard i < lines.count else { throw differs(lines.last ?? header, "it ends before \(want[i])") }
            return lines[i]
        }
        let test = try line(0)
        guard let visited = match(test.code, #"if \#(v) not in (\w+)~:"#)?.first else { throw differs(test, "it begins \(want[0])") }
        let add = try line(1)
        guard add.indent > test.indent, add.code.replacingOccurrences(of: " ", with: "") == "\(visited).add(\(v))" else { throw differs(add, "next comes \(want[1])") }
        let loop = try line(2)
        let sortedLoop = match(loop.code, #"for (\w+) in sorted~\(~\#(v)\._prev~,~key~=~lambda (\w+)~:~\2\.label~\)~:"#)
        guard loop.indent == add.indent, let child = (sortedLoop ?? match(loop.code, #"for (\w+) in \#(v)\._prev~:"#))?.first else { throw differs(loop, "next comes \(want[2])") }
        let call = try line(3)
        guard call.indent > loop.indent, call.code.replacingOccurrences(of: " ", with: "") == "\(function)(\(child))" else { throw differs(call, "next comes \(want[3])") }
        let append = try line(4)
        guard let topo = match(append.code, #"(\w+)~\.~append~\(~\#(v)~\)"#)?.first else { throw differs(append, "next comes \(want[4])") }
        guard append.indent == add.indent else {
            throw differs(append, "`\(topo).append(\(v))` comes after the loop, not in it: a value joins topo only once all its children have")
        }
        if lines.count > 5 { throw differs(lines[5], "its body ends at `\(topo).append(\(v))`") }
        return (topo, visited, sortedLoop != nil)
    }

    /// Whether the lines before the `def` make `topo` a list and `visited` a set; those lines blanked.
    static func containers(_ lines: ArraySlice<Line>, topo: String, visited: String, blank: inout Set<Int>) -> Bool {
        var madeTopo = false, madeVisited = false
        for line in lines where line.indent == 0 && (line.code.hasPrefix(topo) || line.code.hasPrefix(visited)) {
            let code = line.code.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\t", with: "")
            if code == "\(topo)=[]" { madeTopo = true } else if code == "\(visited)=set()" { madeVisited = true }
            else if code == "\(topo),\(visited)=[],set()" || code == "\(visited),\(topo)=set(),[]" { (madeTopo, madeVisited) = (true, true) }
            else { continue }
            blank.insert(line.number)
        }
        return madeTopo && madeVisited
    }

    /// After the `def`: `build_topo(o)`, perhaps a bare `topo`, then perhaps `o.grad = 1.0` and the
    /// loop over `reversed(topo)`, each blanked. The root's name and line, and whether the loop is there.
    static func calls(_ lines: [Line], function: String, topo: String, header: Line, blank: inout Set<Int>) throws(Failure) -> ((name: String, line: Int), Bool) {
        // Made once, not once a line: a long script after the cells costs a match a line.
        guard let rootCall = regex(#"\#(function)~\(~(\w+)~\)"#), let loopHeader = regex(#"for (\w+) in reversed~\(~\#(topo)~\)~:(.*)"#),
              let seedLine = regex(#"(\w+)~\.~grad~=~(.+)"#) else { throw differs(header, "gradstep could not read it") }
        var root: (name: String, line: Int)?, seed: Line?, loops = false
        var i = 0
        while i < lines.count {
            let line = lines[i]
            defer { i += 1 }
            guard line.indent == 0 else { continue }
            if let call = match(line.code, rootCall) {
                guard root == nil || root!.name == call[0] else { throw differs(line, "build_topo is called once, on the root") }
                root = root ?? (call[0], line.number)
                blank.insert(line.number)
            } else if root != nil, line.code == topo {
                blank.insert(line.number)
            } else if root != nil, !loops, match(line.code, seedLine) != nil {
                seed = line
            } else if root != nil, !loops, let loop = match(line.code, loopHeader) {
                let node = loop[0], rest = loop[1].trimmingCharacters(in: .whitespaces)
                if rest.isEmpty {
                    guard i + 1 < lines.count, lines[i + 1].indent > 0, lines[i + 1].code == "\(node)._backward()" else {
                        throw differs(i + 1 < lines.count ? lines[i + 1] : line, "the loop's body is `\(node)._backward()`, as cell 12.3 writes it")
                    }
                    if i + 2 < lines.count, lines[i + 2].indent > 0 { throw differs(lines[i + 2], "the loop's body is `\(node)._backward()` alone") }
                    blank.insert(lines[i + 1].number)
                } else if rest != "\(node)._backward()" {
                    throw differs(line, "the loop's body is `\(node)._backward()`, as cell 12.3 writes it")
                }
                blank.insert(line.number)
                loops = true
                try checkSeed(seed, root: root!.name, loop: line, blank: &blank)
            }
        }
        guard let root else { throw differs(header, "it is never called: `build_topo(o)`, with the root, comes after it") }
        return (root, loops)
    }

    /// The loop steps the pass `backward()` makes, so the line before it seeds the root with 1.0 (blanked too).
    static func checkSeed(_ seed: Line?, root: String, loop: Line, blank: inout Set<Int>) throws(Failure) {
        guard let seed, let parts = match(seed.code, #"(\w+)~\.~grad~=~(.+)"#) else {
            throw differs(loop, "the loop needs `\(root).grad = 1.0` before it, as cell 12.3 sets it")
        }
        guard parts[0] == root else {
            throw differs(seed, "build_topo(\(root)) sorted what \(root) depends on, so the pass starts from `\(root).grad = 1.0`")
        }
        guard let value = Double(parts[1].trimmingCharacters(in: .whitespaces)), value == 1 else {
            throw differs(seed, "the loop steps as backward() does, from `\(root).grad = 1.0`")
        }
        blank.insert(seed.number)
    }

    /// The groups of `pattern` matched against the whole of `text`, nil if it does not match.
    static func match(_ text: String, _ pattern: String) -> [String]? {
        regex(pattern).flatMap { match(text, $0) }
    }

    /// The groups of `regex` matched against the whole of `text`.
    static func match(_ text: String, _ regex: Regex<AnyRegexOutput>) -> [String]? {
        guard let found = try? regex.wholeMatch(in: text) else { return nil }
        return (1..<found.output.count).compactMap { found.output[$0].substring.map(String.init) }
    }

    /// `pattern` as `match` reads it: a space is one or more spaces or tabs, `~` any number;
    /// `\w+` is a Python name.
    static func regex(_ pattern: String) -> Regex<AnyRegexOutput>? {
        try? Regex(pattern.replacingOccurrences(of: " ", with: "[ \\t]+").replacingOccurrences(of: "~", with: "[ \\t]*"))
    }
}
