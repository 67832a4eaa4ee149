import Autograd

/// Splits a script into tokens, following Python's rules for the parts gradstep reads:
/// implicit line joining inside brackets, backslash continuation, `#` comments, CRLF.
struct Lexer {
    private let text: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    /// Open brackets: inside them line breaks do not end a statement.
    private var bracketDepth = 0
    private var atLineStart = true
    private(set) var tokens: [Token] = []

    /// Tokenises `text`. Where it cannot go on, the tokens end with `.invalid` and `.end`, so the
    /// parser reports whichever problem comes first in the file, as Python's lazy tokenizer does.
    static func tokens(of text: [Unicode.Scalar]) -> [Token] {
        var lexer = Lexer(text: text)
        do {
            try lexer.run()
        } catch {
            lexer.tokens.append(Token(kind: .invalid(error.message), location: error.location))
            lexer.tokens.append(Token(kind: .end, location: error.location))
        }
        return lexer.tokens
    }

    private init(text: [Unicode.Scalar]) {
        self.text = text
        // A byte-order mark is not part of the program.
        if text.first == "\u{FEFF}" { index = 1; lineStart = 1 }
    }

    private var location: SourceLocation { SourceLocation(line: line, column: index - lineStart + 1) }
    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < text.count ? text[index + offset] : nil
    }

    private mutating func run() throws(Failure) {
        while let c = peek() {
            if atLineStart {
                try startLine()
                continue
            }
            switch c {
            case " ", "\t", "\u{0C}":
                index += 1
            case "#":
                skipComment()
            case "\r", "\n":
                if bracketDepth == 0 && !(tokens.last.map { $0.kind == .newline } ?? true) {
                    tokens.append(Token(kind: .newline, location: location))
                }
                consumeLineBreak()
                if bracketDepth == 0 { atLineStart = true }
            case "\\":
                let at = location
                index += 1
                guard peek() == "\n" || peek() == "\r" else {
                    throw Failure("unexpected character after line continuation '\\'", at: at)
                }
                consumeLineBreak()
            case "'", "\"":
                tokens.append(Token(kind: .string(try string(raw: false)), location: location))
            case "0"..."9":
                tokens.append(try number())
            case "." where peek(1).map { ("0"..."9").contains($0) } ?? false:
                tokens.append(try number())
            case _ where c.properties.isXIDStart || c == "_":
                let start = location
                let word = identifier()
                if let quote = peek(), quote == "'" || quote == "\"" {
                    try stringWithPrefix(word, at: start)
                } else {
                    tokens.append(Token(kind: .name(word), location: start))
                }
            default:
                try symbol()
            }
        }
        if bracketDepth > 0 {
            throw Failure("unexpected end of file: a bracket is still open", at: location)
        }
        if let last = tokens.last, last.kind != .newline {
            tokens.append(Token(kind: .newline, location: location))
        }
        tokens.append(Token(kind: .end, location: location))
    }

    /// At the start of a physical line outside brackets: blank and comment lines are skipped,
    /// and a statement may not be indented (gradstep reads straight-line code, no blocks).
    private mutating func startLine() throws(Failure) {
        var probe = index
        while probe < text.count, text[probe] == " " || text[probe] == "\t" || text[probe] == "\u{0C}" { probe += 1 }
        let next = probe < text.count ? text[probe] : nil
        if next == nil || next == "#" || next == "\n" || next == "\r" {
            index = probe
            if next == "#" { skipComment() }
            if peek() != nil { consumeLineBreak() }
            return
        }
        if probe > index {
            index = probe
            throw Failure("unexpected indent: gradstep reads straight-line code, so no statement is indented", at: location)
        }
        atLineStart = false
    }

    private mutating func skipComment() {
        while let c = peek(), c != "\n", c != "\r" { index += 1 }
    }

    private mutating func consumeLineBreak() {
        if peek() == "\r" { index += 1 }
        if peek() == "\n" { index += 1 }
        line += 1
        lineStart = index
    }

    private mutating func identifier() -> String {
        var scalars = String.UnicodeScalarView()
        while let c = peek(), c.properties.isXIDContinue || c == "_" {
            scalars.append(c)
            index += 1
        }
        return String(scalars)
    }

    // MARK: - Numbers

    /// `0x10`, `0o17`, `0b101`, from the prefix on: the value, the nearest float to it.
    private mutating func prefixedInteger(base: Int, at start: SourceLocation) throws(Failure) -> Double {
        index += 2
        let group = take { $0.properties.isASCIIHexDigit || $0 == "_" }
        // After the prefix an underscore may lead: 0x_ff.
        let digits = group.hasPrefix("_") ? String(group.dropFirst()) : group
        guard !digits.isEmpty, Self.underscoresAreBetweenDigits(digits) else {
            throw Failure("invalid number literal '0\(String(peekBack(group.unicodeScalars.count + 1)))'", at: start)
        }
        var value = 0.0
        for c in digits.unicodeScalars where c != "_" {
            guard let digit = Int(String(c), radix: base) else {
                throw Failure("invalid digit '\(c)' in a base-\(base) literal", at: start)
            }
            value = value * Double(base) + Double(digit)
        }
        if let c = peek(), c.properties.isXIDContinue {
            throw Failure("invalid number literal", at: start)
        }
        return value
    }

    /// Python's number literals: `2`, `-3.5` (the sign is an operator), `1e-3`, `1_000`, `0x10`,
    /// `0o17`, `0b101`. An underscore goes only between digits (`1__0` and `1_` are errors), a
    /// decimal integer has no leading zero (`0777`: Python asks for `0o777`), and a hexadecimal,
    /// octal or binary literal may be as long as Python allows (it becomes the nearest float).
    private mutating func number() throws(Failure) -> Token {
        let start = location
        if peek() == "0", let base = peek(1).flatMap({ radix(of: $0) }) {
            return Token(kind: .number(Number(try prefixedInteger(base: base, at: start), isInteger: true)), location: start)
        }
        var groups = [take { ("0"..."9").contains($0) || $0 == "_" }]
        var literal = groups[0]
        var isInteger = true
        if peek() == "." {
            isInteger = false
            index += 1
            let fraction = take { ("0"..."9").contains($0) || $0 == "_" }
            groups.append(fraction)
            literal += "." + fraction
        }
        if let e = peek(), e == "e" || e == "E" {
            let save = index
            index += 1
            var exponent = "e"
            if let sign = peek(), sign == "+" || sign == "-" { exponent.unicodeScalars.append(sign); index += 1 }
            let digits = take { ("0"..."9").contains($0) || $0 == "_" }
            if digits.isEmpty {
                index = save
            } else {
                isInteger = false
                groups.append(digits)
                literal += exponent + digits
            }
        }
        if let c = peek(), c == "j" || c == "J" {
            throw Failure("complex numbers are not supported", at: start)
        }
        if let c = peek(), c.properties.isXIDContinue || c == "_" {
            throw Failure("invalid number literal", at: start)
        }
        guard groups.allSatisfy({ $0.isEmpty || Self.underscoresAreBetweenDigits($0) }) else {
            throw Failure("invalid number literal '\(literal)': an underscore goes only between digits", at: start)
        }
        if isInteger, literal.count > 1, literal.hasPrefix("0"), literal.contains(where: { $0 != "0" && $0 != "_" }) {
            throw Failure("leading zeros in decimal integer literals are not permitted; use 0o\(literal.drop { $0 == "0" }) for octal", at: start)
        }
        let cleaned = literal.filter { $0 != "_" }
        guard let value = Double(cleaned.hasPrefix(".") ? "0" + cleaned : cleaned) else {
            throw Failure("invalid number literal '\(literal)'", at: start)
        }
        return Token(kind: .number(Number(value, isInteger: isInteger)), location: start)
    }

    /// Whether every underscore in `digits` stands between two digits, as Python requires.
    private static func underscoresAreBetweenDigits(_ digits: String) -> Bool {
        !digits.hasPrefix("_") && !digits.hasSuffix("_") && !digits.contains("__")
    }

    /// The last `count` scalars read, for quoting a literal in a message.
    private func peekBack(_ count: Int) -> String.UnicodeScalarView {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: text[max(0, index - count)..<index])
        return view
    }

    private func radix(of c: Unicode.Scalar) -> Int? {
        switch c {
        case "x", "X": 16
        case "o", "O": 8
        case "b", "B": 2
        default: nil
        }
    }

    private mutating func take(while accept: (Unicode.Scalar) -> Bool) -> String {
        var scalars = String.UnicodeScalarView()
        while let c = peek(), accept(c) {
            scalars.append(c)
            index += 1
        }
        return String(scalars)
    }

    // MARK: - Strings

    private mutating func stringWithPrefix(_ prefix: String, at start: SourceLocation) throws(Failure) {
        switch prefix.lowercased() {
        case "r":
            tokens.append(Token(kind: .string(try string(raw: true)), location: start))
        case "u":
            tokens.append(Token(kind: .string(try string(raw: false)), location: start))
        case "f", "rf", "fr":
            _ = try string(raw: prefix.lowercased() != "f")
            tokens.append(Token(kind: .formattedString, location: start))
        case "b", "rb", "br":
            throw Failure("byte strings are not supported: labels are plain strings", at: start)
        default:
            throw Failure("unexpected string after '\(prefix)'", at: start)
        }
    }

    /// A single- or double-quoted string with Python's escapes, the opening quote at `index`.
    private mutating func string(raw: Bool) throws(Failure) -> String {
        let start = location
        let quote = text[index]
        if peek(1) == quote && peek(2) == quote {
            throw Failure("triple-quoted strings are not supported", at: start)
        }
        index += 1
        var result = String.UnicodeScalarView()
        while true {
            guard let c = peek(), c != "\n", c != "\r" else {
                throw Failure("unterminated string", at: start)
            }
            index += 1
            if c == quote { break }
            if c != "\\" {
                result.append(c)
                continue
            }
            guard let e = peek(), e != "\n", e != "\r" else {
                throw Failure("unterminated string", at: start)
            }
            if raw {
                result.append(c)
                result.append(e)
                index += 1
                continue
            }
            try escape(into: &result)
        }
        return String(result)
    }

    /// One escape sequence after a backslash, as Python reads it.
    private mutating func escape(into result: inout String.UnicodeScalarView) throws(Failure) {
        let at = SourceLocation(line: line, column: index - lineStart)
        let e = text[index]
        index += 1
        switch e {
        case "\\", "'", "\"": result.append(e)
        case "n": result.append("\n")
        case "t": result.append("\t")
        case "r": result.append("\r")
        case "a": result.append("\u{07}")
        case "b": result.append("\u{08}")
        case "f": result.append("\u{0C}")
        case "v": result.append("\u{0B}")
        case "0"..."7":
            var digits = String(e)
            while digits.count < 3, let d = peek(), ("0"..."7").contains(d) {
                digits.unicodeScalars.append(d)
                index += 1
            }
            result.append(try scalar(UInt32(digits, radix: 8), at: at))
        case "x", "u", "U":
            let width = e == "x" ? 2 : e == "u" ? 4 : 8
            var digits = ""
            while digits.count < width, let d = peek(), d.properties.isASCIIHexDigit {
                digits.unicodeScalars.append(d)
                index += 1
            }
            guard digits.count == width else {
                throw Failure("truncated \\\(e) escape: needs \(width) hex digits", at: at)
            }
            result.append(try scalar(UInt32(digits, radix: 16), at: at))
        case "N":
            throw Failure("named escapes (\\N{...}) are not supported", at: at)
        default:
            // Python keeps an unknown escape as it stands.
            result.append("\\")
            result.append(e)
        }
    }

    private func scalar(_ value: UInt32?, at location: SourceLocation) throws(Failure) -> Unicode.Scalar {
        guard let value, let scalar = Unicode.Scalar(value) else {
            throw Failure("escape is not a valid Unicode character", at: location)
        }
        return scalar
    }

    // MARK: - Operators

    /// Longest first, so `**=` wins over `**` and `*`. Python operators gradstep does not
    /// support are still tokens, so the parser can name them in its error.
    private static let symbols: [(text: String, scalars: [Unicode.Scalar])] = [
        "**=", "//=", ">>=", "<<=",
        "**", "+=", "-=", "*=", "/=", "//", "==", "!=", "<=", ">=", "->", "%=", "@=", "&=", "|=", "^=", ":=",
        "+", "-", "*", "/", "%", "@", "=", "(", ")", "[", "]", "{", "}", ",", ".", ";", ":",
        "<", ">", "&", "|", "^", "~", "!",
    ].map { ($0, Array($0.unicodeScalars)) }

    private mutating func symbol() throws(Failure) {
        let start = location
        for (symbol, scalars) in Self.symbols {
            if index + scalars.count <= text.count, text[index..<index + scalars.count].elementsEqual(scalars) {
                index += scalars.count
                switch symbol {
                case "(", "[", "{": bracketDepth += 1
                case ")", "]", "}": bracketDepth = max(0, bracketDepth - 1)
                default: break
                }
                tokens.append(Token(kind: .symbol(symbol), location: start))
                return
            }
        }
        let c = text[index]
        let shown = c.properties.generalCategory == .control || c.value < 0x20 || c.value == 0x7F
            ? "U+" + String(c.value, radix: 16, uppercase: true) : String(c)
        throw Failure("unexpected character '\(shown)'", at: start)
    }
}
