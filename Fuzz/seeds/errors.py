a = Value(1.0)
b = a ** a
for i in range(3):
    c = [a, b]
