import Foundation
import Testing
@testable import Autograd

/// Each op's local derivative against a central finite difference of its own forward rule.
@Suite struct OpTests {
    /// Every op of the table: the power at a few exponents, every other rule as it is.
    static let tableOps: [Op] = OpRule.all.flatMap { rule in
        rule == .power ? [Number(2, isInteger: true), Number(3, isInteger: true), Number(-1, isInteger: true), Number(0.5)].map(Op.pow)
                       : [Op(rule)]
    }

    @Test(arguments: tableOps)
    func everyOpsDerivativeMatchesAFiniteDifference(_ op: Op) {
        let h = 1e-6
        var checked = 0
        for (x, y) in [(0.3, -2.0), (-1.7, 3.0), (0.7, 0.5), (2.5, -1.2), (-0.4, 1.9)] {
            let out = op.forward(x, y)
            guard out.isFinite, op.forward(x - h, y).isFinite, op.forward(x + h, y).isFinite else { continue }
            for slot in 0..<op.arity {
                let dx = slot == 0 ? h : 0, dy = slot == 1 ? h : 0
                let numeric = (op.forward(x + dx, y + dy) - op.forward(x - dx, y - dy)) / (2 * h)
                let analytic = op.localDerivative(slot: slot, x: x, y: y, out: out)
                #expect(abs(numeric - analytic) < 1e-6 * max(1, abs(analytic)), "\(op.symbol) slot \(slot) at \(x), \(y)")
                checked += 1
            }
        }
        #expect(checked >= 2 * op.arity, "\(op.symbol): too few points in its domain")
    }

    @Test func everyRuleIsNamedByItsSavedSymbolsAndItsMethod() {
        for rule in OpRule.all where rule != .power {
            for name in [rule.symbol] + rule.aliases { #expect(Op(savedSymbol: name) == Op(rule), "\(name)") }
            if let method = rule.method { #expect(OpRule.method(method) === rule) }
        }
        #expect(Op(savedSymbol: "**-1") == .pow(Number(-1, isInteger: true)))
        #expect(Op(savedSymbol: "**0.5") == .pow(Number(0.5)))
        #expect(Op(savedSymbol: "**abc") == nil)
        #expect(Op(savedSymbol: "**1e400") == nil)
        #expect(Op(savedSymbol: "my_sigmoid") == nil)
        #expect(Op(savedSymbol: "") == nil)
        #expect(Set(OpRule.all.map(\.symbol)).count == OpRule.all.count, "two rules share a symbol")
    }

    @Test func formulasAndLectureLinesComeFromTheTable() {
        #expect(Op.mul.formula(["a", "b"]) == "a * b")
        #expect(Op.pow(Number(2, isInteger: true)).formula(["x"]) == "x**2")
        #expect(Op.relu.formula(["x"]) == "relu(x)")
        #expect(Op.tanh.formula(["n"]) == "tanh(n)")
        #expect(Op.mul.lectureLocal(slot: 1, number: { "\($0)" }) == "self.data * out.grad")
        #expect(Op.learners(symbol: "-", locals: [1, -1]).formula(["a", "b"]) == "a - b")
        #expect(Op.learners(symbol: "f", locals: [0.25]).lectureLocal(slot: 0, number: { "\($0)" }) == "0.25 * out.grad")
    }

    /// `Fuzz/ops.dict`: the op table's tokens for the fuzzer, written from the table.
    @Test func theFuzzDictionaryHoldsTheTablesTokens() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Fuzz/ops.dict").standardizedFileURL
        var lines = ["# The op table's tokens (Sources/Autograd/OpTable.swift), kept by OpTests; Fuzz/run adds them to script.dict."]
        for rule in OpRule.all {
            if let method = rule.method { lines.append("\".\(method)()\"") }
            for name in [rule.symbol] + rule.aliases { lines.append("\"\\\"op\\\": \\\"\(name)\\\"\"") }
        }
        let expected = lines.joined(separator: "\n") + "\n"
        if !(ProcessInfo.processInfo.environment["GRADSTEP_RECORD"] ?? "").isEmpty {
            try expected.write(to: file, atomically: true, encoding: .utf8)
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == expected,
                "Fuzz/ops.dict is not the table's: run the tests with GRADSTEP_RECORD=1 to write it")
    }

    @Test func symbolsAreMicrogradsOpStrings() {
        #expect(Op.add.symbol == "+")
        #expect(Op.mul.symbol == "*")
        #expect(Op.pow(Number(2, isInteger: true)).symbol == "**2")
        #expect(Op.pow(Number(2.0)).symbol == "**2.0")
        #expect(Op.pow(Number(-1, isInteger: true)).symbol == "**-1")
        #expect(Op.relu.symbol == "ReLU")
        #expect(Op.tanh.symbol == "tanh")
        #expect(Op.exp.symbol == "exp")
        #expect(Op.leaf.symbol == "")
    }

    @Test func tanhSaturatesInsteadOfOverflowing() {
        #expect(Op.tanh.forward(1000) == 1)
        #expect(Op.tanh.forward(-1000) == -1)
        #expect(Op.tanh.localDerivative(slot: 0, x: 1000, y: 0, out: 1) == 0)
    }

    @Test func reluOfZeroHasZeroSlope() {
        // micrograd: (out.data > 0) * out.grad
        #expect(Op.relu.forward(0) == 0)
        #expect(Op.relu.localDerivative(slot: 0, x: 0, y: 0, out: 0) == 0)
    }

    /// A saved value whose class keeps no `_op` (microgpt's) is named from its numbers: every
    /// op of the table, at two points, from its own forward value and local derivatives.
    @Test(arguments: tableOps)
    func anOpIsNamedFromItsDataAndLocalDerivatives(_ op: Op) {
        for (x, y) in [(0.75, -1.5), (1.25, 2.0)] {
            let out = op.forward(x, y)
            let locals = (0..<op.arity).map { op.localDerivative(slot: $0, x: x, y: y, out: out) }
            let inferred = Op.inferred(out: out, x: x, y: op.arity == 2 ? y : x, arity: op.arity, locals: locals[...])
            #expect(inferred == op, "\(op.symbol) at \(x), \(y)")
        }
    }

    @Test func numbersNoOpFitsNameNoOp() {
        #expect(Op.inferred(out: 0.5, x: 0.25, y: 0.25, arity: 1, locals: [7.0][...]) == nil)
        #expect(Op.inferred(out: 3, x: 1, y: 2, arity: 2, locals: [1, 5][...]) == nil)
        #expect(Op.inferred(out: 3, x: 1, y: 2, arity: 2, locals: [1][...]) == nil, "a local grad per operand")
    }
}
