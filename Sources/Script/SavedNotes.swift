import Autograd
import SafeText

/// What a saved graph says of the learner's program besides the values: where they were made
/// and the runs of its functions (the exporter's `recording()`), and each op's `_backward` body.
/// An enum of its own, not an extension of the decoder in another file: that stops a clean build
/// at a "circular reference" (Swift 6.3).
enum SavedNotes {
    /// The lines of the learner's program that made values: `[{file, line, function, calls, text}]`.
    static func sites(_ json: JSONValue?) throws(Problem) -> [Site] {
        try SavedField.list(json, notAList: "\"sites\" should be a list") { i, item throws(Problem) in
            guard case .object(let fields) = item else { throw Problem("site \(i) of \"sites\" should be an object") }
            let what = "site \(i)"
            let calls = try SavedField.list(fields["calls"], notAList: "the calls of \(what) should be a list of names") { _, name throws(Problem) in
                guard case .string(let call) = name else { throw Problem("the calls of \(what) should be names") }
                return SafeText.shown(call)
            }
            func text(_ key: String, _ which: String) throws(Problem) -> String {
                SafeText.shown(try SavedField.optionalString(fields[key], "the \(which) of \(what)") ?? "")
            }
            return Site(file: try text("file", "file"), line: try SavedField.integer(fields["line"], "the line of \(what)"),
                        function: try text("function", "function"), calls: calls, text: try text("text", "text"))
        }
    }

    /// `[[function, parent], ...]`: the runs of the learner's functions, each made in the one its
    /// parent numbers (-1: the `with` block), which comes before it.
    static func callTree(_ json: JSONValue?) throws(Problem) -> [Call] {
        try SavedField.list(json, notAList: "\"call_tree\" should be a list") { i, item throws(Problem) in
            guard case .array(let pair) = item, pair.count == 2, case .string(let function) = pair[0] else {
                throw Problem("call \(i) of \"call_tree\" should be [function, parent]")
            }
            let parent = try SavedField.integer(pair[1], "the parent of call \(i)")
            guard (-1..<i).contains(parent) else { throw Problem("call \(i) has parent \(parent), which should be an earlier call or -1") }
            return Call(function: SafeText.shown(function), parent: parent < 0 ? nil : parent)
        }
    }

    /// `{"*": ["self.grad = other.data * out.grad", ...]}`: the learner's `_backward` bodies.
    static func sources(_ json: JSONValue?) throws(Problem) -> [String: [String]] {
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
