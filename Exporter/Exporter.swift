import Autograd

/// The Python module that saves a learner's graph and backward pass for gradstep to open,
/// compiled into the binary so `gradstep exporter` prints it from any directory.
public enum Exporter {
    /// The module's file name, as `import gradstep_export` finds it.
    public static let fileName = "gradstep_export.py"

    /// The module's source: standard-library Python, one file, with gradstep's op table written in.
    public static let source: String = {
        let template = String(decoding: PackageResources.gradstep_export_py, as: UTF8.self)
        guard let line = template.range(of: opTableLine) else {
            preconditionFailure("\(fileName) has no line `\(opTableLine)`")
        }
        return template.replacingCharacters(in: line, with: pythonOpTable)
    }()

    /// The line of the module that the op table replaces.
    static let opTableLine = "_OPS = []  # written in from gradstep's op table when `gradstep exporter` prints this module"

    /// The op table in Python: each rule that has a Python form, as
    /// `((names...), arity, lambda x, y: forward, lambda x, y, out: (locals...))`.
    static var pythonOpTable: String {
        let rows = OpRule.all.compactMap { rule -> String? in
            guard let python = rule.python else { return nil }
            let names = ([rule.symbol] + rule.aliases).map { "\"\($0)\", " }.joined()
            let locals = python.locals.map { "\($0), " }.joined()
            return "    ((\(names)), \(rule.arity), lambda x, y: \(python.forward), lambda x, y, out: (\(locals))),\n"
        }
        return "_OPS = [  # gradstep's op table (Sources/Autograd/OpTable.swift)\n" + rows.joined() + "]"
    }
}
