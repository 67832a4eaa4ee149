import Foundation
import Testing
@testable import Autograd

/// Each op's local derivative against a central finite difference of its own forward rule.
@Suite struct OpTests {
    static let unaryCases: [(Op, Double)] = [
        (.tanh, 0.3), (.tanh, -1.7), (.exp, 0.5), (.exp, -2.0), (.relu, 1.5), (.relu, -0.5),
        (.pow(Number(2, isInteger: true)), -1.3), (.pow(Number(3, isInteger: true)), 0.7),
        (.pow(Number(-1, isInteger: true)), 2.5), (.pow(Number(0.5)), 4.0),
    ]

    @Test(arguments: 0..<unaryCases.count)
    func unaryDerivativeMatchesFiniteDifference(_ index: Int) {
        let (op, x) = Self.unaryCases[index]
        let h = 1e-6
        let numeric = (op.forward(x + h) - op.forward(x - h)) / (2 * h)
        let analytic = op.localDerivative(slot: 0, x: x, y: 0, out: op.forward(x))
        #expect(abs(numeric - analytic) < 1e-6 * max(1, abs(analytic)), "\(op.symbol) at \(x)")
    }

    @Test(arguments: [Op.add, .mul])
    func binaryDerivativesMatchFiniteDifference(_ op: Op) {
        let (x, y, h) = (-2.0, 3.0, 1e-6)
        let out = op.forward(x, y)
        let dx = (op.forward(x + h, y) - op.forward(x - h, y)) / (2 * h)
        let dy = (op.forward(x, y + h) - op.forward(x, y - h)) / (2 * h)
        #expect(abs(dx - op.localDerivative(slot: 0, x: x, y: y, out: out)) < 1e-6)
        #expect(abs(dy - op.localDerivative(slot: 1, x: x, y: y, out: out)) < 1e-6)
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
}
