"""Save a micrograd-style graph, and your own backward pass, for gradstep to open.

    import gradstep_export
    gradstep_export.save(loss, "graph.json")     # then, in a terminal: gradstep graph.json

Works with any Value class shaped like micrograd's, found by duck typing:

* micrograd style: ``data``, ``grad``, ``_backward``, and the operands in ``_prev`` or
  ``_children`` (a set, or a tuple or list in operand order), with ``_op`` and ``label`` if the
  class has them;
* local-gradient style: ``_children`` (a tuple, in operand order) beside ``_local_grads``
  (the local derivatives), and no ``_backward``.

``save`` records each value's data, op, operands, label and name. For micrograd style it then
runs your own ``root.backward()`` once, with every grad zeroed first, and records what it did:
each ``_backward()`` call, in the order your code made them, with the grads of that node's
operands before and after; then it puts everything back: every value you gave it is exactly as
it was, grads, ``_backward`` (on the instance, in a slot or on the class) and all other
attributes, slotted classes included. For local-gradient style it records the local gradients,
which gradstep adds up as your ``backward()`` does; where reading the values runs none of
their code (slots or plain attributes, no property or ``__getattr__``), nothing is written to
them at all.

Operands kept in a set have lost their order: ``save`` reads it from the ``self`` and
``other`` of ``_backward``'s closure, and where that names neither, falls back on (label,
data) order and marks the value ``"operand_order": "guessed"``, which gradstep shows.

An op gradstep does not know (say your own ``swish``) is stepped with the local derivatives your
code computes: ``save`` measures them by calling that node's ``_backward`` once with
``out.grad = 1`` and the operands' grads at 0.

Names: ``save(loss, path, names=model)`` names each value by where it sits in ``names``, any
nesting of dicts, lists, tuples and objects: ``layers[1].neurons[0].w[2]`` for micrograd's MLP,
``wte[3][5]`` and ``layer0.attn_wq[2][7]`` for a ``state_dict``. Then the variables of the code
that calls ``save`` (its locals, then its globals) name what they hold and ``names`` did not:
``loss``, ``w``, ``x[0]``, ``losses[3]``. A label you gave wins on screen. Names are only read:
nothing is changed.

Where each value was made: ``with gradstep_export.recording():`` around the forward pass notes
the line of your code that made each value, and the calls that led there; ``save`` writes them
and gradstep shows them at each step (``made in rmsnorm, model.py:87: ms = ...``).

Only the standard library is used, and nothing recurses, so graphs of 10^5 values save
in seconds. gradstep never runs your Python: it reads this file.
"""

import collections
import gc
import inspect
import itertools
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

FORMAT = 2
# The _op strings gradstep has its own local derivatives for, from its op table ('**k' is
# matched by prefix); every other op's are measured from your _backward.
KNOWN_OPS = set()  # written in from gradstep's op table when `gradstep exporter` prints this module


def save(root, path, names=None):
    """Write the graph `root` depends on, and your backward pass, to `path` as JSON.

    `names`: where to find the values' names first (a model, a state_dict, any nesting of dicts,
    lists, tuples and objects); then the caller's variables. Returns the number of values saved.
    """
    caller = sys._getframe(1)
    # The collector would sweep the whole graph again and again while the file's lists are
    # made; nothing here makes a cycle.
    collecting = gc.isenabled()
    gc.disable()
    kept = _Snapshot()
    try:
        # Each value is kept as it is before anything of it is read: even reading an attribute
        # can change an object (a cached_property, a __getattr__).
        kept.add(root)
        style = _style(root)
        walked = _read_only_walk(root) if style == "local-gradient" else None
        if walked is None:
            walked = _walk(root, style, kept)
        nodes, index, arity, operands, guessed = walked
        # The names given name first; the caller's variables name what they leave (`loss`, `losses[3]`).
        given = [] if names is None else [("", names)]
        named = _name_paths(given + _frame_roots(caller), index, type(root))
        del caller
        document = _document(root, style, nodes, index, arity, operands, guessed, named)
        if style == "micrograd":
            _add_pass(document, root, nodes, index, arity, operands)
        else:
            # Your backward() would add local_grad * v.grad over reversed topological order:
            # gradstep replays that from the local grads, so save need not run it.
            document["pass"] = {"kind": "local-gradients"}
        # Built in C from the lists; NaN and Infinity as JSON's common extension writes them.
        text = json.dumps(document, separators=(",", ":"))
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
            out.write("\n")
        return len(nodes)
    finally:
        kept.restore()
        if collecting:
            gc.enable()


