import Autograd

/// A problem with the meaning of a saved graph.
struct Problem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// The fields of a saved graph, each read with the message that says what is wrong with it:
/// `the data of value 3 should be a number, not "abc"`.
enum SavedField {
    static func integer(_ json: JSONValue?, _ what: String) throws(Problem) -> Int {
        guard case .number(let x)? = json, x == x.rounded(), abs(x) < 9e15 else {
            throw Problem("\(what) should be a whole number, not \(SavedField.describe(json))")
        }
        return Int(x)
    }

    static func number(_ json: JSONValue?, _ what: String) throws(Problem) -> Double {
        switch json {
        case .number(let x)?: return x
        case .string("nan")?, .string("NaN")?: return .nan
        case .string("inf")?, .string("Infinity")?: return .infinity
        case .string("-inf")?, .string("-Infinity")?: return -.infinity
        default: throw Problem("\(what) should be a number, not \(SavedField.describe(json))")
        }
    }

    /// A format 2 list of numbers: read straight into an array, or else (a `"nan"` string, a
    /// wrong element) from the JSON, number by number; nil when the file has no such member.
    static func column(_ key: String, _ top: JSONObject, _ columns: [String: [Double]]) throws(Problem) -> [Double]? {
        if let column = columns[key] { return column }
        switch top[key] {
        case nil, .null?: return nil
        case .array(let items)?:
            var numbers: [Double] = []
            numbers.reserveCapacity(items.count)
            for (i, item) in items.enumerated() { numbers.append(try SavedField.number(item, "item \(i) of \"\(key)\"")) }
            return numbers
        default: throw Problem("\"\(key)\" should be a list of numbers")
        }
    }

    /// A format 2 list of whole numbers (ids, counts).
    static func wholeColumn(_ key: String, _ top: JSONObject, _ columns: [String: [Double]]) throws(Problem) -> [Int]? {
        guard let numbers = try SavedField.column(key, top, columns) else { return nil }
        var whole: [Int] = []
        whole.reserveCapacity(numbers.count)
        for (i, x) in numbers.enumerated() {
            guard x == x.rounded(), abs(x) < 9e15 else { throw Problem("item \(i) of \"\(key)\" should be a whole number, not \(x)") }
            whole.append(Int(x))
        }
        return whole
    }

    /// A list that may be left out (or null, read as empty), each item read by `each` with its
    /// index; anything else is the problem `notAList`.
    static func list<T>(_ json: JSONValue?, notAList: @autoclosure () -> String,
                        _ each: (Int, JSONValue) throws(Problem) -> T) throws(Problem) -> [T] {
        switch json {
        case nil, .null?: return []
        case .array(let items)?:
            var read: [T] = []
            read.reserveCapacity(items.count)
            for (i, item) in items.enumerated() { read.append(try each(i, item)) }
            return read
        default: throw Problem(notAList())
        }
    }

    static func wholeList(_ json: JSONValue?, _ what: String) throws(Problem) -> [Int] {
        try list(json, notAList: "\(what) should be a list of ids") { _, item throws(Problem) in try integer(item, "an id of \(what)") }
    }

    static func strings(_ json: JSONValue?, _ what: String) throws(Problem) -> [String] {
        guard case .array(let items)? = json else { throw Problem("\(what) should be a list of strings") }
        var strings: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw Problem("\(what) should be a list of strings") }
            strings.append(text)
        }
        return strings
    }

    /// `[[id, "text"], ...]`: text for some of the values, by position.
    static func texts(_ json: JSONValue?, _ what: String, count: Int) throws(Problem) -> [Int: String] {
        let pairs = try list(json, notAList: "\(what) should be a list of [id, text]") { _, item throws(Problem) -> (Int, String) in
            guard case .array(let pair) = item, pair.count == 2, case .string(let text) = pair[1] else {
                throw Problem("\(what) should be a list of [id, text]")
            }
            let id = try integer(pair[0], "an id of \(what)")
            guard (0..<count).contains(id) else { throw Problem("\(what) names value \(id), which is not among the values") }
            return (id, text)
        }
        return Dictionary(pairs, uniquingKeysWith: { $1 })
    }

    static func optionalString(_ json: JSONValue?, _ what: String) throws(Problem) -> String? {
        switch json {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw Problem("\(what) should be a string, not \(SavedField.describe(json))")
        }
    }

    /// A JSON value as a message quotes it: short, and never the whole of a long string.
    static func describe(_ json: JSONValue?) -> String {
        switch json {
        case nil: return "missing"
        case .null?: return "null"
        case .bool(let b)?: return b ? "true" : "false"
        case .number(let x)?: return x.description
        case .string(let s)?: return s.count > 20 ? "\"\(s.prefix(20))…\"" : "\"\(s)\""
        case .array?: return "a list"
        case .object?: return "an object"
        }
    }
}
