import Testing
@testable import Script

/// Every kind of bad script is reported at its line and column, never executed.
@Suite struct ScriptErrorTests {
    private func error(_ source: String) -> ScriptError? {
        do {
            _ = try ScriptLoader.load(source: source, name: "bad.py")
            return nil
        } catch {
            return error
        }
    }

    private func expectError(_ source: String, line: Int, column: Int, containing text: String,
                             sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard let e = error(source) else {
            Issue.record("loaded without an error: \(source)", sourceLocation: sourceLocation)
            return
        }
        #expect(e.location.line == line, "\(e)", sourceLocation: sourceLocation)
        #expect(e.location.column == column, "\(e)", sourceLocation: sourceLocation)
        #expect(e.message.contains(text), "\(e)", sourceLocation: sourceLocation)
    }

    @Test func reportIsFileLineColumnThenSourceAndCaret() {
        let e = error("a = Value(1.0)\nb = a + q\n")!
        #expect(e.description == "bad.py:2:9: error: unknown name 'q'\nb = a + q\n        ^")
    }

    @Test func syntaxErrors() {
        expectError("a = Value(1.0)\nb = a +\n", line: 2, column: 8, containing: "expected an expression")
        expectError("a = Value(1.0\n", line: 2, column: 1, containing: "bracket is still open")
        expectError("a = Value(1.0))\n", line: 1, column: 15, containing: "expected end of statement")
        expectError("a = $\n", line: 1, column: 5, containing: "unexpected character '$'")
        expectError("a = Value(1.0, label='x)\n", line: 1, column: 22, containing: "unterminated string")
        expectError("a = Value(1.0)\n  b = a\n", line: 2, column: 3, containing: "unexpected indent")
        expectError("a = Value(1.0) % 2\n", line: 1, column: 16, containing: "operator '%' is not supported")
        expectError("a = Value(3j)\n", line: 1, column: 11, containing: "complex numbers")
    }

    @Test func unknownNamesMethodsAndFunctions() {
        expectError("a = Value(1.0)\nb = c * a", line: 2, column: 5, containing: "unknown name 'c'")
        expectError("a = Value(1.0)\nb = a.my_sigmoid()", line: 2, column: 7, containing: "unknown method 'my_sigmoid'")
        expectError("a = Value(1.0)\nb = sqrt(a)", line: 2, column: 5, containing: "unknown function 'sqrt'")
        expectError("a = Value(1.0)\nb = a.grad * 2", line: 2, column: 7, containing: "reading .grad")
        expectError("a = Value(1.0)\na.data = 2.0", line: 2, column: 3, containing: "only .label and .grad can be set")
        expectError("a = Value(1.0)\na.grad = a", line: 2, column: 10, containing: "a grad must be set to a number, not Value")
        expectError("a = Value(1.0, name='a')", line: 1, column: 16, containing: "unsupported keyword argument 'name'")
        expectError("a = Value(Value(1.0))", line: 1, column: 11, containing: "Value() takes a number")
        expectError("a = Value(1.0, label=3)", line: 1, column: 16, containing: "label must be a string")
    }

    @Test func pythonBeyondTheSubsetSaysHowToOpenItFromPython() {
        let howTo = "not read: gradstep reads straight-line code; save a graph built with loops or classes from Python, "
            + "with the module `gradstep exporter` prints, and open the saved file"
        expectError("for i in range(3):\n    pass", line: 1, column: 1, containing: "'for' is " + howTo)
        expectError("a = Value(1.0)\nwhile a:\n    pass", line: 2, column: 1, containing: "'while' is " + howTo)
        expectError("def neuron(x):\n    return x", line: 1, column: 1, containing: "'def' is " + howTo)
        expectError("class Neuron:\n    pass", line: 1, column: 1, containing: "'class' is " + howTo)
        expectError("import random", line: 1, column: 1,
                    containing: "'import random' is not read (a script imports only math and micrograd's Value): gradstep reads straight-line code")
        expectError("x = [Value(1.0), Value(2.0)]", line: 1, column: 5, containing: "lists, dicts and sets are " + howTo)
        expectError("w = [Value(1.0) for _ in range(3)]", line: 1, column: 5, containing: "lists, dicts and sets are " + howTo)
        expectError("a = Value(1.0)\nb = sum(a, a)", line: 2, column: 5, containing: "'sum()' is " + howTo)
        expectError("a = Value(1.0)\nb = zip(a, a)", line: 2, column: 5, containing: "'zip()' is " + howTo)
        expectError("a = Value(1.0)\nb = range(3)", line: 2, column: 5, containing: "'range()' is " + howTo)
        expectError("a = Value(1.0)\nb = a.my_sigmoid()", line: 2, column: 7, containing: "a Value class of your own opens once saved from Python: see `gradstep exporter`")
    }

