"""The lecture's Value, with its bug: every _backward() writes grad = instead of grad +=."""
import math
class Value:
    def __init__(self, data, _children=(), _op='', label=''):
        self.data = data; self.grad = 0.0; self._backward = lambda: None
        self._prev = set(_children); self._op = _op; self.label = label
    def __repr__(self): return f"Value(data={self.data})"
    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), '+')
        def _backward():
            self.grad = 1.0 * out.grad
            other.grad = 1.0 * out.grad
        out._backward = _backward
        return out
    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), '*')
        def _backward():
            self.grad = other.data * out.grad
            other.grad = self.data * out.grad
        out._backward = _backward
        return out
    def tanh(self):
        x = self.data; t = (math.exp(2*x) - 1)/(math.exp(2*x) + 1)
        out = Value(t, (self, ), 'tanh')
        def _backward():
            self.grad = (1 - t**2) * out.grad
        out._backward = _backward
        return out
    def backward(self):
        topo = []; visited = set()
        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev: build_topo(child)
                topo.append(v)
        build_topo(self)
        self.grad = 1.0
        for node in reversed(topo): node._backward()


def graphs():
    a = Value(3.0, label='a'); b = a + a; b.label = 'b'
    # Operands the other way round from their labels: the set must not reorder them.
    x = Value(2.0, label='x'); w = Value(-3.0, label='w'); xw = x * w; xw.label = 'x*w'
    return {"two-paths": two_paths(Value), "a-plus-a": b, "x-times-w": xw}
