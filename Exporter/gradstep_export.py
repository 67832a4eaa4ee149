"""Save a micrograd-style graph, and your own backward pass, for gradstep to open.

    import gradstep_export
    gradstep_export.save(loss, "graph.json")     # then, in a terminal: gradstep graph.json

Works with any Value class shaped like micrograd's, found by duck typing:

* micrograd style: ``data``, ``grad``, ``_backward``, and the operands in ``_prev`` or
  ``_children`` (a set, or a tuple or list in operand order), with ``_op`` and ``label`` if the
  class has them;
* local-gradient style: ``_children`` (a tuple, in operand order) beside ``_local_grads``
  (the local derivatives), and no ``_backward``.

``save`` records each value's data, op, operands, label and name, then runs your own
``root.backward()`` once, with every grad zeroed first, and records what it did: for
micrograd style, each ``_backward()`` call, in the order your code made them, with the
grads of that node's operands before and after; for local-gradient style, the local
gradients and the final grads. Then it puts everything back: every value you gave it is
exactly as it was, grads, ``_backward`` (on the instance, in a slot or on the class) and all
other attributes, slotted classes included.

Operands kept in a set have lost their order: ``save`` reads it from the ``self`` and
``other`` of ``_backward``'s closure, and where that names neither, falls back on (label,
data) order and marks the value ``"operand_order": "guessed"``, which gradstep shows.

An op gradstep does not know (say your own ``swish``) is stepped with the local derivatives your
code computes: ``save`` measures them by calling that node's ``_backward`` once with
``out.grad = 1`` and the operands' grads at 0.

Names: ``save(loss, path, names=model)`` names each value by where it sits in ``names``, any
nesting of dicts, lists, tuples and objects: ``layers[1].neurons[0].w[2]`` for micrograd's MLP,
``wte[3][5]`` and ``layer0.attn_wq[2][7]`` for a ``state_dict``. Without ``names``, the variables
of the code that calls ``save`` (its locals, then its globals) name what they hold: ``loss``,
``w``, ``x[0]``. A label you gave wins on screen. Names are only read: nothing is changed.

Where each value was made: ``with gradstep_export.recording():`` around the forward pass notes
the line of your code that made each value, and the calls that led there; ``save`` writes them
and gradstep shows them at each step (``made in rmsnorm, model.py:87: ms = ...``).

Only the standard library is used, and nothing recurses, so graphs of 10^5 values save
in seconds. gradstep never runs your Python: it reads this file.
"""

import collections
import gc
import inspect
import linecache
import os
import sysconfig
import json
import math
import sys
import textwrap
import threading
import types

__all__ = ["save", "recording"]

FORMAT = 1
# The ops gradstep has its own local derivatives for, from its op table: each op's _op strings,
# arity, forward value and local derivatives (in x, y and out). '**k' is matched by prefix.
_OPS = []  # written in from gradstep's op table when `gradstep exporter` prints this module
KNOWN_OPS = {name for names, _, _, _ in _OPS for name in names}


def save(root, path, names=None):
    """Write the graph `root` depends on, and your backward pass, to `path` as JSON.

    `names`: where to find the values' names (a model, a state_dict, any nesting of dicts,
    lists, tuples and objects); without it, the caller's variables. Returns the number of
    values saved.
    """
    caller = sys._getframe(1)
    # The collector would sweep the whole graph again and again while the file's objects are
    # made; nothing here makes a cycle.
    collecting = gc.isenabled()
    gc.disable()
    # Each value is kept as it is before anything of it is read: even reading an attribute can
    # change an object (a cached_property).
    kept = _Snapshot()
    try:
        kept.add(root)
        style = _style(root)
        nodes, found = _walk(root, style, kept)
        values = {id(v) for v in nodes}
        if names is None:
            named = _name_paths(_frame_roots(caller), values, type(root))
        else:
            named = _name_paths([("", names)], values, type(root))
        del caller
        return _save(root, path, style, nodes, found, named)
    finally:
        kept.restore()
        if collecting:
            gc.enable()


