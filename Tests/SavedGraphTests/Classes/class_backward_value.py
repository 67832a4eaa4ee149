"""A slotted Value whose _backward is one method on the class, by _op, operands in a tuple."""
class Value:
    __slots__ = ('data', 'grad', '_prev', '_op', 'label')
    def __init__(self, data, _children=(), _op='', label=''):
        self.data = data; self.grad = 0.0; self._prev = tuple(_children); self._op = _op; self.label = label
    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), '+')
    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), '*')
    def _backward(self):
        if self._op == '+':
            for child in self._prev: child.grad += self.grad
        elif self._op == '*':
            x, y = self._prev
            x.grad += y.data * self.grad
            y.grad += x.data * self.grad
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


def graphs():
    # Operands against their labels' order: the tuple's order must survive.
    q = Value(2.0, label='q'); p = Value(-3.0, label='p'); qp = q * p; qp.label = 'qp'
    return {"two-paths": two_paths(Value), "q-times-p": qp}
