"""How the cost results are worded, once, for the Costs page and the decision record alike: the
headline figures per option, the totals by component, the monthly projection as rows (and
CSV), and the sentences that read the scope, the uncertainty, the break-even months, the ratio
of the totals, the largest component and the tornado.

Pure functions: an Evaluation in, plain data or text out; no Streamlit, no I/O.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from scoring.engine.breakeven import PAIRS
from scoring.engine.costs import COMPONENT_LABELS, COMPONENTS
from scoring.engine.drivers import Driver
from scoring.engine.evaluate import Evaluation
from scoring.model.units import (
    format_volume,
    percent,
    spaced_percents,
    usd_per_1k,
    usd_signed,
    usd_whole,
)
from scoring.model.vocabulary import OPTION_LABELS, Option

CSV_COLUMNS: tuple[str, ...] = (
    "month",
    "option",
    *(f"{name}_usd" for name in COMPONENTS),
    "total_usd",
    "cumulative_usd",
    "cumulative_p10_usd",
    "cumulative_p90_usd",
    "requests",
)
TOTAL_ROW = "Total"


@dataclass(frozen=True)
class OptionCosts:
    """The headline figures of one option, with the inputs behind each for a hover."""

    option: Option
    label: str
    feasible: bool
    total_usd: float
    per_1k_usd: float | None
    p10_usd: float
    p90_usd: float
    probability_cheapest: float
    total_help: str
    per_1k_help: str
    band_help: str
    cheapest_help: str

    @property
    def total_text(self) -> str:
        return usd_whole(self.total_usd)

    @property
    def per_1k(self) -> str:
        return usd_per_1k(self.per_1k_usd)

    @property
    def per_1k_text(self) -> str:
        return f"{self.per_1k} per 1,000 requests"

    @property
    def band(self) -> str:
        return f"{usd_whole(self.p10_usd)} to {usd_whole(self.p90_usd)}"

    @property
    def band_text(self) -> str:
        return f"P10-P90: {self.band}"

    @property
    def cheapest(self) -> str:
        return percent(self.probability_cheapest)

    @property
    def cheapest_text(self) -> str:
        return f"Cheapest in {self.cheapest} of draws"


def scope_sentence(evaluation: Evaluation) -> str:
    """What the totals cover."""
    return (
        f"Cumulative cost over {evaluation.scenario.horizon_months} months, all costs included "
        "(hardware, installation, power, operations, cloud usage, data transfer, staff)."
    )


def option_costs(evaluation: Evaluation) -> tuple[OptionCosts, ...]:
    horizon = evaluation.scenario.horizon_months
    draws = evaluation.uncertainty.draws
    rows = []
    for option, result in evaluation.options.items():
        band = evaluation.uncertainty.bands[option]
        largest = sorted(result.component_totals_usd().items(), key=lambda kv: -kv[1])
        drivers = ", ".join(
            f"{COMPONENT_LABELS[name].lower()} {usd_whole(value)}"
            for name, value in largest[:3]
            if value
        )
        requests = result.total_requests
        rows.append(
            OptionCosts(
                option=option,
                label=result.label,
                feasible=result.feasible,
                total_usd=result.cost_total_usd,
                per_1k_usd=result.cost_per_1k_requests_usd,
                p10_usd=band.total_p10_usd,
                p90_usd=band.total_p90_usd,
                probability_cheapest=evaluation.uncertainty.probability_cheapest[option],
                total_help=(
                    f"Sum of the monthly projection over {horizon} months, as entered. "
                    f"Largest parts: {drivers or 'none'}."
                ),
                per_1k_help=(
                    f"{usd_whole(result.cost_total_usd)} over {requests:,.0f} requests in "
                    f"{horizon} months, x 1,000."
                ),
                band_help=(
                    f"Cumulative cost at month {horizon} in the 10th and 90th percentile of "
                    f"{draws:,} Monte Carlo draws (median {usd_whole(band.total_p50_usd)})."
                ),
                cheapest_help=(
                    f"Share of the {draws:,} draws in which {result.label} has the lowest total "
                    f"at month {horizon}, all three options compared."
                ),
            )
        )
    return tuple(rows)


def component_totals_rows(evaluation: Evaluation) -> list[dict[str, object]]:
    """One row per component that costs anything, one column per option (USD over the
    horizon), and a last row with the totals."""
    totals = {o: r.component_totals_usd() for o, r in evaluation.options.items()}
    rows: list[dict[str, object]] = []
    for name in COMPONENTS:
        if not any(totals[o][name] for o in totals):
            continue
        row: dict[str, object] = {"Component": COMPONENT_LABELS[name]}
        row.update({OPTION_LABELS[o]: totals[o][name] for o in totals})
        rows.append(row)
    last: dict[str, object] = {"Component": TOTAL_ROW}
    last.update({r.label: r.cost_total_usd for r in evaluation.options.values()})
    rows.append(last)
    return rows


REQUESTS_ROW = "Requests served"
PER_1K_ROW = "Cost per 1,000 requests"


def per_request_rows(evaluation: Evaluation) -> list[dict[str, object]]:
    """Under the totals: the requests served over the horizon and the cost per 1,000 of them,
    as text (a whole-dollar column would show $0.20 as $0), one column per option."""
    options = evaluation.options.values()
    return [
        {"Measure": REQUESTS_ROW, **{r.label: format_volume(r.total_requests) for r in options}},
        {
            "Measure": PER_1K_ROW,
            **{r.label: usd_per_1k(r.cost_per_1k_requests_usd) for r in options},
        },
    ]


def monthly_projection_rows(evaluation: Evaluation) -> list[dict[str, object]]:
    """The deterministic projection, one row per option and month, in CSV_COLUMNS order."""
    rows: list[dict[str, object]] = []
    for option, result in evaluation.options.items():
        band = evaluation.uncertainty.bands[option]
        items = result.costs.items
        monthly, cumulative = result.monthly_usd, result.cumulative_usd
        requests = result.costs.requests[0]
        for index, month in enumerate(evaluation.months):
            row: dict[str, object] = {"month": int(month), "option": option}
            row.update({f"{name}_usd": float(items[name][0, index]) for name in COMPONENTS})
            row.update(
                {
                    "total_usd": float(monthly[index]),
                    "cumulative_usd": float(cumulative[index]),
                    "cumulative_p10_usd": float(band.p10_usd[index]),
                    "cumulative_p90_usd": float(band.p90_usd[index]),
                    "requests": float(requests[index]),
                }
            )
            rows.append(row)
    return rows


def monthly_projection_csv(evaluation: Evaluation) -> str:
    """The monthly projection as CSV: dollars to the cent, requests as whole numbers."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in monthly_projection_rows(evaluation):
        writer.writerow(
            {
                key: (
                    f"{value:.2f}"
                    if key.endswith("_usd")
                    else f"{value:.0f}"
                    if key == "requests"
                    else value
                )
                for key, value in row.items()
            }
        )
    return buffer.getvalue()