def _save(root, path, style, nodes, found, named):
    index = {id(v): i for i, v in enumerate(nodes)}
    operands = [found[id(v)][0] for v in nodes]
    guessed = [found[id(v)][1] for v in nodes]

    entries = []
    for i, v in enumerate(nodes):
        entry = {
            "id": i,
            "data": _number(getattr(v, "data", None), "data", v),
            "op": _text(getattr(v, "_op", "")),
            "operands": [index[id(o)] for o in operands[i]],
            "label": _text(getattr(v, "label", "")),
        }
        if id(v) in named:
            entry["name"] = named[id(v)]
        site = _made_at(v)
        if site is not None:
            entry["made"] = site
        if guessed[i]:
            entry["operand_order"] = "guessed"
        if style == "local-gradient" and operands[i]:
            entry["local_grads"] = [_number(g, "a local grad", v) for g in v._local_grads]
            if not hasattr(v, "_op"):
                # A class that keeps no op (micrograd's microgpt Value): name it from its numbers.
                entry["op"] = _infer_op(v, operands[i], v._local_grads)
        entries.append(entry)

    document = {"gradstep": FORMAT, "style": style, "root": index[id(root)], "nodes": entries}
    sites = _site_table(entries)
    if sites:
        document["sites"] = sites
    if style == "micrograd":
        for i, v in enumerate(nodes):
            if operands[i] and not _known(entries[i]["op"]):
                entries[i]["local_grads"] = _measure_local_grads(v, operands[i])
    if style == "micrograd":
        document["sources"] = _backward_sources(nodes, entries)
    try:
        if style == "micrograd":
            document["pass"] = {"kind": "calls", **_record_calls(root, nodes, operands, index)}
        else:
            _run_backward(root, nodes)
            document["pass"] = {"kind": "local-gradients"}
    except _NoPass as reason:
        document["pass_error"] = str(reason)
        print("gradstep_export: saved the graph without your backward pass: %s" % reason, file=sys.stderr)
    for i, v in enumerate(nodes):
        # The grads your backward() left, read before everything is put back as it was.
        entries[i]["grad"] = _number(getattr(v, "grad", 0.0), "grad", v)

    with open(path, "w", encoding="utf-8") as out:
        # dumps, not dump: only the whole-string encoder runs in C, several times faster.
        out.write(json.dumps(document, allow_nan=False, separators=(",", ":")))
        out.write("\n")
    return len(nodes)


class _NoPass(Exception):
    """Why your backward pass could not be recorded."""


def _style(root):
    if hasattr(root, "_children") and hasattr(root, "_local_grads") and not hasattr(root, "_backward"):
        return "local-gradient"
    if hasattr(root, "_backward") and (hasattr(root, "_prev") or hasattr(root, "_children")):
        return "micrograd"
    raise TypeError("gradstep_export.save: %r is not a micrograd-style Value "
                    "(it needs _backward with _prev or _children, or _children and _local_grads)" % type(root).__name__)


def _kept_operands(v, style):
    """The container the class keeps v's operands in: _prev, else _children."""
    if style == "micrograd" and hasattr(v, "_prev"):
        return v._prev
    return getattr(v, "_children", ())


def _children(v, style):
    """The distinct operands of v, in the order the class keeps them."""
    return _distinct(_kept_operands(v, style))


def _walk(root, style, kept):
    """Every value root depends on, operands before the values made from them (no recursion),
    and each value's operands with whether their order is a guess, by id. Each value is added
    to `kept` before anything of it is read."""
    found = {}

    def operands_of(v):
        found[id(v)] = _operands(v, style, kept)
        return iter(_distinct(found[id(v)][0]))

    order, done = [], set()
    stack = [(root, operands_of(root))]
    on_path = {id(root)}
    while stack:
        v, kids = stack[-1]
        for k in kids:
            if id(k) not in done and id(k) not in on_path:
                on_path.add(id(k))
                kept.add(k)
                stack.append((k, operands_of(k)))
                break
        else:
            stack.pop()
            on_path.discard(id(v))
            done.add(id(v))
            order.append(v)
    return order, found