def _read_only_walk(root):
    """The local-gradient style's values, breadth first from the root, where reading a value's
    `_children` and `_local_grads` runs none of its code (a slot, or the instance's __dict__,
    of one plain class): nothing is written, so nothing needs keeping. None where the class is
    not that plain."""
    cls = type(root)
    if not _plain_attributes(cls, ("_children", "_local_grads", "data", "label", "_op", "_backward", "_prev")):
        return None
    nodes, index, arity, operands = [root], {id(root): 0}, [], []
    add_arity, add_operand, add_node, number = arity.append, operands.append, nodes.append, index.setdefault
    count = 1
    for v in nodes:  # grows as it goes: breadth first
        children = v._children
        add_arity(len(children))
        for c in children:
            i = number(id(c), count)  # its number, or the next one if it has none yet
            if i == count:
                if type(c) is not cls:
                    return None
                add_node(c)
                count += 1
            add_operand(i)
    return nodes, index, arity, operands, []


def _plain_attributes(cls, names):
    """Whether reading these attributes of a `cls` runs no code: the class keeps the default
    attribute lookup and has no __getattr__, and each is a slot or lives in the instance's __dict__."""
    # A missing attribute would run __getattr__.
    if cls.__getattribute__ is not object.__getattribute__ or inspect.getattr_static(cls, "__getattr__", None) is not None:
        return False
    for name in names:
        found = inspect.getattr_static(cls, name, _UNSET)
        if found is not _UNSET and not isinstance(found, types.MemberDescriptorType):
            return False
    return True


def _document(root, style, nodes, index, arity, operands, guessed, named):
    """The file's fields but the pass: one list per field, position i of each for value i."""
    document = {"gradstep": FORMAT, "style": style, "root": index[id(root)], "data": _numbers([v.data for v in nodes], "data", nodes),
                "arity": arity, "operands": operands}
    if style == "local-gradient":
        local = [v._local_grads for v in nodes]
        if list(map(len, local)) != arity:
            i = next(i for i, (g, a) in enumerate(zip(local, arity)) if len(g) != a)
            raise TypeError("gradstep_export.save: a %s has %d children but %d local grads"
                            % (type(nodes[i]).__name__, arity[i], len(local[i])))
        document["local_grads"] = _numbers(list(itertools.chain.from_iterable(local)), "a local grad", nodes)
    if hasattr(root, "_op"):
        table, numbers, ops = [], {}, []
        for v in nodes:
            op = _text(getattr(v, "_op", ""))
            number = numbers.get(op)
            if number is None:
                number = numbers[op] = len(table)
                table.append(op)
            ops.append(number)
        document["ops"], document["op"] = table, ops
    labels = [[i, _text(v.label)] for i, v in enumerate(nodes) if getattr(v, "label", "")] if hasattr(root, "label") else []
    if labels:
        document["labels"] = labels
    if named:
        document["names"] = sorted([index[k], path] for k, path in named.items())
    if guessed:
        document["guessed"] = guessed
    made, sites, calls, call_tree = _sites_made(nodes)
    if sites:
        document["made"], document["sites"] = made, sites
        document["call"], document["call_tree"] = calls, call_tree
    return document


def _numbers(column, what, nodes):
    """A list of ints and floats as it is; anything else (a numpy scalar, a bool) made a float,
    or an error naming what is not a number."""
    if set(map(type, column)) <= {float, int}:
        return column
    out = []
    for x in column:
        try:
            out.append(float(x))
        except (TypeError, ValueError):
            raise TypeError("gradstep_export.save: the %s of a %s is %r, not a number" % (what, type(nodes[0]).__name__, x))
    return out


