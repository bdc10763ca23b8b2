"""A dict that refuses every change: for mappings inside objects shared between browser
sessions (a scenario's weights and overrides, an evaluation's results per option).

A dict subclass rather than a MappingProxyType, so it still serialises (pydantic, JSON),
copies and pickles like the dict it reads as.
"""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class ReadOnlyDict(dict[K, V]):
    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError(
            f"{type(self).__name__} cannot be changed: it is shared; build a new one instead"
        )

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self) -> tuple[type, tuple[dict[K, V]]]:
        # Rebuilt from a plain dict: pickle's default would set the items one by one.
        return type(self), (dict(self),)