def _operands(v, style, kept_values=None):
    """v's operands in operand order, repeats kept (`a + a` gives [a, a]), and whether that
    order is only a guess."""
    kept = _kept_operands(v, style)
    if style == "local-gradient" or not isinstance(kept, (set, frozenset)):
        return list(kept), False  # a tuple or list is in operand order already
    kept_set, kids = kept, _distinct(kept)
    if not kids:
        return [], False
    # A set forgets order and repeats; the closure of _backward still holds them by name:
    # `self`, then `other`.
    fn = getattr(v, "_backward", None)
    code, cells = getattr(fn, "__code__", None), getattr(fn, "__closure__", None)
    if code is not None and cells:
        env = dict(zip(code.co_freevars, cells))
        ordered = []
        for name in ("self", "other"):
            try:
                held = env[name].cell_contents
            except (KeyError, ValueError):
                continue
            # A value the set merged away is an operand too: a set keeps one of the operands
            # that compare equal (a class whose __eq__ compares data); the closure has both.
            if any(held is k for k in kids) or _merged_into(held, kept_set):
                ordered.append(held)
        if ordered and all(any(k is o for o in ordered) for k in kids):
            return ordered, False
    if len(kids) == 1:
        # One operand kept: a unary op, or both slots of `a + a`, which only the op can tell.
        return (kids * 2, True) if _text(getattr(v, "_op", "")) in ("+", "*") else (kids, False)
    # Nothing says: a stable order, by label then data, marked as a guess (the operands kept
    # as they are before their label is read).
    if kept_values is not None:
        for k in kids:
            kept_values.add(k)
    return sorted(kids, key=lambda k: (_text(getattr(k, "label", "")), _float(getattr(k, "data", 0.0)))), True


def _merged_into(value, operands):
    """Whether a set of operands holds something equal to `value` (but not `value` itself)."""
    try:
        return value in operands
    except TypeError:  # unhashable, or an __eq__ that refuses
        return False


def _infer_op(v, operands, local_grads):
    """The op a value's data and local derivatives show: one of _OPS or **k;
    empty when none fits (gradstep then steps it with the local derivatives as given)."""
    def close(x, y):
        return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))
    try:
        out, xs, gs = _float(v.data), [_float(o.data) for o in operands], [_float(g) for g in local_grads]
        x, y = xs[0], xs[-1]
        for names, arity, forward, local in _OPS:
            try:
                if arity == (2 if len(xs) == 2 else 1) and close(out, forward(x, y)) and all(map(close, gs, local(x, y, out))):
                    return names[0]
            except (ArithmeticError, TypeError, ValueError):
                continue
        if len(xs) == 2:
            return ""
        g = gs[0]
        if x != 0 and out != 0:
            k = g * x / out
            k = round(k) if close(k, round(k)) else k
            if close(out, x ** k) and close(g, k * x ** (k - 1)):
                return "**%r" % k
    except (ArithmeticError, TypeError, ValueError):
        pass
    return ""


def _known(op):
    if op in KNOWN_OPS:
        return True
    if op.startswith("**"):
        try:
            return math.isfinite(float(op[2:]))
        except ValueError:
            return False
    return False


def _measure_local_grads(v, operands):
    """The local derivatives of an op gradstep does not know: v._backward() once with
    v.grad = 1 and the operands' grads at 0. Every grad is put back."""
    distinct = _distinct(operands)
    saved = [(o, o.grad) for o in distinct] + [(v, v.grad)]
    try:
        for o in distinct:
            o.grad = 0.0
        v.grad = 1.0
        v._backward()
        measured = {id(o): _float(o.grad) for o in distinct}
    finally:
        for o, g in reversed(saved):
            o.grad = g
    # A repeated operand's whole derivative goes to its first slot.
    grads, given = [], set()
    for o in operands:
        grads.append(0.0 if id(o) in given else measured[id(o)])
        given.add(id(o))
    return [_json_number(g) for g in grads]


def _distinct(values):
    """Each value once, by identity, in the order first met."""
    seen, out = set(), []
    for v in values:
        if id(v) not in seen:
            seen.add(id(v))
            out.append(v)
    return out


