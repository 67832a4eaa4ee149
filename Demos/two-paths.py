# f = (a*b)*(a+b): a and b each reach f along two paths, so `=` keeps only one contribution.
# The lecture's second example. Buggy engine, label order: a.grad = 3, b.grad = -2 (correct: -3, -8).
a = Value(-2.0, label='a')
b = Value(3.0, label='b')
d = a * b; d.label = 'd'
e = a + b; e.label = 'e'
f = d * e; f.label = 'f'
f.backward()
