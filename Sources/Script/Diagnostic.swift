/// A position in a script: 1-based line and column (columns count Unicode characters).
public struct SourceLocation: Hashable, Sendable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// An error in a script, reported the way compilers do: `FILE:LINE:COL: error: MESSAGE`,
/// then the source line and a caret under the column.
public struct ScriptError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var location: SourceLocation
    public var message: String
    /// The text of the offending line, without its line break.
    public var sourceLine: String

    public init(file: String, location: SourceLocation, message: String, sourceLine: String) {
        self.file = file
        self.location = location
        self.message = message
        self.sourceLine = sourceLine
    }

    /// The three-line report.
    public var description: String {
        // Keep tabs under tabs so the caret lines up in any tab width.
        let lead = sourceLine.prefix(max(0, location.column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
        let shown = sourceLine.unicodeScalars.map { $0.value < 0x20 && $0 != "\t" ? " " : String($0) }.joined()
        return "\(file):\(location.line):\(location.column): error: \(message)\n\(shown)\n\(lead)^"
    }
}

/// A problem found while reading a script, before the file name and source line are attached.
struct Failure: Error {
    var location: SourceLocation
    var message: String

    init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }
}