    @Test func mathAndAttributesAsPythonWouldRefuseThem() {
        expectError("b = Value(math.exp(1.0))", line: 1, column: 11, containing: "name 'math' is not defined: add 'import math' first")
        expectError("import math\nb = Value(math.log(-1.0))", line: 2, column: 16, containing: "math domain error")
        expectError("import math\nb = Value(math.sqrt(-1))", line: 2, column: 16, containing: "math domain error")
        expectError("import math\nb = Value(math.exp(1000))", line: 2, column: 16, containing: "math range error")
        expectError("import math\na = Value(1.0)\nb = math.exp(a)", line: 3, column: 14, containing: "takes a number, not Value; for a Value use .exp()")
        expectError("import math\nb = Value(math.cos(1.0))", line: 2, column: 16, containing: "math.cos is not supported")
        expectError("a = Value(1.0)\nb = a.grad * 2", line: 2, column: 7, containing: "grads are what gradstep computes")
        expectError("a = Value(1.0)\nb = (2).data", line: 2, column: 9, containing: "int has no .data")
    }

    @Test func unsupportedStatements() {
        expectError("a = Value(1.0)\nif a:\n    pass", line: 2, column: 1, containing: "'if' is not read")
        expectError("a = Value(1.0)\nimport os", line: 2, column: 1, containing: "'import os' is not read (a script imports only math")
        expectError("a = Value(1.0)\nprint(a", line: 2, column: 6, containing: "'(' is never closed")
        expectError("a, b = Value(1.0), Value(2.0)", line: 1, column: 2, containing: "unpacking")
        // The first problem in the file is the one reported, whether the lexer or the parser finds it.
        expectError("a = Value(1.0)\nb = q\nc = $", line: 2, column: 5, containing: "unknown name 'q'")
        expectError("a = Value(1.0)\nb = $\nc = q", line: 2, column: 5, containing: "unexpected character")
    }

    @Test func valueExponentIsMicrogradsAssertion() {
        expectError("a = Value(2.0)\nb = Value(3.0)\nc = a ** b", line: 3, column: 7, containing: "only supporting int/float powers")
        expectError("a = Value(2.0)\nc = 2 ** a", line: 2, column: 7, containing: "__rpow__")
    }

    @Test func emptyScriptsAndScriptsWithoutValues() {
        expectError("", line: 1, column: 1, containing: "empty script")
        expectError("# only a comment\n\n", line: 3, column: 1, containing: "empty script")
        expectError("x = 3\ny = x * 2\n", line: 1, column: 1, containing: "no Value")
        expectError("x = 3\nx.backward()", line: 2, column: 3, containing: "backward() needs a Value")
    }

    @Test func invalidUTF8IsReportedWhereItStands() {
        let bytes = Array("a = Value(1.0)\nb = a + ".utf8) + [0xFF] + Array("\n".utf8)
        do {
            _ = try ScriptLoader.load(bytes: bytes, name: "bad.py")
            Issue.record("invalid UTF-8 loaded")
        } catch {
            #expect(error.location == SourceLocation(line: 2, column: 9))
            #expect(error.message.contains("invalid UTF-8"))
        }
    }

