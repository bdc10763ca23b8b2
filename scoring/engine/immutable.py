"""Deep immutability for results shared between browser sessions.

An evaluation (and a decision record's content) is built once per scenario and read by every
session (`st.cache_resource` keeps one copy), so one session must not be able to change what
another sees. A frozen dataclass only refuses attribute assignment; `deep_freeze` makes the rest
read-only in one walk, whatever fields the result types gain later: numpy arrays lose their
write flag, dicts become ReadOnlyDicts, lists and sets become tuples and frozensets, and every
`cached_property` is computed now and frozen with the rest, so nothing is written into a shared
object afterwards. Pydantic models are frozen by their config and their mappings by their
field types (scoring.model.scenario.FrozenMap).
"""

from __future__ import annotations

import dataclasses
import functools
from functools import cached_property
from types import MappingProxyType
from typing import TypeVar, cast

import numpy as np

from scoring.model.readonly import ReadOnlyDict

T = TypeVar("T")


def deep_freeze(value: T) -> T:
    """`value`, with everything reachable from it read-only (frozen in place where it can be,
    replaced by a read-only equivalent where it cannot)."""
    # The same object, or (for a dict, list or set) its read-only twin, which reads the same.
    return cast(T, _freeze(value, {}))


# Values that are immutable already and hold nothing: returned as they are, without a lookup.
_ATOMIC = frozenset({str, int, float, bool, type(None), bytes, complex})


def _freeze(value: object, done: dict[int, tuple[object, object]]) -> object:
    if type(value) in _ATOMIC:
        return value
    # Keyed by id; the original is kept alive in `done` so its id cannot be reused mid-walk.
    seen = done.get(id(value))
    if seen is not None:
        return seen[1]
    done[id(value)] = (value, value)  # a cycle back to this object finds it as it is
    result = _frozen(value, done)
    done[id(value)] = (value, result)
    return result


def _frozen(value: object, done: dict[int, tuple[object, object]]) -> object:
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
        return value
    if isinstance(value, dict | MappingProxyType):
        items = {key: _freeze(item, done) for key, item in value.items()}
        unchanged = all(items[key] is item for key, item in value.items())
        read_only = isinstance(value, ReadOnlyDict | MappingProxyType)
        return value if read_only and unchanged else ReadOnlyDict(items)
    if isinstance(value, list | tuple) and type(value) in (list, tuple):  # a named tuple stays
        frozen = tuple(_freeze(item, done) for item in value)
        unchanged = all(a is b for a, b in zip(frozen, value, strict=True))
        return value if isinstance(value, tuple) and unchanged else frozen
    if isinstance(value, set):
        return frozenset(_freeze(item, done) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names, cached = _members(type(value))
        for name in names:
            old = getattr(value, name)
            new = _freeze(old, done)
            if new is not old:
                object.__setattr__(value, name, new)  # frozen: set as __init__ does
        for name in cached:
            vars(value)[name] = _freeze(getattr(value, name), done)
    return value


@functools.cache
def _members(cls: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(field names, cached-property names) of a dataclass, worked out once per class."""
    fields = tuple(field.name for field in dataclasses.fields(cls))
    cached = tuple(
        name
        for klass in cls.__mro__
        for name, attribute in vars(klass).items()
        if isinstance(attribute, cached_property)
    )
    return fields, cached
