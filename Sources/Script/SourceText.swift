/// Decoding script bytes and finding lines in them, for diagnostics.
enum SourceText {
    /// The first byte that is not valid UTF-8: its offset and where it sits.
    struct InvalidByte {
        var offset: Int
        var location: SourceLocation
    }

    /// Decodes UTF-8, stopping at the first invalid byte.
    static func decode(_ bytes: [UInt8]) -> (scalars: [Unicode.Scalar], invalidAt: InvalidByte?) {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        var line = 1, column = 1
        var afterCR = false
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                scalars.append(scalar)
                offset += UTF8.width(scalar)
                // "\n", "\r\n" and a lone "\r" each end a line, as they do for the lexer.
                if scalar == "\r" || (scalar == "\n" && !afterCR) {
                    line += 1
                    column = 1
                } else if scalar != "\n" {
                    column += 1
                }
                afterCR = scalar == "\r"
            case .emptyInput:
                return (scalars, nil)
            case .error:
                return (scalars, InvalidByte(offset: offset, location: SourceLocation(line: line, column: column)))
            }
        }
    }

    /// The text of 1-based line `number`, without its line break; empty past the end.
    static func line(_ number: Int, of text: [Unicode.Scalar]) -> String {
        var line = 1
        var start = 0
        var index = 0
        while index < text.count, line < number {
            // "\n", "\r\n" and a lone "\r" each end a line, as they do for the lexer.
            let c = text[index]
            if c == "\n" || (c == "\r" && (index + 1 == text.count || text[index + 1] != "\n")) {
                line += 1
                start = index + 1
            }
            index += 1
        }
        guard line == number else { return "" }
        var end = start
        while end < text.count, text[end] != "\n", text[end] != "\r" { end += 1 }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: text[start..<end])
        return String(result)
    }
}