def _backward_sources(nodes, entries):
    """The body of each op's _backward, as your class writes it (`self.grad = other.data * out.grad`),
    one op symbol at a time: gradstep shows it beside the writes it made. Empty where Python
    cannot find the source (a function typed at a bare prompt)."""
    sources = {}
    for v, entry in zip(nodes, entries):
        op = entry["op"]
        if not entry["operands"] or op in sources:
            continue
        try:
            text = textwrap.dedent(inspect.getsource(v._backward))
        except (OSError, TypeError):
            continue
        lines = []
        for line in text.splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "def ", "@")):
                lines.append(line[:120])
        sources[op] = lines[:12]
    return sources


def _record_calls(root, nodes, operands, index):
    """Runs root.backward() with each _backward wrapped to record its operands' grads. The
    wrappers stay until save() puts every value back (`_Snapshot`); a class wrapped for its
    instances is put back here."""
    calls = []
    by_class = {}
    for i, v in enumerate(nodes):
        original = getattr(v, "_backward", None)
        if not callable(original):
            continue
        distinct = _distinct(operands[i])

        def recording(v=v, i=i, distinct=distinct, original=original):
            before = [o.grad for o in distinct]
            out_grad = v.grad
            original()
            calls.append([i, _json_number(_float(out_grad)),
                          [[index[id(o)], _json_number(_float(b)), _json_number(_float(o.grad))]
                           for o, b in zip(distinct, before)]])

        home = _home(v, "_backward")
        if home is _CLASS:
            by_class.setdefault(type(v), {})[id(v)] = recording
        elif home is _DICT:
            object.__getattribute__(v, "__dict__")["_backward"] = recording
        else:
            home.__set__(v, recording)
    wrapped = []
    try:
        for cls, recordings in by_class.items():
            wrapped.append(_wrap_class(cls, recordings))
        _run_backward(root, nodes)
    finally:
        for put_back in reversed(wrapped):
            put_back()
    root_grad = next((c[1] for c in calls if c[0] == index[id(root)]), _json_number(_float(root.grad)))
    return {"seed": root_grad, "calls": calls}


_DICT, _CLASS = object(), object()


def _home(v, name):
    """Where v's attribute `name` can be replaced for v alone: _DICT (its __dict__), a slot's
    descriptor, or _CLASS when only its class can be (a method of a slotted class, a property)."""
    found = inspect.getattr_static(type(v), name, None)
    if isinstance(found, types.MemberDescriptorType):
        return found
    if _instance_dict(v) is not None and not _is_data_descriptor(found):
        return _DICT
    return _CLASS


def _is_data_descriptor(x):
    kind = type(x)
    return hasattr(kind, "__set__") or hasattr(kind, "__delete__")


def _wrap_class(cls, recordings):
    """Gives cls a _backward that records the calls of the values in `recordings` (by id) and
    runs the class's own for any other instance; returns what puts the class back."""
    own = cls.__dict__.get("_backward", _UNSET)
    inherited = inspect.getattr_static(cls, "_backward")

    def _backward(self):
        recording = recordings.get(id(self))
        if recording is not None:
            return recording()
        bound = inherited.__get__(self, type(self)) if hasattr(type(inherited), "__get__") else inherited
        return bound()

    try:
        type.__setattr__(cls, "_backward", _backward)
    except (AttributeError, TypeError) as error:
        raise _NoPass("cannot wrap _backward of a %s: %s" % (cls.__name__, error))

    def put_back():
        if own is _UNSET:
            type.__delattr__(cls, "_backward")
        else:
            type.__setattr__(cls, "_backward", own)
    return put_back


# MARK: - Where each value was made