@dataclass(frozen=True)
class PairReading:
    dearer: Option  # the option that costs more in month 1 (the one that may break even)
    cheaper: Option
    month: int | None  # the engine's break-even month of `dearer` against `cheaper`
    sentence: str


def break_even_readings(evaluation: Evaluation) -> tuple[PairReading, ...]:
    """For each pair: who starts dearer, and when (if ever) it breaks even with the other."""
    horizon = evaluation.scenario.horizon_months
    readings = []
    for a, b in PAIRS:
        forward, backward = evaluation.break_even(a, b), evaluation.break_even(b, a)
        totals = {o: evaluation.options[o].cumulative_usd[-1] for o in (a, b)}
        if forward == 1 and backward == 1:  # level in month 1: the one dearer at the end "wins"
            dearer, cheaper = (a, b) if totals[a] >= totals[b] else (b, a)
            month: int | None = 1
        elif forward == 1:
            dearer, cheaper, month = b, a, backward
        else:
            dearer, cheaper, month = a, b, forward
        name_d, name_c = OPTION_LABELS[dearer], OPTION_LABELS[cheaper]
        gap = totals[dearer] - totals[cheaper]
        end = f"by month {horizon}"
        if month == 1:
            sentence = (
                f"{name_d} and {name_c} cost the same in month 1; {end} {name_d} costs "
                f"{usd_whole(gap)} more"
            )
        elif month is None:
            sentence = (
                f"{name_d} does not break even with {name_c} within the {horizon} months: it "
                f"costs {usd_whole(gap)} more {end}"
            )
        elif gap <= 0:
            sentence = (
                f"{name_d} breaks even with {name_c} in month {month} and is {usd_whole(-gap)} "
                f"cheaper {end}"
            )
        else:
            sentence = (
                f"{name_d} breaks even with {name_c} in month {month} but is {usd_whole(gap)} "
                f"dearer again {end}"
            )
        ruled_out = [
            OPTION_LABELS[o] for o in (dearer, cheaper) if not evaluation.options[o].feasible
        ]
        if ruled_out:
            sentence += f" ({' and '.join(ruled_out)} ruled out)"
        readings.append(PairReading(dearer, cheaper, month, sentence + "."))
    return tuple(readings)


def tornado_reading(evaluation: Evaluation) -> str:
    """One sentence: which assumption to check first, and by how much it moves the difference."""
    tornado = evaluation.tornado
    a, b = OPTION_LABELS[tornado.option], OPTION_LABELS[tornado.versus]
    horizon = evaluation.scenario.horizon_months
    base = tornado.base_difference_usd
    today = (
        f"as entered, {a} costs {usd_whole(abs(base))} {'less' if base < 0 else 'more'} than {b} "
        f"by month {horizon}"
    )
    if not tornado.drivers or tornado.drivers[0].reach_usd < 0.5:
        return f"No single input moves the {a}-versus-{b} difference; {today}."
    top = tornado.drivers[0]
    sentence = (
        f"Check the {_in_sentence(top.label)} assumption first: {_swing(top)} "
        f"{_moves(evaluation, top)}; {today}"
    )
    if top.reverses(base):
        sentence += f". That is enough to change which of {a} and {b} is cheaper"
    return sentence + "."


