from micrograd.engine import Value
import math
# every statement and expression the language takes
a = Value(-2.0, label='a'); b = Value(3.0, label="b")
c = a + b; c.label = 'c'
d = a * b + b**3
c += c + 1
d = d * 2 - a / 0.5 + (10.0 / d)
e = (c - d).tanh() + (-d).exp() * c.relu()
f = e**2 / 2.0 + 1_000 * 1e-3 + 0x10
g = a = Value(data=0.5, label=r'raw\label')
h = (g +
     f) \
    * e
h.backward()
draw_dot(h)