class recording:
    """``with gradstep_export.recording():`` around your forward pass notes, for every value made
    inside, the line of your code that made it and the chain of your calls that led there
    (``doc_loss › gpt › rmsnorm``); ``save`` then writes them with the graph. Frames of the value
    class itself, of this module and of the standard library do not count. The class's
    ``__init__`` is wrapped while the block runs and put back exactly as it was after; the notes
    (and the values they are of) are kept until the next ``recording()`` block."""

    def __init__(self):
        self._sites = {}      # (code, line) chain, innermost first → site number
        self._chains = []     # site number → its chain
        self._made = {}       # id(value) → (value, site number); the value is kept alive so ids stay its own
        self._undo = None
        self._skip = set()
        self._learner = {}    # code → whether its frames are the learner's
        self._last = None     # the learner frame the last value was made in, the calls above it,
        self._above = ()      # its line then, and that line's site
        self._last_line = self._last_site = None

    def __enter__(self):
        self._outer = sys._getframe(1)
        self._skip = {sys._getframe(0).f_code}
        # Only the newest block's notes are kept: a training loop's earlier passes are let go.
        _recordings[:] = [self]
        # A profiler of the learner's own is put back as soon as the class is found, and at the end.
        self._profiler = sys.getprofile()
        sys.setprofile(self._find_class)
        return self

    def __exit__(self, *exc):
        if sys.getprofile() == self._find_class:
            sys.setprofile(self._profiler)
        if self._undo:
            self._undo()
        self._outer = self._last = None
        return False

    def _find_class(self, frame, event, arg):
        # Until the value class is known: the first __init__ of a class shaped like a Value.
        if event != "call" or frame.f_code.co_name != "__init__":
            return
        this = frame.f_locals.get("self")
        cls = type(this)
        if not (callable(getattr(cls, "backward", None)) and hasattr(cls, "__mul__") and hasattr(cls, "__add__")):
            return
        sys.setprofile(self._profiler)
        self._wrap(cls)
        self._note(this, frame.f_back)

    def _wrap(self, cls):
        own = cls.__dict__.get("__init__", _UNSET)
        inner = cls.__init__
        note = self._note

        def __init__(value, *args, **kwargs):
            inner(value, *args, **kwargs)
            note(value, sys._getframe(1))
        type.__setattr__(cls, "__init__", __init__)
        self._skip.add(__init__.__code__)
        for klass in cls.__mro__:
            for member in vars(klass).values():
                code = getattr(getattr(member, "__func__", member), "__code__", None)
                if code is not None:
                    self._skip.add(code)

        def undo():
            if own is _UNSET:
                type.__delattr__(cls, "__init__")
            else:
                type.__setattr__(cls, "__init__", own)
        self._undo = undo

    def _note(self, value, frame):
        # The first frame of the learner's own code: past the value class's methods.
        learner = self._learner
        while frame is not None:
            mine = learner.get(frame.f_code)
            if mine is None:
                mine = self._judge(frame.f_code)
            if mine:
                break
            frame = frame.f_back
        if frame is None:
            return
        line = frame.f_lineno
        if frame is self._last and line == self._last_line:
            # Most values come in runs from one line (a comprehension): its site is the last one.
            self._made[id(value)] = (value, self._last_site)
            return
        if frame is not self._last:
            # The calls above a frame never change while it runs; the last one is held, so it
            # cannot be freed and another frame take its place.
            self._last, self._above = frame, self._calls_above(frame)
        key = (frame.f_code, line, self._above)
        site = self._sites.get(key)
        if site is None:
            site = self._sites[key] = len(self._chains)
            self._chains.append(key)
        self._last_line, self._last_site = line, site
        self._made[id(value)] = (value, site)

    def _judge(self, code):
        """Whether frames of `code` are the learner's: not the value class's, this module's, or
        the standard library's. Judged once a code."""
        mine = code not in self._skip and not _is_library(code.co_filename)
        self._learner[code] = mine
        return mine

    def _calls_above(self, frame):
        """The learner's calls that led to `frame`, outermost first, up to the `with` block."""
        names = []
        frame = frame.f_back
        while frame is not None and frame is not self._outer:
            code = frame.f_code
            mine = self._learner.get(code)
            if mine is None:
                mine = self._judge(code)
            if mine:
                names.append(code.co_name)
            frame = frame.f_back
        return tuple(reversed(names))

    def site(self, value):
        """The number of the site where `value` was made, or None."""
        found = self._made.get(id(value))
        if found is None or found[0] is not value:
            return None
        return found[1]

    def describe(self, site):
        """{"file", "line", "function", "calls", "text"} of site number `site`: the calls that led
        there outermost first, and the line's text."""
        code, line, calls = self._chains[site]
        return {"file": code.co_filename, "line": line, "function": code.co_name, "calls": list(calls),
                "text": linecache.getline(code.co_filename, line).strip()}


