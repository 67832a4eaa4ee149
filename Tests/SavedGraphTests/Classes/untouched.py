"""Appended after a class's module by the test that the exporter leaves every value as it was:
each value's state (its __dict__ in order, its slots, its class's _backward), by identity."""
import gc
import types

import gradstep_export


def values_of(root):
    """Every value root holds, found without reading an attribute (which can run the class's
    code: a property, a cached_property, __getattr__): through the objects the collector sees
    it refer to, the closures of its _backward included, never into a class or a module."""
    cls, seen, stack, out = type(root), {id(root)}, [root], []
    while stack:
        x = stack.pop()
        if isinstance(x, cls):
            out.append(x)
        if isinstance(x, types.FunctionType):
            referents = [c.cell_contents for c in (x.__closure__ or ()) if _filled(c)]
        elif isinstance(x, (type, types.ModuleType, str, bytes, int, float)):
            continue
        else:
            referents = gc.get_referents(x)
        for k in referents:
            if id(k) not in seen and not isinstance(k, (type, types.ModuleType)):
                seen.add(id(k))
                stack.append(k)
    return out


def _filled(cell):
    try:
        cell.cell_contents
        return True
    except ValueError:
        return False


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
