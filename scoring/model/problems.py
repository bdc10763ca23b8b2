"""How much of a bad input is reported: the first problems, and how many more there were.

A hostile file can hold a hundred thousand mistakes; listing them all ties up the server and
freezes the reader's tab. Every reader (scenario YAML, `?s=` link, bundle, measurement CSV)
reports through ScenarioError, which keeps the first MAX_PROBLEMS and words the rest once, here.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_PROBLEMS = 20


# One problem line at most: a 2 MB value quoted in full would freeze the reader's page.
MAX_PROBLEM_CHARS = 1_000


# A scenario holds a few hundred values, a bundle of twelve a few thousand: past this a file is
# not one of ours, and reading on would only cost time (YAML reads about 2 µs per value).
MAX_VALUES = 20_000


def more_problems(count: int) -> str:
    """The line that follows the first MAX_PROBLEMS problems."""
    noun = "problem" if count == 1 else "problems"
    return f"… and {count:,} more {noun}, not listed (fix the ones above first)"


def shown(value: object) -> str:
    """A value quoted in a problem (as Python writes it), cut short."""
    return short(repr(value))


def short(text: str, limit: int = 60) -> str:
    """Text cut to `limit` characters, ending in … where it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_line(problem: str) -> str:
    """A problem on one line of at most MAX_PROBLEM_CHARS characters."""
    problem = " ".join(problem.split())
    if len(problem) <= MAX_PROBLEM_CHARS:
        return problem
    return problem[: MAX_PROBLEM_CHARS - 1] + "…"


def capped_list(items: Iterable[str], separator: str = ", ", limit: int = MAX_PROBLEMS) -> str:
    """The first `limit` items joined by `separator`, then how many more there were."""
    shown: list[str] = []
    more = 0
    for item in items:
        if len(shown) < limit:
            shown.append(item)
        else:
            more += 1
    return separator.join(shown) + (f"{separator}and {more:,} more" if more else "")


def too_many_values(where: str = "") -> str:
    """The problem of a file or link that holds more values than any scenario could."""
    at = f"{where}: " if where else ""
    return (
        f"{at}more than {MAX_VALUES:,} values; a scenario holds a few hundred, a bundle of "
        "variants a few thousand, so the rest was not read"
    )