def _add_pass(document, root, nodes, index, arity, operands):
    """The micrograd style's pass: each _backward() call of your root.backward(), with the local
    derivatives of the ops gradstep does not know measured first."""
    ops = document.get("op")
    table = document.get("ops", [])
    unknown = [i for i in range(len(nodes)) if arity[i] and not _known(table[ops[i]] if ops else "")]
    if unknown:
        start = list(itertools.accumulate(arity, initial=0))
        local = [0.0] * len(operands)
        for i in unknown:
            slots = [nodes[j] for j in operands[start[i]:start[i + 1]]]
            local[start[i]:start[i + 1]] = _measure_local_grads(nodes[i], slots)
        document["local_grads"] = local
    document["sources"] = _backward_sources(nodes, [table[k] for k in ops] if ops else [""] * len(nodes), arity)
    try:
        document["pass"] = {"kind": "calls", **_record_calls(root, nodes, index, arity, operands)}
    except _NoPass as reason:
        document["pass_error"] = str(reason)
        print("gradstep_export: saved the graph without your backward pass: %s" % reason, file=sys.stderr)
    # The grads your backward() left, read before everything is put back as it was.
    document["grad"] = _numbers([getattr(v, "grad", 0.0) for v in nodes], "grad", nodes)


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
    """Every value root depends on, operands before the values made from them (no recursion):
    (values, position by id, operand count of each, their operands' positions one after another
    in operand order, the positions whose operands' order is a guess). Each value is added to
    `kept` before anything of it is read."""
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
    index = {id(v): i for i, v in enumerate(order)}
    arity, operands, guessed = [], [], []
    for i, v in enumerate(order):
        slots, guess = found[id(v)]
        arity.append(len(slots))
        operands += [index[id(o)] for o in slots]
        if guess:
            guessed.append(i)
    return order, index, arity, operands, guessed


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


def _backward_sources(nodes, ops, arity):
    """The body of each op's _backward, as your class writes it (`self.grad = other.data * out.grad`),
    one op symbol at a time: gradstep shows it beside the writes it made. Empty where Python
    cannot find the source (a function typed at a bare prompt)."""
    sources = {}
    for v, op, count in zip(nodes, ops, arity):
        if not count or op in sources:
            continue
        try:
            text = textwrap.dedent(inspect.getsource(v._backward))
        except (OSError, TypeError):
            continue
        lines = []
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("def ") and "):" in line:
                # `def _backward(): self.grad += out.grad`: the body on the def's own line.
                line = line.split("):", 1)[1].strip()
            if line and not line.startswith(("#", "def ", "@")):
                lines.append(line[:120])
        sources[op] = lines[:12]
    return sources


