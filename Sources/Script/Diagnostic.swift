import SafeText

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
    var location: SourceLocation
    public var message: String
    /// The text of the offending line, without its line break.
    var sourceLine: String

    public init(file: String, location: SourceLocation, message: String, sourceLine: String) {
        self.file = file
        self.location = location
        self.message = message
        self.sourceLine = sourceLine
    }

    /// The three-line report. The file name, the message and the line are made safe to show
    /// (`\x1b` for an escape byte), the caret stays under its column, and a very long line is
    /// shown as the part around the column, cut with `…`.
    public var description: String {
        // Keep tabs under tabs so the caret lines up in any tab width; a written-out character takes its room.
        func shown(_ scalar: Unicode.Scalar) -> String { scalar == "\t" ? "\t" : SafeText.visible(scalar) }
        let scalars = Array(sourceLine.unicodeScalars)
        let column = min(max(0, location.column - 1), scalars.count)
        let window = Self.window
        let start = scalars.count > 2 * window ? max(0, min(column - window, scalars.count - 2 * window)) : 0
        let end = min(scalars.count, start + 2 * window)
        let cutBefore = start > 0 ? "…" : "", cutAfter = end < scalars.count ? "…" : ""
        let lead = (cutBefore.isEmpty ? "" : " ") + scalars[start..<column].map { s in
            s == "\t" ? "\t" : String(repeating: " ", count: shown(s).count)
        }.joined()
        let line = cutBefore + scalars[start..<end].map(shown).joined() + cutAfter
        return "\(SafeText.visible(file)):\(location.line):\(location.column): error: \(SafeText.visible(message))\n\(line)\n\(lead)^"
    }

    /// How many characters of a long line are shown on each side of the column.
    static let window = 60
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
