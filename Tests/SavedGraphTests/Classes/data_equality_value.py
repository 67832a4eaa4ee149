"""A Value that compares (and hashes) by data: its build_topo's visited set takes c = a + b for
the leaf e, whose data is the same, and never calls c's _backward()."""
class Value:
    def __init__(self, data, _children=(), _op='', label=''):
        self.data = data; self.grad = 0.0; self._backward = lambda: None
        self._prev = tuple(_children); self._op = _op; self.label = label
    def __eq__(self, other): return isinstance(other, Value) and self.data == other.data
    def __hash__(self): return hash(self.data)
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
                for c in v._prev: build(c)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo): v._backward()


class SetValue(Value):
    """The same, with micrograd's set of operands: the set merges e and c, equal by data."""
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._prev = set(self._prev)
    def __add__(self, other):
        out = Value.__add__(self, other); out.__class__ = SetValue; out._prev = set(out._prev); return out
    def __mul__(self, other):
        out = Value.__mul__(self, other); out.__class__ = SetValue; out._prev = set(out._prev); return out


def skipped(V):
    a = V(2.0, label='a'); b = V(3.0, label='b')
    c = a + b; c.label = 'c'
    e = V(5.0, label='e')
    f = e * c; f.label = 'f'
    return f


def graphs():
    return {"skipped": skipped(Value), "skipped-set": skipped(SetValue)}
