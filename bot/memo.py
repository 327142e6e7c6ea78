"""Values made once per object and dropped with it: what depends on a library or a claim index and on no
question (an index replaced when a new generation is served takes its values with it)."""
from __future__ import annotations

import weakref
from typing import Callable, TypeVar

Key = TypeVar("Key")
Value = TypeVar("Value")


def once_per(make: Callable[[Key], Value]) -> Callable[[Key], Value]:
    """`make(key)`, made the first time a key is asked for and kept while the key lives.

    >>> class Index: pass
    >>> made = []
    >>> sizes = once_per(lambda index: made.append(index) or len(made))
    >>> index = Index()
    >>> sizes(index), sizes(index), len(made)
    (1, 1, 1)
    """
    made: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def get(key: Key) -> Value:
        found = made.get(key)
        if found is None:
            found = made[key] = make(key)
        return found

    get.__doc__ = make.__doc__
    return get
