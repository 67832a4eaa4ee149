import Autograd

/// Writes the script of an MLP forward pass and squared-error loss in micrograd syntax:
/// the benchmark family of the lecture (tanh neurons, shared weights, a batch of samples).
public struct MLPScript: Sendable {
    public let inputs: Int
    public let layers: [Int]
    public let batch: Int

    public init(inputs: Int, layers: [Int], batch: Int) {
        self.inputs = inputs
        self.layers = layers
        self.batch = batch
    }

    /// Configurations that land near 1,000, 10,000 and 50,000 values.
    public static let sizes: [MLPScript] = [
        MLPScript(inputs: 3, layers: [4, 4, 1], batch: 12),
        MLPScript(inputs: 8, layers: [16, 16, 1], batch: 11),
        MLPScript(inputs: 16, layers: [32, 32, 1], batch: 15),
    ]

    /// The script text.
    public func text(seed: UInt64 = 1337) -> String {
        var rng = SeededGenerator(seed: seed)
        var lines: [String] = []
        var temporaries = 0
        func uniform() -> String { String(format4: Double.random(in: -1...1, using: &rng)) }
        func temporary() -> String { defer { temporaries += 1 }; return "t\(temporaries)" }

        let sizes = [inputs] + layers
        var parameters: [[(weights: [String], bias: String)]] = []
        for l in layers.indices {
            var layer: [(weights: [String], bias: String)] = []
            for j in 0..<sizes[l + 1] {
                let weights = (0..<sizes[l]).map { i in "w\(l)_\(j)_\(i)" }
                for w in weights { lines.append("\(w) = Value(\(uniform()), label='\(w)')") }
                let b = "b\(l)_\(j)"
                lines.append("\(b) = Value(\(uniform()), label='\(b)')")
                layer.append((weights, b))
            }
            parameters.append(layer)
        }
        var squares: [String] = []
        for s in 0..<batch {
            var x = (0..<inputs).map { i in "x\(s)_\(i)" }
            for name in x { lines.append("\(name) = Value(\(uniform()), label='\(name)')") }
            for (l, layer) in parameters.enumerated() {
                var out: [String] = []
                for (j, neuron) in layer.enumerated() {
                    var activation = neuron.bias
                    for (w, xi) in zip(neuron.weights, x) {
                        let product = temporary(), sum = temporary()
                        lines.append("\(product) = \(w) * \(xi)")
                        lines.append("\(sum) = \(activation) + \(product)")
                        activation = sum
                    }
                    let h = "h\(l)_\(j)_\(s)"
                    lines.append("\(h) = \(activation).tanh()")
                    out.append(h)
                }
                x = out
            }
            for (k, y) in x.enumerated() {
                let target = "yneg\(s)_\(k)", d = "d\(s)_\(k)", square = "sq\(s)_\(k)"
                lines.append("\(target) = Value(\(Bool.random(using: &rng) ? "1.0" : "-1.0"), label='\(target)')")
                lines.append("\(d) = \(y) + \(target)")
                lines.append("\(square) = \(d) * \(d)")
                squares.append(square)
            }
        }
        var loss = squares[0]
        for square in squares.dropFirst() {
            let sum = temporary()
            lines.append("\(sum) = \(loss) + \(square)")
            loss = sum
        }
        lines.append("\(loss).backward()")
        return lines.joined(separator: "\n") + "\n"
    }
}

private extension String {
    /// A number with four decimals, as the lecture's generator rounds its leaves.
    init(format4 x: Double) {
        let scaled = (x * 10_000).rounded() / 10_000
        self = scaled.description
    }
}
