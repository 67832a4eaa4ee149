"""A tiny GPT-like forward in the shape of Karpathy's microgpt: its Value (local gradients,
__slots__, no _op or label), a state_dict of embeddings and layer matrices, rmsnorm, one
attention head with softmax, an MLP and a cross-entropy loss over a short document."""
import math, random


class Value:
    __slots__ = ('data', 'grad', '_children', '_local_grads')

    def __init__(self, data, children=(), local_grads=()):
        self.data = data
        self.grad = 0
        self._children = children
        self._local_grads = local_grads

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1, 1))

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __pow__(self, other): return Value(self.data**other, (self,), (other * self.data**(other - 1),))
    def log(self): return Value(math.log(self.data), (self,), (1 / self.data,))
    def exp(self): return Value(math.exp(self.data), (self,), (math.exp(self.data),))
    def relu(self): return Value(max(0, self.data), (self,), (float(self.data > 0),))
    def __neg__(self): return self * -1
    def __radd__(self, other): return self + other
    def __sub__(self, other): return self + (-other)
    def __rsub__(self, other): return other + (-self)
    def __rmul__(self, other): return self * other
    def __truediv__(self, other): return self * other**-1
    def __rtruediv__(self, other): return other * self**-1

    def backward(self):
        topo, visited = [], set()
        stack = [(self, False)]
        while stack:
            v, done = stack.pop()
            if done:
                topo.append(v)
            elif v not in visited:
                visited.add(v)
                stack.append((v, True))
                stack.extend((c, False) for c in v._children)
        self.grad = 1
        for v in reversed(topo):
            for child, g in zip(v._children, v._local_grads):
                child.grad += g * v.grad


n_embd, vocab, block = 4, 5, 3
random.seed(7)
matrix = lambda rows, cols: [[Value(random.gauss(0, 0.5)) for _ in range(cols)] for _ in range(rows)]
state_dict = {'wte': matrix(vocab, n_embd), 'wpe': matrix(block, n_embd),
              'layer0.attn_wq': matrix(n_embd, n_embd), 'layer0.attn_wk': matrix(n_embd, n_embd),
              'layer0.attn_wv': matrix(n_embd, n_embd), 'layer0.mlp_fc1': matrix(2 * n_embd, n_embd),
              'layer0.mlp_fc2': matrix(n_embd, 2 * n_embd), 'lm_head': matrix(vocab, n_embd)}


def linear(x, w):
    return [sum(wi * xi for wi, xi in zip(wo, x)) for wo in w]


def softmax(logits):
    max_val = max(val.data for val in logits)
    exps = [(val - max_val).exp() for val in logits]
    total = sum(exps)
    return [e / total for e in exps]


def rmsnorm(x):
    ms = sum(xi * xi for xi in x) / len(x)
    scale = (ms + 1e-5) ** -0.5
    return [xi * scale for xi in x]


def gpt(token_id, pos_id, keys, values):
    x = [t + p for t, p in zip(state_dict['wte'][token_id], state_dict['wpe'][pos_id])]
    x = rmsnorm(x)
    q = linear(x, state_dict['layer0.attn_wq'])
    keys.append(linear(x, state_dict['layer0.attn_wk']))
    values.append(linear(x, state_dict['layer0.attn_wv']))
    attn_logits = [sum(q[j] * k[j] for j in range(n_embd)) / n_embd**0.5 for k in keys]
    attn_weights = softmax(attn_logits)
    x = [sum(attn_weights[t] * values[t][j] for t in range(len(values))) for j in range(n_embd)]
    x = [xi.relu() for xi in linear(rmsnorm(x), state_dict['layer0.mlp_fc1'])]
    x = linear(x, state_dict['layer0.mlp_fc2'])
    return linear(x, state_dict['lm_head'])


def doc_loss(tokens):
    keys, values, losses = [], [], []
    for pos_id in range(len(tokens) - 1):
        logits = gpt(tokens[pos_id], pos_id, keys, values)
        probs = softmax(logits)
        losses.append(-probs[tokens[pos_id + 1]].log())
    return (1 / len(losses)) * sum(losses)
