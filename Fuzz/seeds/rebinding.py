x = Value(0.5, label='x')
x = x * 1.0001
x = x * 1.0001
x = x * 1.0001
x = x * 1.0001
k = Value(1.00001)
a1 = x * k
a2 = a1 * k
a3 = a2 * k
b = a3 + a3 + a3 + a3
b.backward()
