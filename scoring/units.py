"""Numbers with their units, written the same way everywhere (record, pages, command line)."""

from __future__ import annotations

import math


def usd(value: float | None) -> str:
    """Dollars with thousands separators; small amounts keep three significant digits
    ($1,234,567 / $12.50 / $0.00143), never scientific notation."""
    if value is None or not math.isfinite(value):
        return "-"
    if value == 0:
        return "$0"
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{'-' if value < 0 else ''}${magnitude:,.0f}"
    decimals = max(2, 2 - math.floor(math.log10(magnitude)))
    return f"{'-' if value < 0 else ''}${magnitude:,.{decimals}f}"


def ms(value: float) -> str:
    return f"{value:,.1f} ms" if math.isfinite(value) else "unbounded"
