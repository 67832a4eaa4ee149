"""Appended after a class's module by the test that the exporter leaves every value as it was:
each value's state (its __dict__ in order, its slots, its class's _backward), by identity."""
import types

import gradstep_export


def values_of(root):
    """Every value root depends on, found without the exporter's help."""
    seen, stack, out = {id(root)}, [root], []
    while stack:
        v = stack.pop()
        out.append(v)
        for k in getattr(v, "_prev", None) or getattr(v, "_children", ()):
            if id(k) not in seen:
                seen.add(id(k))
                stack.append(k)
    return out


def state_of(v):
    state = []
    try:
        d = object.__getattribute__(v, "__dict__")
        state.append(("__dict__", [(k, id(x), repr(x)) for k, x in d.items()]))
    except AttributeError:
        pass
    for klass in type(v).__mro__:
        # Slots as their descriptors: private names mangled, __slots__ of any iterable found.
        for name, slot in vars(klass).items():
            if isinstance(slot, types.MemberDescriptorType):
                try:
                    x = slot.__get__(v, type(v))
                    state.append((name, id(x), repr(x)))
                except AttributeError:
                    state.append((name, "unset"))
        state.append((klass.__name__, sorted((k, id(x)) for k, x in klass.__dict__.items() if k != "__dict__")))
    return state


for name, root in graphs().items():
    values = values_of(root)
    for i, v in enumerate(values):
        v.grad = 0.5 + i  # grads from an earlier pass, which save() must leave as they are
    before = [state_of(v) for v in values]
    gradstep_export.save(root, name + ".json")
    after = [state_of(v) for v in values]
    for v, b, a in zip(values, before, after):
        assert b == a, "%s: a value changed:\n before %r\n after  %r" % (name, b, a)
    for v in values:
        v.grad = 0.0
    root.backward()  # the learner's own pass still runs, wherever _backward lives
    print(name, "untouched")