    @Test(arguments: ["1__0", "1_", "1_.5", "1._5", "1e_5", "0777", "0_7", "0x", "0x_", "0x1__f", "0xf_", "0b2", "0o8", "3_j"])
    func numberLiteralsPythonRefusesAreErrors(_ literal: String) {
        let e = error("a = Value(\(literal))")
        #expect(e?.location == SourceLocation(line: 1, column: 11), "\(literal): \(e?.description ?? "loaded")")
    }

    @Test func numberLiteralsPythonTakesLoad() throws {
        let cases: [(String, Double)] = [
            ("1_000", 1000), ("0x_ff", 255), ("0o17", 15), ("0b101", 5), ("00", 0), ("0_0", 0), ("0777.5", 777.5),
            ("1e1_0", 1e10), ("0x1_0000_0000_0000_0000", 18446744073709551616), ("0xFFFFFFFFFFFFFFFFFFFF", 1208925819614629174706176),
        ]
        for (literal, value) in cases {
            let script = try ScriptLoader.load(source: "a = Value(\(literal))", name: "n.py")
            #expect(script.graph[script.root].data == value, "\(literal)")
        }
    }

    @Test func aScriptOfPlainNumbersPointsAtItsFirstStatement() {
        expectError("# numbers only\n\nx = 2.0\ny = x * 3\n\n", line: 3, column: 1, containing: "the script makes no Value")
    }

    @Test func aVeryLongLineIsShownAroundTheColumnWithTheCaretUnderIt() throws {
        let source = "a = Value(1.0)\nb = " + String(repeating: "a + ", count: 500) + "q + " + String(repeating: "a + ", count: 500) + "a"
        let report = try #require(error(source)).description.split(separator: "\n").map(String.init)
        #expect(report[0].hasPrefix("bad.py:2:2005: error: unknown name 'q'"))
        #expect(report[1].hasPrefix("…") && report[1].hasSuffix("…") && report[1].count == 2 * ScriptError.window + 2)
        let caret = report[2].count - 1
        #expect(Array(report[1])[caret] == "q", "the caret is under the q")
    }

    @Test func anInvalidByteIsFoundOnItsLineWhateverTheLineEnds() {
        for end in ["\n", "\r\n", "\r"] {
            let bytes = Array("a = Value(1.0)\(end)b = a * a\(end)c = b".utf8) + [0xFF] + Array(" * a\(end)".utf8)
            do {
                _ = try ScriptLoader.load(bytes: bytes, name: "bad.py")
                Issue.record("invalid UTF-8 loaded")
            } catch {
                #expect(error.location == SourceLocation(line: 3, column: 6), "line ends \(end.debugDescription)")
                #expect(error.sourceLine == "c = b")
            }
        }
    }

    @Test func nestingDeeperThanTheLimitIsAnErrorNotACrash() {
        let depth = ScriptLoader.nestingLimit + 1
        let parens = "a = Value(1.0)\nb = " + String(repeating: "(", count: depth) + "a" + String(repeating: ")", count: depth)
        expectError(parens, line: 2, column: 5 + ScriptLoader.nestingLimit, containing: "nested too deeply")
        let minuses = "a = Value(1.0)\nb = " + String(repeating: "-", count: depth) + "a"
        expectError(minuses, line: 2, column: 4 + ScriptLoader.nestingLimit, containing: "nested too deeply")
        let withinLimit = "a = Value(1.0)\nb = " + String(repeating: "(", count: 99) + "a" + String(repeating: ")", count: 99)
        #expect(error(withinLimit) == nil)
    }

    /// Calls nest through their arguments: every kind goes through the same guard, however deep.
    @Test(arguments: ["f(", "Value(", "draw_dot(", "Value(data=", "Value(1.0, label=", "(-", "2**"])
    func callsAndKeywordArgumentsNestedThousandsDeepAreAnErrorNotACrash(_ opener: String) {
        let deep = "a = " + String(repeating: opener, count: 6_100) + "1"
        #expect(error(deep)?.message.contains("nested too deeply") == true, "\(opener) nested 6,100 deep")
        // As deep as the limit allows still parses as far as the call's own rules.
        let shallow = "a = " + String(repeating: opener, count: 10) + "1"
        #expect(error(shallow)?.message.contains("nested too deeply") != true)
    }
}
