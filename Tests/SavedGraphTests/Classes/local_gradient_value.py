"""A local-gradient Value (each op keeps its operands and their local derivatives), with log."""
import math
class Value:
    __slots__ = ('data', 'grad', '_children', '_local_grads', '_op', 'label')
    def __init__(self, data, children=(), local_grads=(), op='', label=''):
        self.data = data; self.grad = 0
        self._children = children; self._local_grads = local_grads
        self._op = op; self.label = label
    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1, 1), '+')
    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data), '*')
    def __pow__(self, k): return Value(self.data**k, (self,), (k * self.data**(k-1),), f'**{k}')
    def log(self): return Value(math.log(self.data), (self,), (1/self.data,), 'log')
    def exp(self): return Value(math.exp(self.data), (self,), (math.exp(self.data),), 'exp')
    def __neg__(self): return self * -1
    def __sub__(self, other): return self + (-other)
    def __truediv__(self, other): return self * other**-1
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
    a = Value(2.0, label='a'); b = Value(3.0, label='b')
    s = a.exp() + b.exp(); s.label = 's'
    loss = (s.log() - a) / b; loss.label = 'loss'
    return {"two-paths": two_paths(Value), "log-softmax": loss}
