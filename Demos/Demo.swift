/// A built-in example script, compiled into the binary so it works from any directory.
public struct Demo: Sendable {
    /// The name to pass on the command line: `gradstep trace two-paths`.
    public let name: String
    /// The script, in micrograd's Python syntax.
    public let source: String

    /// What the demo teaches: the script's first comment line.
    public var summary: String {
        let first = source.split(separator: "\n", maxSplits: 1).first ?? ""
        return first.hasPrefix("# ") ? String(first.dropFirst(2)) : ""
    }

    private init(_ name: String, _ bytes: [UInt8]) {
        self.name = name
        source = String(decoding: bytes, as: UTF8.self)
    }

    /// Every demo, the default first.
    public static let all: [Demo] = [
        Demo("two-paths", PackageResources.two_paths_py),
        Demo("a-plus-a", PackageResources.a_plus_a_py),
        Demo("neuron", PackageResources.neuron_py),
        Demo("neuron-exp", PackageResources.neuron_exp_py),
        Demo("sanity-check", PackageResources.sanity_check_py),
        Demo("more-ops", PackageResources.more_ops_py),
        Demo("layer", PackageResources.layer_py),
    ]

    /// `f = (a*b)*(a+b)`: what `gradstep` opens with no arguments.
    public static var standard: Demo { all[0] }

    /// The demo called `name`, if there is one.
    public static func named(_ name: String) -> Demo? {
        all.first { $0.name == name }
    }
}