def driver_readings(evaluation: Evaluation, count: int = 3) -> tuple[str, ...]:
    """The inputs that move the difference most, each varied on its own."""
    return tuple(
        f"{driver.label} ({_swing(driver)}) {_moves(evaluation, driver)}."
        for driver in evaluation.tornado.drivers[:count]
    )


def _moves(evaluation: Evaluation, driver: Driver) -> str:
    tornado = evaluation.tornado
    a, b = OPTION_LABELS[tornado.option], OPTION_LABELS[tornado.versus]
    return (
        f"moves the {a}-minus-{b} difference by {usd_signed(driver.low_delta_usd)} (lower) / "
        f"{usd_signed(driver.high_delta_usd)} (higher)"
    )


def _in_sentence(label: str) -> str:
    """A label inside a sentence: lower-case, except an acronym ("OTA and telemetry ...")."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def _swing(driver: Driver) -> str:
    """ "±25 %" when the input moves as far down as up, else "-1.25 pp / +2 pp"."""
    low, high = spaced_percents(driver.low_change), spaced_percents(driver.high_change)
    return f"±{low[1:]}" if low[1:] == high[1:] else f"{low} / {high}"


def uncertainty_sentence(evaluation: Evaluation) -> str:
    """What the P10-P90 range is made of: the draws and the spreads of the uncertain inputs."""
    general = evaluation.catalog.general
    varied = (
        f"request volume (lognormal σ {general.volume_uncertainty:g}), monthly growth "
        f"(± {general.growth_uncertainty_pct:g} percentage "
        f"point{'' if general.growth_uncertainty_pct == 1 else 's'} a month, one standard "
        "deviation), "
        f"cloud prices (σ {general.cloud_price_uncertainty:g}), hardware prices "
        f"(σ {general.hardware_price_uncertainty:g}), device failure rate "
        f"(σ {general.failure_rate_uncertainty:g}) and electricity price "
        f"(σ {general.electricity_uncertainty:g})"
    )
    return (
        f"The P10-P90 range holds the middle 80 % of {evaluation.uncertainty.draws:,} Monte Carlo "
        f"draws that vary {varied} around the values entered."
    )


def uncertainty_caption(evaluation: Evaluation) -> str:
    """The cumulative chart's caption: the band, the line and where the spreads are set."""
    return (
        f"{uncertainty_sentence(evaluation)} The shaded band shows that range; the solid line "
        "is the projection as entered. The spreads are assumptions you can change on the "
        "Requirements page."
    )


LOG_SCALE_RATIO = 20.0  # beyond this spread of totals a linear axis flattens the cheaper lines


def cost_ratio_sentence(evaluation: Evaluation) -> str | None:
    """ "Edge costs 25× as much as Cloud." when one total dwarfs another (else None)."""
    totals = {r.label: r.cost_total_usd for r in evaluation.options.values()}
    dearest = max(totals, key=totals.__getitem__)
    cheapest = min(totals, key=totals.__getitem__)
    if totals[cheapest] <= 0 or totals[dearest] / totals[cheapest] < LOG_SCALE_RATIO:
        return None
    ratio = totals[dearest] / totals[cheapest]
    return f"{dearest} costs {ratio:,.0f}× as much as {cheapest}."


def scale_hint(evaluation: Evaluation) -> str | None:
    """A nudge towards the log scale when one option dwarfs another (None when it does not)."""
    ratio = cost_ratio_sentence(evaluation)
    if ratio is None:
        return None
    return f"{ratio} Switch on Log scale to tell the cheaper lines apart."


def components_option(evaluation: Evaluation) -> Option:
    """Whose costs are broken down first: the recommended option, else edge."""
    return evaluation.recommendation or "edge"


def largest_component_sentence(evaluation: Evaluation, option: Option) -> str:
    """Which component costs the option most, and its share of the total."""
    result = evaluation.options[option]
    totals = result.component_totals_usd()
    largest = max(totals, key=totals.__getitem__)
    share = totals[largest] / result.cost_total_usd if result.cost_total_usd else 0.0
    return (
        f"{COMPONENT_LABELS[largest]} is the largest part of {result.label}'s cost "
        f"({percent(share)} over the horizon)."
    )


def components_caption(evaluation: Evaluation, option: Option) -> str:
    """How to read the monthly bars of one option."""
    text = largest_component_sentence(evaluation, option)
    if evaluation.options[option].component_totals_usd()["hardware"] > 0:
        text += (
            " Spikes are hardware purchases: the first fleet, units added as demand grows, and "
            "the whole fleet again at each refresh."
        )
    return text + " Hover a bar for the dollars in that month."


def ruled_out_sentence(evaluation: Evaluation) -> str | None:
    """Which options are ruled out, and by what (None when every option is feasible)."""
    parts = []
    for result in evaluation.options.values():
        if result.feasible:
            continue
        parts.append(f"{result.label} ({result.ruled_out_by})")
    if not parts:
        return None
    verb = "is" if len(parts) == 1 else "are"
    return (
        f"{' and '.join(parts)} {verb} ruled out by a hard requirement: dotted lines in the "
        "charts, shown for comparison only."
    )
