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


def usd_whole(value: float) -> str:
    """$1,234,567 in whole dollars, a minus sign before the dollar sign (totals, differences)."""
    if not math.isfinite(value):
        return "unbounded"
    rounded = round(value)
    return f"-${-rounded:,}" if rounded < 0 else f"${rounded:,}"


def usd_signed(value: float) -> str:
    """+$1,234 or -$1,234 in whole dollars; $0 without a sign."""
    return usd_whole(value) if round(value) <= 0 else f"+{usd_whole(value)}"


def usd_per_1k(value: float | None) -> str:
    """Cost per 1,000 requests: cents above a dollar, three significant digits below."""
    if value is None or not math.isfinite(value):
        return "n/a"
    if value >= 0.995:
        return f"${value:,.2f}"
    return f"${value:.3g}"


def ms_short(value: float) -> str:
    """34.4 ms, 140 ms, 9,810 ms: a decimal only where it carries information."""
    if not math.isfinite(value):
        return "unbounded"
    if value < 100:
        return f"{value:,.1f} ms"
    return f"{value:,.0f} ms"
