# micrograd's test_sanity_check: x feeds five nodes, constants and relu. Fixed engine: x.grad = 46.
x = Value(-4.0)
z = 2 * x + 2 + x
q = z.relu() + z * x
h = (z * z).relu()
y = h + q + q * x
y.backward()
