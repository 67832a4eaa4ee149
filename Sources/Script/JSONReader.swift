/// A JSON value, as a saved graph is read into before its meaning is checked.
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON object's members in file order. A saved graph's objects have a handful of names each,
/// so a list searched from the end (the last of a repeated name wins, as in most readers)
/// costs less than a hash table per object.
struct JSONObject: Equatable {
    var members: [(name: String, value: JSONValue)] = []

    subscript(name: String) -> JSONValue? {
        members.last { $0.name == name }?.value
    }

    static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.elementsEqual(rhs.members) { $0.name == $1.name && $0.value == $1.value }
    }
}

/// A JSON syntax error at a byte offset, with its line and column.
struct JSONSyntaxError: Error {
    var message: String
    var location: SourceLocation
}

/// Reads JSON (RFC 8259, plus Python's `NaN`, `Infinity` and `-Infinity`, which `json.dump`
/// writes by default) from bytes, in one pass.
///
/// Written here rather than taken from Foundation so that hostile files get the same treatment
/// as hostile scripts: a line and column for every error, a depth limit instead of a stack
/// overflow, and time linear in the size.
struct JSONReader {
    /// The deepest nesting of arrays and objects read; a saved graph needs four.
    static let depthLimit = 64

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    /// The members of the outermost object to read as lists of numbers straight into arrays.
    private let columnNames: Set<String>
    private var columns: [String: [Double]] = [:]

