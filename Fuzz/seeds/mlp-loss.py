x0 = Value(0.5, label='x0'); x1 = Value(-1.0, label='x1')
h0 = (Value(0.3, label='w00')*x0 + Value(-0.2, label='w01')*x1 + Value(0.1, label='b0')).tanh()
h1 = (Value(-0.4, label='w10')*x0 + Value(0.6, label='w11')*x1 + Value(0.0, label='b1')).tanh()
h2 = (Value(0.7, label='w20')*x0 + Value(0.1, label='w21')*x1 + Value(0.2, label='b2')).tanh()
loss = h0 + h1 + h2
loss.backward()