def _record_calls(root, nodes, index, arity, operands):
    """Runs root.backward() with each _backward wrapped to record its operands' grads. The
    wrappers stay until save() puts every value back (`_Snapshot`); a class wrapped for its
    instances is put back here."""
    calls = []
    by_class = {}
    start = 0
    for i, v in enumerate(nodes):
        slots = operands[start:start + arity[i]]
        start += arity[i]
        original = getattr(v, "_backward", None)
        if not callable(original):
            continue
        distinct = _distinct(nodes[j] for j in slots)

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
        self._values = []     # the values made, in order, kept alive so that their ids stay their own,
        self._made = []       # and beside each its (site number, call number)
        self._calls = []      # call number → (function, the call number it was made in, or -1)
        self._open = []       # (frame, call number) of the learner's calls running at the last value, outermost first
        self._undo = None
        self._skip = set()
        self._learner = {}    # code → whether its frames are the learner's
        self._frames = {}     # frame → (the calls above it, its call, line → (site, call)); held, so no other frame takes its place

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
        self._outer = None
        self._open = []
        self._frames.clear()
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
        note, frames, learner, getframe = self._note, self._frames, self._learner, sys._getframe
        add_value, add_made = self._values.append, self._made.append

        def __init__(value, *args, **kwargs):
            inner(value, *args, **kwargs)
            # The common case in line: the frame below the value class's methods, a line of it
            # seen before. Anything else is _note's.
            frame = getframe(1)
            mine = learner.get(frame.f_code)
            while mine is False:
                frame = frame.f_back
                if frame is None:
                    return
                mine = learner.get(frame.f_code)
            if mine:
                known = frames.get(frame)
                if known is not None:
                    site = known[2].get(frame.f_lineno)
                    if site is not None:
                        add_value(value)
                        add_made(site)
                        return
            note(value, frame)
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
        # Values come from a few frames in turn (a sum's additions from the comprehension that
        # calls sum, its products from the generator inside): what is known of each is kept, and
        # the frame held, so that no other frame can take its id while it is known.
        known = self._frames.get(frame)
        if known is None:
            if len(self._frames) > 256:
                self._frames.clear()
            known = self._frames[frame] = self._calls_above(frame) + ({},)
        line = frame.f_lineno
        made = known[2].get(line)
        if made is None:
            key = (frame.f_code, line, known[0])
            site = self._sites.get(key)
            if site is None:
                site = self._sites[key] = len(self._chains)
                self._chains.append(key)
            made = known[2][line] = (site, known[1])
        self._values.append(value)
        self._made.append(made)

    def _judge(self, code):
        """Whether frames of `code` are the learner's: not the value class's, this module's, or
        the standard library's. Judged once a code."""
        mine = code not in self._skip and not _is_library(code.co_filename)
        self._learner[code] = mine
        return mine

    def _calls_above(self, frame):
        """The names of the learner's calls that led to `frame`, outermost first, up to the `with`
        block; and the number of the innermost call of a named function running there (a
        comprehension is part of the call it is in), -1 for the block itself. A call is one
        run of a function, `rmsnorm(x)` for one x: numbered when its first value is made."""
        if frame is self._outer:
            # Made in the `with` block itself: in no call of the block's.
            return (), -1
        names, frames = [], []
        if not frame.f_code.co_name.startswith("<"):
            frames.append(frame)
        above = frame.f_back
        while above is not None and above is not self._outer:
            code = above.f_code
            mine = self._learner.get(code)
            if mine is None:
                mine = self._judge(code)
            if mine:
                names.append(_function_name(code))
                if not code.co_name.startswith("<"):
                    frames.append(above)
            above = above.f_back
        frames.reverse()
        # The calls still running are the ones held from the last value (held, so no other frame
        # can take a finished one's place); the rest are new.
        held, kept = self._open, 0
        while kept < len(held) and kept < len(frames) and held[kept][0] is frames[kept]:
            kept += 1
        running = held[:kept]
        for f in frames[kept:]:
            running.append((f, len(self._calls)))
            self._calls.append((_function_name(f.f_code), running[-2][1] if len(running) > 1 else -1))
        self._open = running
        return tuple(reversed(names)), running[-1][1] if running else -1

    def describe(self, site):
        """{"file", "line", "function", "calls", "text"} of site number `site`: the calls that led
        there outermost first, and the line's text."""
        code, line, calls = self._chains[site]
        return {"file": code.co_filename, "line": line, "function": _function_name(code), "calls": list(calls),
                "text": linecache.getline(code.co_filename, line).strip()}


def _function_name(code):
    """How a person names a function of theirs: `rmsnorm`; a method by its class, `Layer.parameters`;
    a callable object's `__call__` by its class alone, `Neuron` (micrograd's nn); a nested
    function by its own name."""
    name = getattr(code, "co_qualname", code.co_name).split(".<locals>.")[-1]
    return name[:-len(".__call__")] if name.endswith(".__call__") else name


_recordings = []
_library_cache = {}
_LIBRARY = tuple(p for p in {sysconfig.get_paths().get("stdlib"), sysconfig.get_paths().get("platstdlib")} if p)


def _is_library(path):
    known = _library_cache.get(path)
    if known is None:
        # A notebook's cells (`<ipython-input-3-…>`) and code piped in (`<stdin>`) are the learner's;
        # Python's frozen modules (`<frozen importlib._bootstrap>`) are not.
        known = _library_cache[path] = (path.startswith("<frozen") or path == __file__
                                        or any(path.startswith(root + os.sep) for root in _LIBRARY)
                                        and "site-packages" not in path)
    return known


def _sites_made(nodes):
    """Where the newest recording saw each value made: its site's number (-1 where not known),
    the sites, each value's call (-1: the `with` block itself, or not known), and the calls,
    each [function, the call it was made in]."""
    if not _recordings:
        return [], [], [], []
    rec = _recordings[0]
    # Each value's notes by id: the recording keeps its values alive, so an id is one value's.
    seen = dict(zip(map(id, rec._values), rec._made))
    notes = list(map(seen.get, map(id, nodes)))
    made = [-1 if n is None else n[0] for n in notes]
    calls = [-1 if n is None else n[1] for n in notes]
    return made, [rec.describe(site) for site in range(len(rec._chains))], calls, [list(call) for call in rec._calls]


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


def _text(x):
    return x if isinstance(x, str) else str(x)