_recordings = []
_library_cache = {}
_LIBRARY = tuple(p for p in {sysconfig.get_paths().get("stdlib"), sysconfig.get_paths().get("platstdlib")} if p)


def _is_library(path):
    known = _library_cache.get(path)
    if known is None:
        known = _library_cache[path] = (path.startswith("<") or path == __file__
                                        or any(path.startswith(root + os.sep) for root in _LIBRARY)
                                        and "site-packages" not in path)
    return known


def _made_at(value):
    """The site number where the newest recording saw `value` made, or None."""
    return _recordings[0].site(value) if _recordings else None


def _site_table(entries):
    """The sites the saved values name, numbered from 0 in the file; each entry's "made" becomes
    its number there."""
    if not _recordings:
        return []
    rec, table, numbers = _recordings[0], [], {}
    for entry in entries:
        made = entry.get("made")
        if made is None:
            continue
        number = numbers.get(made)
        if number is None:
            number = numbers[made] = len(table)
            table.append(rec.describe(made))
        entry["made"] = number
    return table


# MARK: - Names from the learner's program

# Objects whose insides name nothing: their attributes are code, not the learner's data.
_OPAQUE = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType,
           types.FrameType, types.GeneratorType, types.CodeType, str, bytes, bytearray, int, float,
           complex, bool, type(None), range, set, frozenset)


def _frame_roots(frame):
    """The caller's variables, locals first: (name, object) for each that is not private,
    a module, a function or a class."""
    roots, taken = [], set()
    for scope in (frame.f_locals, frame.f_globals):
        for key, obj in list(scope.items()):
            if key in taken or key.startswith("_") or isinstance(obj, (types.ModuleType, types.FunctionType, type)):
                continue
            taken.add(key)
            roots.append((key, obj))
    return roots


def _name_paths(roots, values, value_class):
    """Each value's path from the first of `roots` that reaches it, the shortest from there:
    breadth first through dicts, lists, tuples and objects' attributes (read from their __dict__
    and slots, so no property runs), never into a value. Each root is read up to a few objects
    per value, so a big dataset beside the model costs no more than that."""
    found = {}
    for root in roots:
        if len(found) == len(values):
            break
        _name_paths_from(root, values, value_class, found)
    return found


def _name_paths_from(root, values, value_class, found):
    seen = set()
    budget = 3 * len(values) + 10000
    queue = collections.deque([root])
    while queue and budget > 0:
        path, obj = queue.popleft()
        budget -= 1
        key = id(obj)
        if key in values:
            found.setdefault(key, path)
            continue
        if key in seen or isinstance(obj, _OPAQUE) or isinstance(obj, value_class):
            continue
        seen.add(key)
        for part, child in _parts(obj):
            queue.append((_joined(path, part), child))


def _parts(obj):
    """(name part, object) for what `obj` holds: `"key"` or `[0]`."""
    if isinstance(obj, dict):
        return [(k if isinstance(k, str) else "[%r]" % (k,), v) for k, v in list(obj.items())]
    if isinstance(obj, (list, tuple)):
        return [("[%d]" % i, v) for i, v in enumerate(obj)]
    parts = []
    fields = _instance_dict(obj)
    if isinstance(fields, dict):
        parts += [(k, v) for k, v in list(fields.items()) if isinstance(k, str) and not k.startswith("__")]
    for slot in _slots(type(obj)):
        try:
            parts.append((slot.__name__, slot.__get__(obj, type(obj))))
        except AttributeError:
            pass
    return parts


def _joined(path, part):
    if part.startswith("["):
        return path + part
    return path + "." + part if path else part


