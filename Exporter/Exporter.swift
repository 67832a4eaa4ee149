/// The Python module that saves a learner's graph and backward pass for gradstep to open,
/// compiled into the binary so `gradstep exporter` prints it from any directory.
public enum Exporter {
    /// The module's file name, as `import gradstep_export` finds it.
    public static let fileName = "gradstep_export.py"

    /// The module's source: standard-library Python, one file.
    public static let source = String(decoding: PackageResources.gradstep_export_py, as: UTF8.self)
}
