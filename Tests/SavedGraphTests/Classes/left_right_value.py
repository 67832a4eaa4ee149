"""A Value whose _backward closures name their operands left and right, with its own max op.
Value keeps _prev as a tuple, in operand order; SetValue keeps a set, whose order is lost."""
class Value:
    def __init__(self, data, _children=(), _op='', label=''):
        self.data = data; self.grad = 0.0; self._backward = lambda: None
        self._prev = self._keep(_children); self._op = _op; self.label = label
    @staticmethod
    def _keep(children): return tuple(children)
    def __add__(left, right):
        out = type(left)(left.data + right.data, (left, right), '+')
        def _backward():
            left.grad += out.grad
            right.grad += out.grad
        out._backward = _backward
        return out
    def __mul__(left, right):
        out = type(left)(left.data * right.data, (left, right), '*')
        def _backward():
            left.grad += right.data * out.grad
            right.grad += left.data * out.grad
        out._backward = _backward
        return out
    def max(left, right):
        out = type(left)(max(left.data, right.data), (left, right), 'max')
        def _backward():
            if left.data >= right.data: left.grad += out.grad
            else: right.grad += out.grad
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
    @staticmethod
    def _keep(children): return set(children)


def graphs():
    # max(q, p) with q the larger: swapped operands would send the gradient to p.
    q = Value(2.0, label='q'); p = Value(-3.0, label='p'); m = q.max(p); m.label = 'm'
    y = m * q; y.label = 'y'
    qs = SetValue(2.0, label='q'); ps = SetValue(-3.0, label='p'); ms = qs.max(ps); ms.label = 'm'
    return {"two-paths": two_paths(Value), "max-tuple": y, "max-set": ms}
