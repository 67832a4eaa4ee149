# b = a + a: one node in both operand slots, so the second write overwrites the first.
# The lecture's first example. Buggy engine: a.grad = 1 (correct: 2).
a = Value(3.0, label='a')
b = a + a; b.label = 'b'
b.backward()
