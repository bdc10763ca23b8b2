"""Numbers as people read them: 5000000 requests a month is "5 million, about 1.9 per second"."""

from __future__ import annotations

from scoring.demand import SECONDS_PER_MONTH


def compact(value: float) -> str:
    """5_000_000 -> '5 million', 12_500 -> '12.5 thousand', 950 -> '950'."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if abs(value) >= size:
            return f"{value / size:.3g} {word}"
    return f"{value:.3g}"


def monthly_volume(requests_per_month: float) -> str:
    per_second = requests_per_month / SECONDS_PER_MONTH
    if per_second < 0.01:
        rate = "under 0.01"
    elif per_second < 100:
        rate = f"{per_second:.2g}"
    else:
        rate = compact(round(per_second))
    return f"{compact(requests_per_month)} a month, on average {rate} per second"