    /// Parses `bytes` as one JSON value, with nothing but whitespace after it.
    static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try parse(bytes, columns: []).value
    }

    /// Parses `bytes` as one JSON value; the members of the outermost object named in `columns`
    /// that are lists of numbers come back as arrays, not in the value: a saved graph's columns of
    /// 10^6 numbers each, read without a `JSONValue` per number. A named member that is anything
    /// else stays in the value, for the reader of its meaning to say what is wrong with it.
    static func parse(_ bytes: [UInt8], columns: Set<String>) throws(JSONSyntaxError) -> (value: JSONValue, columns: [String: [Double]]) {
        var reader = JSONReader(bytes: bytes, columns: columns)
        // A byte order mark is not JSON, but editors write one.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
        let value = try reader.value()
        reader.skipWhitespace()
        if reader.index < bytes.count { throw reader.failure("unexpected text after the JSON value") }
        return (value, reader.columns)
    }

    private init(bytes: [UInt8], columns: Set<String>) {
        self.bytes = bytes
        self.columnNames = columns
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let c = current, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { index += 1 }
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard let c = current else { throw failure("the file ends where a value was expected") }
        switch c {
        case UInt8(ascii: "{"): return try nested { (reader: inout JSONReader) throws(JSONSyntaxError) in try reader.object() }
        case UInt8(ascii: "["): return try nested { (reader: inout JSONReader) throws(JSONSyntaxError) in try reader.array() }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "N"): try literal("NaN"); return .number(.nan)
        case UInt8(ascii: "I"): try literal("Infinity"); return .number(.infinity)
        case UInt8(ascii: "-") where bytes[index...].starts(with: Array("-Infinity".utf8)):
            try literal("-Infinity"); return .number(-.infinity)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw failure("unexpected \(describe(c)) where a value was expected")
        }
    }

    private mutating func nested(_ read: (inout JSONReader) throws(JSONSyntaxError) -> JSONValue) throws(JSONSyntaxError) -> JSONValue {
        guard depth < Self.depthLimit else { throw failure("nested more than \(Self.depthLimit) deep") }
        depth += 1
        defer { depth -= 1 }
        return try read(&self)
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONValue {
        index += 1  // {
        var members = JSONObject()
        skipWhitespace()
        if current == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw failure("expected a \"name\" in the object") }
            let key = try string()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw failure("expected ':' after the name \"\(key)\"") }
            index += 1
            if depth == 1, columnNames.contains(key), let column = numberColumn() {
                columns[key] = column
            } else {
                members.members.append((key, try value()))
            }
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .object(members)
            default: throw failure("expected ',' or '}' in the object")
            }
        }
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONValue {
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") { index += 1; return .array(elements) }
        while true {
            elements.append(try value())
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .array(elements)
            default: throw failure("expected ',' or ']' in the array")
            }
        }
    }

    /// A list of plain numbers (and `NaN`, `Infinity`, `-Infinity`) read into an array; nil, with
    /// nothing read, for anything else, which is then read as a value.
    private mutating func numberColumn() -> [Double]? {
        let start = index
        skipWhitespace()
        guard current == UInt8(ascii: "[") else { index = start; return nil }
        index += 1
        var numbers: [Double] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") { index += 1; return numbers }
        while true {
            skipWhitespace()
            guard let number = columnNumber() else { index = start; return nil }
            numbers.append(number)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return numbers
            default: index = start; return nil
            }
        }
    }

    /// One number of a column: whole numbers added up digit by digit, others read by `strtod`
    /// in the C locale; nil for anything that is not a number of JSON's grammar.
    private mutating func columnNumber() -> Double? {
        let start = index
        var negative = false
        if current == UInt8(ascii: "-") { negative = true; index += 1 }
        let digitsStart = index
        var whole: UInt64 = 0
        while let c = current, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
            whole = whole &* 10 &+ UInt64(c - UInt8(ascii: "0"))
            index += 1
        }
        let digits = index - digitsStart
        if digits == 0 {
            index = start
            for (word, number) in [("NaN", Double.nan), ("Infinity", .infinity), ("-Infinity", -.infinity)]
            where bytes[index...].starts(with: word.utf8) {
                index += word.utf8.count
                return number
            }
            return nil
        }
        if digits > 1 && bytes[digitsStart] == UInt8(ascii: "0") { return nil }
        if let c = current, c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            index = start
            return try? number()
        }
        // Up to 15 digits a whole number is exact in a Double; longer ones go through the parser.
        if digits > 15 { index = start; return try? number() }
        let value = Double(whole)
        return negative ? -value : value
    }

    private mutating func literal(_ word: String) throws(JSONSyntaxError) {
        let utf8 = Array(word.utf8)
        guard bytes[index...].starts(with: utf8) else { throw failure("unexpected \(describe(bytes[index])) where a value was expected") }
        index += utf8.count
    }

    private mutating func number() throws(JSONSyntaxError) -> Double {
        let start = index
        func digits(_ reader: inout JSONReader) -> Int {
            let from = reader.index
            while let c = reader.current, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { reader.index += 1 }
            return reader.index - from
        }
        if current == UInt8(ascii: "-") { index += 1 }
        let integer = index
        guard digits(&self) > 0 else { throw failure("a number needs digits") }
        if bytes[integer] == UInt8(ascii: "0") && index - integer > 1 {
            throw JSONSyntaxError(message: "a number cannot start with 0", location: location(of: integer))
        }
        if current == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw failure("a number needs digits after its '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw failure("a number needs digits in its exponent") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        // The grammar above is a subset of what Double parses; an exponent too large is ±inf.
        return Double(text) ?? .nan
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        let open = index
        index += 1  // "
        var utf8: [UInt8] = []
        while true {
            guard let c = current else {
                throw JSONSyntaxError(message: "a string is not closed", location: location(of: open))
            }
            switch c {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw JSONSyntaxError(message: "a string is not valid UTF-8", location: location(of: open))
                }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                try escape(into: &utf8)
            case 0..<0x20:
                throw failure("a control character (0x\(String(c, radix: 16, uppercase: true))) in a string must be escaped")
            default:
                utf8.append(c)
                index += 1
            }
        }
    }

    private mutating func escape(into utf8: inout [UInt8]) throws(JSONSyntaxError) {
        guard let c = current else { throw failure("a string is not closed") }
        index += 1
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(c)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var code = try hex4()
            if (0xD800..<0xDC00).contains(code), bytes[index...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) {
                let save = index
                index += 2
                let low = try hex4()
                if (0xDC00..<0xE000).contains(low) {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    index = save
                }
            }
            // A lone surrogate is no character: it becomes U+FFFD, as a lenient reader does.
            let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
            utf8.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            index -= 1
            throw failure("unknown escape \\\(describe(c))")
        }
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count,
              let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
              bytes[index..<index + 4].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") })
        else { throw failure("\\u needs four hex digits") }
        index += 4
        return code
    }

    /// A byte as a message shows it: `'x'`, or its hex for anything not printable ASCII.
    private func describe(_ c: UInt8) -> String {
        (0x21..<0x7F).contains(c) ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x\(String(c, radix: 16, uppercase: true))"
    }

    private func failure(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, location: location(of: index))
    }

    /// The line and column of a byte offset (columns count characters, as for scripts).
    private func location(of offset: Int) -> SourceLocation {
        var line = 1, lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        let column = bytes[lineStart..<min(offset, bytes.count)].filter { $0 & 0xC0 != 0x80 }.count + 1
        return SourceLocation(line: line, column: column)
    }
}
