x = Value(1.0, label='evil\x1b[2J\x1b]0;pwned\x07')
y = Value(2.0, label='\u202eright-to-left 数据 🙂 café')
z = Value(3.0, label='line\nbreak\r\tand \x9b C1')
w = x * y + z * z
w.backward()
