"""A Value with what a real class may have: __slots__ given as an iterator, a private slot, a
cached_property made on first read, and a class counter its backward() bumps."""
import functools
class Value:
    __slots__ = iter(('data', 'grad', '_backward', '_kids', '_op', 'label', '__secret', '__dict__'))
    passes = 0
    def __init__(self, data, _children=(), _op='', label=''):
        self.data = data; self.grad = 0.0; self._backward = lambda: None
        self._kids = tuple(_children); self._op = _op; self.label = label; self.__secret = 1
    @functools.cached_property
    def _prev(self): return set(self._kids)
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
        Value.passes += 1
        topo, visited = [], set()
        def build(v):
            if v not in visited:
                visited.add(v)
                for c in v._kids: build(c)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo): v._backward()


def graphs():
    return {"two-paths": two_paths(Value)}
