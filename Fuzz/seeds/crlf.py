a = Value(1.0)
b = a * a
b.backward()
