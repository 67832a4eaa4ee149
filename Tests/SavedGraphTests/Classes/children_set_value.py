"""A Value that keeps its operands in _children, a set, beside a _backward closure; its ** wraps
the exponent in a Value that its closure holds as `other` but that is no operand."""
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
    def __pow__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data ** other.data, (self,), f'**{other.data}')
        def _backward():
            self.grad += other.data * self.data ** (other.data - 1) * out.grad
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
    a = Value(3.0, label='a'); y = a ** 2 * a; y.label = 'y'
    return {"two-paths": two_paths(Value), "cube": y}
