"""A Value that keeps its operands in _children, a set, beside a _backward closure."""
class Value:
    def __init__(self, data, children=(), op='', label=''):
        self.data = data; self.grad = 0.0; self._backward = lambda: None
        self._children = set(children); self._op = op; self.label = label
    def __add__(self, other):
        out = Value(self.data + other.data, (self, other), '+')
        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out
    def __mul__(self, other):
        out = Value(self.data * other.data, (self, other), '*')
        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out
    def backward(self):
        topo, visited = [], set()
        def build(v):
            if v not in visited:
                visited.add(v)
                for c in v._children: build(c)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo): v._backward()


def graphs():
    return {"two-paths": two_paths(Value)}
