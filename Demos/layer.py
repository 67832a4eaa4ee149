# A layer of two tanh neurons on shared inputs, summed into a squared-error loss: inputs fan out.
# x1 and x2 each feed both neurons, so the buggy engine drops one neuron's share of their grads.
x1 = Value(1.0, label='x1')
x2 = Value(-2.0, label='x2')
w11 = Value(0.5, label='w11'); w12 = Value(-0.25, label='w12'); b1 = Value(0.1, label='b1')
w21 = Value(-0.75, label='w21'); w22 = Value(0.4, label='w22'); b2 = Value(-0.2, label='b2')
h1 = (x1*w11 + x2*w12 + b1).tanh(); h1.label = 'h1'
h2 = (x1*w21 + x2*w22 + b2).tanh(); h2.label = 'h2'
y = h1 + h2; y.label = 'y'
loss = (y - 1.0)**2; loss.label = 'loss'
loss.backward()
