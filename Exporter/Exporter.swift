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
    static let opTableLine = "KNOWN_OPS = set()  # written in from gradstep's op table when `gradstep exporter` prints this module"

    /// The `_op` strings of the ops gradstep steps with its own local derivatives (`**k` aside,
    /// which the module knows by its prefix): an op not among them has its local derivatives
    /// measured from the learner's `_backward`.
    static var pythonOpTable: String {
        let names = OpRule.all.filter { $0.spelling != .power }.flatMap { [$0.symbol] + $0.aliases }
        return "KNOWN_OPS = {" + names.map { "\"\($0)\"" }.joined(separator: ", ") + "}  # gradstep's op table (Sources/Autograd/OpTable.swift)"
    }
}
