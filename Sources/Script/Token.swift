import Autograd

/// One lexical token of the micrograd-syntax subset.
struct Token: Equatable {
    enum Kind: Equatable {
        case name(String)
        case number(Number)
        case string(String)
        /// An f-string: read so that a `print(f"...")` can be skipped, refused anywhere else.
        case formattedString
        /// An operator or punctuation mark, as written: `+`, `**`, `+=`, `(`, `.`, `;` …
        case symbol(String)
        /// The end of a logical line.
        case newline
        case end
        /// Where the lexer stopped on something it cannot read; the message says why.
        case invalid(String)
    }

    var kind: Kind
    var location: SourceLocation

    /// How the token reads in an error message.
    var quoted: String {
        switch kind {
        case .name(let n): "'\(n)'"
        case .number(let x): "number \(x.pythonRepr)"
        case .string: "string"
        case .formattedString: "f-string"
        case .symbol(let s): "'\(s)'"
        case .newline: "end of line"
        case .end: "end of file"
        case .invalid: "invalid text"
        }
    }
}