# MARK: - Leaving the learner's values as they were

_UNSET = object()


def _instance_dict(v):
    try:
        return object.__getattribute__(v, "__dict__")
    except (AttributeError, TypeError):
        return None


_slot_cache = {}


def _slots(cls):
    """The slot descriptors of cls and its bases (found as descriptors, so private names, and
    __slots__ given as any iterable, are found as Python made them)."""
    found = _slot_cache.get(cls)
    if found is None:
        found = [d for klass in cls.__mro__ for d in vars(klass).values() if isinstance(d, types.MemberDescriptorType)]
        _slot_cache[cls] = found
    return found


_CLASS_KEPT = ("__dict__", "__weakref__")


class _Snapshot:
    """Every attribute of every value, and of every class of theirs, held by identity, to be put
    back exactly: the same objects, in the same __dict__ order, unset slots unset again."""

    def __init__(self):
        self._kept = []
        self._seen = set()
        self._classes = {}

    def add(self, v):
        """Keeps v as it is now; a value already kept stays kept as it was first."""
        if id(v) in self._seen:
            return
        self._seen.add(id(v))
        d = _instance_dict(v)
        slots = [(s, self._get(s, v)) for s in _slots(type(v))]
        self._kept.append((v, None if d is None else dict(d), slots))
        for klass in type(v).__mro__:
            if klass is not object and id(klass) not in self._classes:
                self._classes[id(klass)] = (klass, dict(vars(klass)))

    @staticmethod
    def _get(slot, v):
        try:
            return slot.__get__(v, type(v))
        except AttributeError:
            return _UNSET

    def restore(self):
        for v, kept, slots in self._kept:
            for slot, value in slots:
                now = self._get(slot, v)
                if value is _UNSET:
                    if now is not _UNSET:
                        slot.__delete__(v)
                elif now is not value:
                    slot.__set__(v, value)
            if kept is not None:
                d = _instance_dict(v)
                if list(d) != list(kept) or any(d[k] is not x for k, x in kept.items()):
                    d.clear()
                    d.update(kept)
        for klass, kept in self._classes.values():
            now = vars(klass)
            for name in [k for k in now if k not in kept and k not in _CLASS_KEPT]:
                try:
                    type.__delattr__(klass, name)
                except (AttributeError, TypeError):
                    pass
            for name, value in kept.items():
                if name not in _CLASS_KEPT and now.get(name, _UNSET) is not value:
                    try:
                        type.__setattr__(klass, name, value)
                    except (AttributeError, TypeError):
                        pass


def _run_backward(root, nodes):
    """Zeroes every grad, then runs your root.backward() on a thread with a deep stack, so a
    recursive topological sort gets through a long graph."""
    if not callable(getattr(root, "backward", None)):
        raise _NoPass("%s has no backward() method" % type(root).__name__)
    for v in nodes:
        v.grad = 0.0
    failure = []

    def run():
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 4 * len(nodes) + 1000))
        try:
            root.backward()
        except BaseException as error:  # reported, not raised: the graph is still worth saving
            failure.append(error)
        finally:
            sys.setrecursionlimit(limit)

    size = threading.stack_size()
    try:
        threading.stack_size(min(1 << 30, max(1 << 24, 2048 * len(nodes) + (1 << 22))))
        worker = threading.Thread(target=run)
        worker.start()
        try:
            worker.join()
        except BaseException:
            # Ctrl-C: everything is put back only once your backward() has stopped writing.
            worker.join()
            raise
    finally:
        threading.stack_size(size)
    if failure:
        error = failure[0]
        raise _NoPass("your backward() raised %s: %s" % (type(error).__name__, error))


def _float(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return float("nan")


def _json_number(x):
    """A float as JSON holds it: non-finite numbers as the strings gradstep reads."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def _number(x, what, v):
    try:
        return _json_number(float(x))
    except (TypeError, ValueError):
        raise TypeError("gradstep_export.save: the %s of a %s is %r, not a number" % (what, type(v).__name__, x))


def _text(x):
    return x if isinstance(x, str) else str(x)
