"""A local-gradient Value whose reading runs code: an _op worked out and cached on first read,
and a __getattr__ that notes every name asked of it that it does not have."""
import functools
class Value:
    asked = []
    def __init__(self, data, children=(), local_grads=(), label=''):
        self.data = data; self.grad = 0; self._children = children; self._local_grads = local_grads
        self.label = label
    @functools.cached_property
    def _op(self):
        return '' if not self._children else '+' if self._local_grads == (1, 1) else '*'
    def __getattr__(self, name):
        Value.asked.append(name)
        raise AttributeError(name)
    def __add__(self, other):
        return Value(self.data + other.data, (self, other), (1, 1))
    def __mul__(self, other):
        return Value(self.data * other.data, (self, other), (other.data, self.data))
    def backward(self):
        topo, visited = [], set()
        def build(v):
            if v not in visited:
                visited.add(v)
                for c in v._children: build(c)
                topo.append(v)
        build(self)
        self.grad = 1
        for v in reversed(topo):
            for child, g in zip(v._children, v._local_grads):
                child.grad += g * v.grad


def graphs():
    return {"two-paths": two_paths(Value)}
