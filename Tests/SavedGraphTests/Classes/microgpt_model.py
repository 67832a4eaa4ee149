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
        topo = []
        visited = set()

        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._children:
                    build_topo(child)
                topo.append(v)
        build_topo(self)
        self.grad = 1
        for v in reversed(topo):
            for child, local_grad in zip(v._children, v._local_grads):
                child.grad += local_grad * v.grad


n_embd, n_head, vocab, block = 4, 1, 5, 3
state_dict = {}


def configure(embd=4, heads=1, vocabulary=5, block_size=3, seed=7):
    """Sizes the model and makes fresh parameters in state_dict: the tests' is tiny, the
    benchmark's (Scripts/bench_microgpt.py) as big as microgpt's own and bigger."""
    global n_embd, n_head, vocab, block
    n_embd, n_head, vocab, block = embd, heads, vocabulary, block_size
    random.seed(seed)
    matrix = lambda rows, cols: [[Value(random.gauss(0, 0.5)) for _ in range(cols)] for _ in range(rows)]
    state_dict.clear()
    state_dict.update({'wte': matrix(vocab, n_embd), 'wpe': matrix(block, n_embd),
                       'layer0.attn_wq': matrix(n_embd, n_embd), 'layer0.attn_wk': matrix(n_embd, n_embd),
                       'layer0.attn_wv': matrix(n_embd, n_embd), 'layer0.attn_wo': matrix(n_embd, n_embd),
                       'layer0.mlp_fc1': matrix(4 * n_embd, n_embd), 'layer0.mlp_fc2': matrix(n_embd, 4 * n_embd),
                       'lm_head': matrix(vocab, n_embd)})


configure()


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


def attention(q, keys, values):
    """Each head's softmax over the positions so far, and its weighted sum of the values."""
    head_dim = n_embd // n_head
    out = []
    for h in range(n_head):
        hs = slice(h * head_dim, (h + 1) * head_dim)
        attn_logits = [sum(a * b for a, b in zip(q[hs], k[hs])) / head_dim**0.5 for k in keys]
        attn_weights = softmax(attn_logits)
        out += [sum(attn_weights[t] * values[t][hs][j] for t in range(len(values))) for j in range(head_dim)]
    return out


def gpt(token_id, pos_id, keys, values):
    x = [t + p for t, p in zip(state_dict['wte'][token_id], state_dict['wpe'][pos_id])]
    x = rmsnorm(x)
    x_residual = x
    x = rmsnorm(x)
    q = linear(x, state_dict['layer0.attn_wq'])
    keys.append(linear(x, state_dict['layer0.attn_wk']))
    values.append(linear(x, state_dict['layer0.attn_wv']))
    x = linear(attention(q, keys, values), state_dict['layer0.attn_wo'])
    x = [a + b for a, b in zip(x, x_residual)]
    x_residual = x
    x = [xi.relu() for xi in linear(rmsnorm(x), state_dict['layer0.mlp_fc1'])]
    x = linear(x, state_dict['layer0.mlp_fc2'])
    x = [a + b for a, b in zip(x, x_residual)]
    return linear(x, state_dict['lm_head'])


def doc_loss(tokens):
    keys, values, losses = [], [], []
    for pos_id in range(len(tokens) - 1):
        logits = gpt(tokens[pos_id], pos_id, keys, values)
        probs = softmax(logits)
        losses.append(-probs[tokens[pos_id + 1]].log())
    return (1 / len(losses)) * sum(losses)


def step_loss(documents):
    """One training step's loss over several documents, as a batch of microgpt's adds them."""
    return (1 / len(documents)) * sum(doc_loss(tokens) for tokens in documents)
