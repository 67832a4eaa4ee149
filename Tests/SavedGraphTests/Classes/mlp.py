"""A 2-layer MLP built with classes and loops, on the lecture's Value with the bug fixed."""
import math, random
class Value:
    def __init__(self, data, _children=(), _op='', label=''):
        self.data = data; self.grad = 0.0; self._backward = lambda: None
        self._prev = set(_children); self._op = _op; self.label = label
    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), '+')
        def _backward():
            self.grad += 1.0 * out.grad; other.grad += 1.0 * out.grad
        out._backward = _backward
        return out
    def __radd__(self, other): return self + other
    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), '*')
        def _backward():
            self.grad += other.data * out.grad; other.grad += self.data * out.grad
        out._backward = _backward
        return out
    def __rmul__(self, other): return self * other
    def __pow__(self, other):
        out = Value(self.data**other, (self,), f'**{other}')
        def _backward(): self.grad += other * self.data**(other - 1) * out.grad
        out._backward = _backward
        return out
    def __neg__(self): return self * -1
    def __sub__(self, other): return self + (-other)
    def tanh(self):
        t = math.tanh(self.data); out = Value(t, (self,), 'tanh')
        def _backward(): self.grad += (1 - t**2) * out.grad
        out._backward = _backward
        return out
    def backward(self):
        topo, visited = [], set()
        def build(v):
            if v not in visited:
                visited.add(v)
                for c in v._prev: build(c)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo): v._backward()

class Neuron:
    def __init__(self, nin):
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]; self.b = Value(random.uniform(-1, 1))
    def __call__(self, x):
        return sum((wi * xi for wi, xi in zip(self.w, x)), self.b).tanh()
class Layer:
    def __init__(self, nin, nout): self.neurons = [Neuron(nin) for _ in range(nout)]
    def __call__(self, x):
        outs = [n(x) for n in self.neurons]
        return outs[0] if len(outs) == 1 else outs
class MLP:
    def __init__(self, nin, nouts):
        sz = [nin] + nouts
        self.layers = [Layer(sz[i], sz[i + 1]) for i in range(len(nouts))]
    def __call__(self, x):
        for layer in self.layers: x = layer(x)
        return x


def graphs():
    random.seed(1)
    n = MLP(3, [4, 1])
    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0]]
    ys = [1.0, -1.0, -1.0]
    loss = sum((n(x) - y)**2 for x, y in zip(xs, ys)); loss.label = 'loss'
    return {"two-paths": two_paths(Value), "mlp": loss}
