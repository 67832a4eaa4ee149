# micrograd's test_more_ops: every derived op (- / ** relu, reflected + and *), rebinding with += .
# Fixed engine: g = 24.7041, a.grad = 138.8338, b.grad = 645.5773.
a = Value(-4.0)
b = Value(2.0)
c = a + b
d = a * b + b**3
c += c + 1
c += 1 + c + (-a)
d += d * 2 + (b + a).relu()
d += 3 * d + (b - a).relu()
e = c - d
f = e**2
g = f / 2.0
g += 10.0 / f
g.backward()
