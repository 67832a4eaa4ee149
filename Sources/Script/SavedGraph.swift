import Autograd
import SafeText

/// What is wrong with a saved graph, in one line: `FILE: error: ...`, or `FILE:LINE:COL: error: ...`
/// where the JSON itself is broken.
public struct SavedGraphError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    var location: SourceLocation?
    public var message: String

    public var description: String {
        let place = location.map { ":\($0.line):\($0.column)" } ?? ""
        return "\(SafeText.visible(file))\(place): error: \(SafeText.visible(message))"
    }
}

/// Reads a graph saved from Python by `gradstep_export.save(root, path)` (the module
/// `gradstep exporter` prints): the values, and the learner's own backward pass when recorded.
///
/// The file (format 1) is one JSON object:
///
///     {"gradstep": 1, "style": "micrograd", "root": 4,
///      "nodes": [{"id": 0, "data": 2.0, "grad": -3.0, "op": "", "operands": [], "label": "a"}, ...],
///      "pass": {"kind": "calls", "seed": 1.0, "calls": [[4, 1.0, [[2, 0.0, 3.0], [3, 0.0, -6.0]]], ...]}}
///
/// A node's `operands` are ids, in operand order, repeats kept; `local_grads` (one per operand)
/// are given for an op gradstep does not know, and for every op of the local-gradient style. A
/// call is `[node, out_grad, [[operand, grad before, grad after], ...]]`. The pass `"kind":
/// "local-gradients"` means the learner's pass is `child.grad += local_grad * v.grad`. Optional:
/// `"sources"`, each op's `_backward` body by `_op` (`{"*": ["self.grad = other.data * out.grad", ...]}`),
/// and `"pass_error"`, why the pass could not be recorded. A node's `"operand_order": "guessed"`
/// says its operands' order is the exporter's guess (a set, and a closure that does not name them);
/// its `"name"`, where the learner's program holds it (`layers[1].neurons[0].w[2]`, `loss`).
/// Numbers may be `NaN`, `Infinity`, or the strings `"nan"`, `"inf"`, `"-inf"`.
public enum SavedGraph {
    /// The newest format this reader knows.
    public static let format = 1

    /// Whether `bytes` look like a saved graph rather than a script: their first character
    /// (after whitespace and a byte order mark) is `{`, which starts no Python statement gradstep reads.
    public static func looksSaved(_ bytes: some Collection<UInt8>) -> Bool {
        var rest = bytes[...]
        if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
        return rest.first { ![0x20, 0x0A, 0x0D, 0x09].contains($0) } == UInt8(ascii: "{")
    }

    /// Reads a saved graph, keeping the values the root depends on.
    public static func load(bytes: [UInt8], name: String) throws(SavedGraphError) -> LoadedScript {
        let json: JSONValue
        do {
            json = try JSONReader.parse(bytes)
        } catch {
            throw SavedGraphError(file: name, location: error.location, message: "not valid JSON: \(error.message)")
        }
        do {
            return try SavedGraphDecoder(name: name).decode(json)
        } catch {
            throw SavedGraphError(file: name, location: nil, message: error.message)
        }
    }
}
