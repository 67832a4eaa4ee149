"""Shared by the classes' graphs(): the lecture's two-paths graph, built with any of them.
The test runs each class's module with this appended, as a notebook runs cells in order."""


def two_paths(V):
    """The lecture's f = (a*b)*(a+b), labelled as in the lecture."""
    a = V(-2.0, label='a'); b = V(3.0, label='b')
    d = a * b; d.label = 'd'
    e = a + b; e.label = 'e'
    f = d * e; f.label = 'f'
    return f
