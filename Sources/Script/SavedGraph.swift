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
/// The file (format 2) is one JSON object with one list per field, the value with id `i` at
/// position `i` of each (the exporter numbers them breadth first from the root, or operands
/// first; gradstep renumbers them in its own order either way):
///
///     {"gradstep": 2, "style": "micrograd", "root": 0,
///      "data": [-6.0, -2.0, 3.0], "arity": [2, 0, 0], "operands": [1, 2],
///      "ops": ["*", ""], "op": [0, 1, 1], "grad": [1.0, 3.0, -2.0],
///      "labels": [[0, "f"], [1, "a"], [2, "b"]], "names": [[1, "x[0]"]],
///      "pass": {"kind": "calls", "seed": 1.0, "calls": [[0, 1.0, [[1, 0.0, 3.0], [2, 0.0, -2.0]]], ...]}}
///
/// `arity` is each value's number of operands, and `operands` their ids one value after another,
/// in operand order, repeats kept. `op` indexes the `ops` table; a class that keeps no `_op`
/// (microgpt's `Value`) has neither, and each op is named from the numbers (`Op.inferred`).
/// `local_grads` (beside `operands`, one per operand) come with every local-gradient file, and
/// with a micrograd-style file that has an op gradstep does not know. `grad` is what the
/// learner's `backward()` left (micrograd style only: the local-gradient style's pass is
/// `child.grad += local_grad * v.grad`, which the reader replays: `"pass": {"kind":
/// "local-gradients"}`). A call is `[node, out_grad, [[operand, grad before, grad after], ...]]`.
/// Optional: `"labels"` and `"names"` (`[[id, text], ...]`, the name the learner's program
/// holds a value by, `layers[1].neurons[0].w[2]`), `"guessed"` (ids whose operands' order is
/// the exporter's guess: a set, and a closure that does not name them), `"made"` (each value's
/// index in `"sites"`, `[{file, line, function, calls, text}]`, or -1), `"call"` (with it: each
/// value's index in `"call_tree"`, `[[function, parent], ...]`, the runs of the learner's
/// functions, `rmsnorm(x)` for one `x`, each made in its parent, -1 for the `with` block;
/// a comprehension belongs to the run it is in), `"sources"` (each op's
/// `_backward` body by `_op`) and `"pass_error"` (why the pass could not be recorded). Numbers
/// may be `NaN`, `Infinity`, or the strings `"nan"`, `"inf"`, `"-inf"`.
///
/// Format 1 files still open: `"nodes": [{"id", "data", "op", "operands", "label", "name",
/// "made", "local_grads", "operand_order"}, ...]` with any whole numbers for ids.
public enum SavedGraph {
    /// The newest format this reader knows.
    public static let format = 2

    /// Whether `bytes` look like a saved graph rather than a script: their first character
    /// (after whitespace and a byte order mark) is `{`, which starts no Python statement gradstep reads.
    public static func looksSaved(_ bytes: some Collection<UInt8>) -> Bool {
        var rest = bytes[...]
        if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
        return rest.first { ![0x20, 0x0A, 0x0D, 0x09].contains($0) } == UInt8(ascii: "{")
    }

    /// Reads a saved graph, keeping the values the root depends on.
    public static func load(bytes: [UInt8], name: String) throws(SavedGraphError) -> LoadedScript {
        let json: JSONValue, columns: [String: [Double]]
        do {
            (json, columns) = try JSONReader.parse(bytes, columns: SavedGraphDecoder.columnNames)
        } catch {
            throw SavedGraphError(file: name, location: error.location, message: "not valid JSON: \(error.message)")
        }
        do {
            return try SavedGraphDecoder(name: name).decode(json, columns: columns)
        } catch {
            throw SavedGraphError(file: name, location: nil, message: error.message)
        }
    }
}
