"""Numbers with their units, written the same way everywhere (record, pages, command line)."""

from __future__ import annotations

import math
import re

HOURS_PER_MONTH = 730.0  # 8760 / 12, the billing convention of the cloud providers
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600.0


def significant(value: float, digits: int = 3, keep_zeros: bool = False) -> str:
    """A number to `digits` significant figures with thousands separators, never scientific
    notation: 57,294.8 -> "57,300", 26,541,446.4 -> "26,500,000", 34.44 -> "34.4",
    0.012345 -> "0.0123". Trailing zeros after the point are dropped ("25", "6.5") unless
    `keep_zeros` (money: "$0.200", "$27.0")."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    rounded = float(f"{value:.{digits}g}")
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(rounded))))
    text = f"{rounded:,.{decimals}f}"
    if decimals and not keep_zeros:
        text = text.rstrip("0").rstrip(".")
    return text


def usd(value: float | None) -> str:
    """Dollars in a sentence, to three significant figures with thousands separators and the
    trailing zeros kept ($132,000 / $27.0 / $0.00143), never scientific notation. Tables of
    totals use usd_whole."""
    if value is None or not math.isfinite(value):
        return "-"
    if value == 0:
        return "$0"
    return f"{'-' if value < 0 else ''}${significant(abs(value), keep_zeros=True)}"


def memory_size(gb: float) -> str:
    """A memory size given in GB: "17.67 GB", "0.31 GB", and below a tenth of a GB in MB
    ("2.4 MB"), so a microcontroller's model does not read as 0.00 GB."""
    if gb >= 0.1 or gb == 0:
        return f"{gb:,.2f} GB"
    return f"{gb * 1000:,.{1 if gb >= 0.001 else 2}f} MB"


def ms(value: float) -> str:
    """An estimated or measured time to three significant figures: 34.4 ms, 140 ms,
    57,300 ms."""
    return f"{significant(value)} ms" if math.isfinite(value) else "unbounded"


# The same function under its older name (a p95 in a sentence): one way to write milliseconds.
ms_short = ms


def hours(value: float) -> str:
    """Hours to three significant figures: 0.8 h, 16.1 h, 1,230 h."""
    return f"{significant(value)} h" if math.isfinite(value) else "unbounded"


def ms_whole(value: float) -> str:
    """2,000 ms: limits and thresholds, which are set in whole milliseconds."""
    return f"{value:,.0f} ms" if math.isfinite(value) else "unbounded"


def usd_whole(value: float) -> str:
    """$1,234,567 in whole dollars, a minus sign before the dollar sign (totals, differences)."""
    if not math.isfinite(value):
        return "unbounded"
    rounded = round(value)
    return f"-${-rounded:,}" if rounded < 0 else f"${rounded:,}"


def usd_signed(value: float) -> str:
    """+$1,230 or -$41,700 to three significant figures (a change, in a sentence); $0 without
    a sign."""
    text = usd(value)
    return text if value <= 0 or text == "$0" else f"+{text}"


def usd_per_1k(value: float | None) -> str:
    """Cost per 1,000 requests to three significant figures ($305, $27.0, $0.200, $0.00418);
    "n/a" without requests."""
    if value is None or not math.isfinite(value):
        return "n/a"
    return usd(value)


def duration(value_ms: float) -> str:
    """A time in a unit read at a glance: 0.62 ms, 34.4 ms, 1.9 s, 24.3 s, 4.2 min."""
    if not math.isfinite(value_ms):
        return "unbounded"
    if value_ms < 1:
        return f"{value_ms:.2f} ms"
    if value_ms < 1000:
        return ms_short(value_ms)
    if value_ms < 120_000:
        return f"{value_ms / 1000:,.1f} s"
    return f"{value_ms / 60_000:,.1f} min"


def format_volume(requests: float) -> str:
    """Requests in short form for sentences and tables: 5 M, 12.5 k, 950."""
    for size, suffix in ((1e9, " B"), (1e6, " M"), (1e3, " k")):
        if requests >= size:
            return f"{requests / size:,.3g}{suffix}"
    return f"{requests:,.0f}"


def compact(value: float) -> str:
    """5_000_000 -> '5 million', 12_500 -> '12.5 thousand', 950 -> '950'."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if abs(value) >= size:
            return f"{value / size:.3g} {word}"
    return f"{value:.3g}"


def monthly_volume(requests_per_month: float) -> str:
    """5000000 requests a month read as "5 million a month, on average 1.9 per second"."""
    per_second = requests_per_month / SECONDS_PER_MONTH
    if per_second < 0.01:
        rate = "under 0.01"
    elif per_second < 100:
        rate = f"{per_second:.2g}"
    else:
        rate = compact(round(per_second))
    return f"{compact(requests_per_month)} a month, on average {rate} per second"


def percent(share: float) -> str:
    """A share of 0-1 as a whole percentage with a space before the sign ("34 %"), the way the
    pages write it; a small share never rounds to "0 %" nor a nearly whole one to "100 %"."""
    if not math.isfinite(share):
        return "-"
    if 0 < share < 0.005:
        return "under 1 %"
    if 0.995 <= share < 1:
        return "over 99 %"
    return f"{share * 100:,.0f} %"


def spaced_percents(text: str) -> str:
    """Percentages written the pages' way inside a text: "99.9%" reads "99.9 %"."""
    return re.sub(r"(\d)%", r"\1 %", text)
