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

from scoring.engine.billing import llm_discounts, token_price
from scoring.engine.breakeven import PAIRS
from scoring.engine.costs import COMPONENT_LABELS, COMPONENTS
from scoring.engine.devices import IN_DEVICE
from scoring.engine.drivers import Driver
from scoring.engine.evaluate import Evaluation
from scoring.engine.people import HOURS_PER_FTE_MONTH, PAY, SUPPORT, WORK_HOURS_PER_FTE_YEAR
from scoring.engine.uncertain import uncertain_inputs
from scoring.model.scenario import Scenario
from scoring.model.units import (
    format_volume,
    percent,
    significant,
    spaced_percents,
    usd,
    usd_per_1k,
    usd_signed,
    usd_whole,
)
from scoring.model.vocabulary import CRITERION_LABELS, OPTION_LABELS, Option

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
        # Three significant figures, as the verdict states it; the exact sum is in total_help
        # and the totals table.
        return usd(self.total_usd)

    @property
    def per_1k(self) -> str:
        return usd_per_1k(self.per_1k_usd)

    @property
    def per_1k_text(self) -> str:
        return f"{self.per_1k} per 1,000 requests"

    @property
    def band(self) -> str:
        return f"{usd(self.p10_usd)} to {usd(self.p90_usd)}"

    @property
    def band_text(self) -> str:
        return f"P10-P90: {self.band}"

    @property
    def cheapest(self) -> str:
        return percent(self.probability_cheapest)

    @property
    def cheapest_text(self) -> str:
        if not self.feasible:
            return "Ruled out: not counted among the cheapest"
        return f"Cheapest in {self.cheapest} of draws"


def scope_sentence(evaluation: Evaluation) -> str:
    """What the totals cover."""
    return (
        f"Cumulative cost over {evaluation.scenario.horizon_months} months, all costs included "
        "(hardware, installation, power, operations, cloud usage, data transfer, people)."
    )


def option_costs(evaluation: Evaluation) -> tuple[OptionCosts, ...]:
    horizon = evaluation.scenario.horizon_months
    draws = evaluation.uncertainty.draws
    compared = _compared_words(evaluation)
    rows = []
    for option, result in evaluation.options.items():
        band = evaluation.uncertainty.bands[option]
        largest = sorted(result.component_totals_usd().items(), key=lambda kv: -kv[1])
        drivers = ", ".join(
            f"{COMPONENT_LABELS[name].lower()} {usd(value)}" for name, value in largest[:3] if value
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
                    f"Sum of the monthly projection over {horizon} months, as entered: "
                    f"{usd_whole(result.cost_total_usd)}. Largest parts: {drivers or 'none'}."
                ),
                per_1k_help=(
                    f"{usd(result.cost_total_usd)} over {requests:,.0f} requests in "
                    f"{horizon} months, x 1,000."
                ),
                band_help=(
                    f"Cumulative cost at month {horizon} in the 10th and 90th percentile of "
                    f"{draws:,} Monte Carlo draws (median {usd(band.total_p50_usd)})."
                ),
                cheapest_help=(
                    f"Share of the {draws:,} draws in which {result.label} has the lowest total "
                    f"at month {horizon} among {compared}."
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
                f"{usd(gap)} more"
            )
        elif month is None:
            sentence = (
                f"{name_d} does not break even with {name_c} within the {horizon} months: it "
                f"costs {usd(gap)} more {end}"
            )
        elif gap <= 0:
            sentence = (
                f"{name_d} breaks even with {name_c} in month {month} and is {usd(-gap)} "
                f"cheaper {end}"
            )
        else:
            sentence = (
                f"{name_d} breaks even with {name_c} in month {month} but is {usd(gap)} "
                f"dearer again {end}"
            )
        ruled_out = [
            OPTION_LABELS[o] for o in (dearer, cheaper) if not evaluation.options[o].feasible
        ]
        if ruled_out:
            sentence += f" ({' and '.join(ruled_out)} ruled out)"
        readings.append(PairReading(dearer, cheaper, month, sentence + "."))
    return tuple(readings)


def _compared_words(evaluation: Evaluation) -> str:
    """Which options "cheapest in X % of draws" compares: the feasible ones only."""
    compared = evaluation.uncertainty.compared
    names = " and ".join(OPTION_LABELS[o] for o in compared)
    if not evaluation.feasible:
        return f"all three options (none is feasible): {names}"
    if len(compared) == 1:
        return f"the feasible options ({names} alone)"
    return f"the feasible options ({names}); an option ruled out is nobody's cheapest choice"


def tornado_subject(evaluation: Evaluation) -> tuple[str, str]:
    """(what the tornado's bars move, the same as a chart axis title): "the Edge-minus-Hybrid
    difference" or "Edge's total" when no feasible alternative is left to compare with."""
    tornado = evaluation.tornado
    a = OPTION_LABELS[tornado.option]
    if tornado.versus is None:
        return f"{a}'s total", f"change in {a}'s total at the horizon (USD)"
    b = OPTION_LABELS[tornado.versus]
    return f"the {a}-minus-{b} difference", f"change in {a} - {b} at the horizon (USD)"


def tornado_reading(evaluation: Evaluation) -> str:
    """One sentence: which assumption to check first, and by how much it moves the difference
    between the recommendation and its best feasible alternative."""
    tornado = evaluation.tornado
    a = OPTION_LABELS[tornado.option]
    horizon = evaluation.scenario.horizon_months
    base = tornado.base_difference_usd
    subject, _ = tornado_subject(evaluation)
    if tornado.versus is None:
        today = f"as entered, {a} costs {usd(base)} by month {horizon}"
        why = f"{a} is the only feasible option, so the bars show what moves its own total"
    else:
        b = OPTION_LABELS[tornado.versus]
        today = (
            f"as entered, {a} costs {usd(abs(base))} {'less' if base < 0 else 'more'} "
            f"than {b} by month {horizon}"
        )
        why = ""
    if not tornado.drivers:
        return f"No single input moves {subject}; {today}."
    top = tornado.drivers[0]
    sentence = (
        f"Check the {_in_sentence(top.label)} assumption first: "
        f"{_moves(evaluation, top, 'it ')}; {today}"
    )
    if tornado.versus is not None and top.reverses(base):
        sentence += f". That is enough to change which of {a} and {b} is cheaper"
    if why:
        sentence += f" ({why})"
    return sentence + "."


def driver_readings(evaluation: Evaluation, count: int = 3) -> tuple[str, ...]:
    """The inputs that move the tornado's subject most, each moved on its own."""
    return tuple(
        f"{driver.label} {_moves(evaluation, driver)}."
        for driver in evaluation.tornado.drivers[:count]
    )


def _moves(evaluation: Evaluation, driver: Driver, subject_word: str = "") -> str:
    """ "at its P10 / P90 (-25 % / +25 %) moves X by -$1 / +$2": said once for the sentence
    above the chart and for the list below it."""
    subject, _ = tornado_subject(evaluation)
    low, high = spaced_percents(driver.low_change), spaced_percents(driver.high_change)
    return (
        f"at its P10 / P90 ({low} / {high}) {subject_word}moves {subject} by "
        f"{usd_signed(driver.low_delta_usd)} / {usd_signed(driver.high_delta_usd)}"
    )


def _in_sentence(label: str) -> str:
    """A label inside a sentence: lower-case, except an acronym ("OTA and telemetry ...")."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def uncertainty_sentence(evaluation: Evaluation) -> str:
    """What the P10-P90 range is made of: the draws and the one list of uncertain inputs the
    tornado moves too."""
    inputs = uncertain_inputs(evaluation.catalog)
    return (
        f"The P10-P90 range holds the middle 80 % of {evaluation.uncertainty.draws:,} Monte Carlo "
        f"draws of the {len(inputs)} uncertain inputs the tornado moves one at a time (volume, "
        "growth, prices, failures, the peak, payload and update cadence, network fees and every "
        "people and operating driver), each drawn between its own P10 and P90."
    )


def uncertainty_caption(evaluation: Evaluation) -> str:
    """The cumulative chart's caption: the band, the line and where the ranges are set."""
    return (
        f"{uncertainty_sentence(evaluation)} The shaded band shows that range; the solid line is "
        "the projection as entered. Because the people drivers' ranges reach further up than "
        "down, the band's middle can sit above that line. The ranges are assumptions you can "
        "change on the Requirements page."
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


# --- People drivers -------------------------------------------------------------------------------

PEOPLE_COLUMNS: tuple[str, ...] = (
    "Driver",
    "Quantity",
    "Rate",
    "Hours a month",
    "FTE",
    "Loaded cost",
    "Total",
)


def people_rows(evaluation: Evaluation, option: Option) -> list[dict[str, object]]:
    """The option's people costs driver by driver, as quantity x rate = hours a month, / 146.7
    h = FTE, x the loaded cost of a year; quantities are those of the last month (the fleet at
    its largest), the total is the sum over the horizon. The last row adds them up."""
    result = evaluation.options[option]
    operations = evaluation.catalog.operations
    rows: list[dict[str, object]] = []
    total_fte = total_usd = 0.0
    for line in result.costs.people:
        quantity, rate = float(line.quantity[0, -1]), float(line.rate[0, 0])
        line_usd = float(line.usd[0].sum())
        total_usd += line_usd
        if line.role == PAY:
            rows.append(
                {
                    "Driver": line.label,
                    "Quantity": _count(quantity, line.quantity_unit),
                    "Rate": f"{usd_whole(rate)} a month each",
                    "Hours a month": "-",
                    "FTE": "-",
                    "Loaded cost": "on top of pay",
                    "Total": usd_whole(line_usd),
                }
            )
            continue
        hours = float(line.hours[0, -1])
        fte = hours / HOURS_PER_FTE_MONTH
        total_fte += fte
        yearly = (
            operations.support_usd_per_year
            if line.role == SUPPORT
            else operations.engineer_usd_per_year
        )
        who = "support" if line.role == SUPPORT else "engineer"
        rows.append(
            {
                "Driver": line.label,
                "Quantity": _count(quantity, line.quantity_unit),
                "Rate": f"{rate:,.3g} {line.rate_unit}",
                "Hours a month": significant(hours),
                "FTE": f"{fte:,.2f} {who}",
                "Loaded cost": f"{usd_whole(yearly)} a year",
                "Total": usd_whole(line_usd),
            }
        )
    rows.append(
        {
            "Driver": TOTAL_ROW,
            "Quantity": "",
            "Rate": "",
            "Hours a month": significant(total_fte * HOURS_PER_FTE_MONTH),
            "FTE": f"{total_fte:,.2f}",
            "Loaded cost": "",
            "Total": usd_whole(total_usd),
        }
    )
    return rows


def _count(value: float, unit: str) -> str:
    """ "40 sites", "1 site", "0.333 updates a month", "1,234 devices": whole numbers without
    decimals, shares with three digits, the unit's first word singular for exactly one."""
    number = f"{value:,.0f}" if value >= 100 or float(value).is_integer() else f"{value:,.3g}"
    if number == "1":
        first, _, rest = unit.partition(" ")
        first = {"people": "person"}.get(first, first[:-1] if first.endswith("s") else first)
        unit = f"{first} {rest}".strip()
    return f"{number} {unit}"


def people_caption(evaluation: Evaluation) -> str:
    """How to read the people table."""
    operations = evaluation.catalog.operations
    return (
        "Each driver is a quantity times a rate in hours; hours / "
        f"{HOURS_PER_FTE_MONTH:,.1f} (an engineer's {WORK_HOURS_PER_FTE_YEAR:,.0f} hours a "
        f"year) = FTE, at {usd_whole(operations.engineer_usd_per_year)} a year per engineer "
        f"and {usd_whole(operations.support_usd_per_year)} per support agent (loaded cost). "
        "Quantities are the last month's; each rate is an operating figure with a range that "
        "the band and the tornado vary."
    )


# --- Whose hardware, and how the cloud bills ---------------------------------------------------


def fleet_phrase(s: Scenario) -> str:
    """ "40 devices at 1 site", "300,000 customer-owned devices", "3 sites": the fleet in words."""
    devices, sites = s.requirements.devices, s.requirements.site_count
    noun = "device" if devices == 1 else "devices"
    if s.edge.customer_owned:
        return f"{devices:,} customer-owned {noun}"
    if devices == sites:
        return f"{devices:,} {noun}, each at its own site" if devices > 1 else "1 device"
    return f"{devices:,} {noun} at {sites:,} {'site' if sites == 1 else 'sites'}"


def ownership_sentence(evaluation: Evaluation) -> str:
    """Whose hardware the edge and hybrid options run on, and what that means for the bill:
    the company pays for the units the model runs on (the cost projection's fleet), never for
    the devices that send the requests (the lawyers' laptops, the cameras), whatever their
    count."""
    scenario = evaluation.scenario
    count = scenario.requirements.devices
    noun = "device" if count == 1 else "devices"
    if scenario.edge.customer_owned:
        cdn = evaluation.catalog.get("cloud_egress", scenario.edge.model_cdn).name
        return (
            f"The {count:,} {noun} belong{'s' if count == 1 else ''} to the customers: the "
            "company buys, installs and powers none of them and runs no fleet of its own. It "
            f"pays to distribute its app, to deliver each model update to every device over "
            f"{cdn}, and to answer the customers' support contacts about the on-device model."
        )
    parts = {o: r.deployment.local for o, r in evaluation.options.items()}
    local = {o: part for o, part in parts.items() if part is not None}
    phrases: dict[str, list[Option]] = {}  # the same hardware for both options is said once
    for option in local:
        phrases.setdefault(hardware_phrase(evaluation, option), []).append(option)
    fleets = "; ".join(
        f"{' and '.join(OPTION_LABELS[o] for o in options)}{' each' if len(options) > 1 else ''} "
        f"on {phrase}"
        for phrase, options in phrases.items()
    )
    if all(part.placement == IN_DEVICE for part in local.values()):
        others = f"the {count:,} {noun} that host{'s' if count == 1 else ''} them"
    else:
        others = f"the {count:,} {noun} that send{'s' if count == 1 else ''} the requests"
    return (
        f"The company owns the hardware the model runs on: {fleets}. It buys, installs, "
        "powers, replaces and looks after those units (fleet tooling, site and device work, "
        f"hands-on help with updates). Only those units are in these costs, not {others}."
    )


def hardware_phrase(evaluation: Evaluation, option: Option) -> str:
    """ "3 x <workstation> (1 at each of the 3 sites)", "120 x <module> (one in each of the 120
    devices)": the units the costs charge in the last month, and from how many they grow."""
    local = evaluation.options[option].deployment.local
    assert local is not None
    charged = evaluation.options[option].costs.fleet_units[0]  # the base case, month by month
    first, total = int(charged[0]), int(charged[-1])
    units = f"{total:,} x {local.device.name}"
    if local.placement == IN_DEVICE:
        where = f"one in each of the {total:,} devices" if total > 1 else "in the device"
    elif local.pools == 1:
        where = "at the one site"
    else:
        each = local.units_per_site
        where = f"{each:,} at each of the {local.pools:,} sites"
    if not local.runs_model:
        where += ", queueing requests while offline"
    grows = f", growing from {first:,} in the first month" if first < total else ""
    return f"{units} ({where}{grows})"


def cloud_bill_notes(evaluation: Evaluation, option: Option) -> tuple[str, ...]:
    """How the option's cloud part is billed beyond a price times a volume: serverless time
    kept up between requests and warm minimums, cached-input and batch prices, free transfer."""
    result = evaluation.options[option]
    cloud = result.deployment.cloud
    if cloud is None:
        return ()
    horizon = evaluation.scenario.horizon_months
    notes: list[str] = []
    hours = result.costs.serverless
    if hours is not None:
        total = float(hours.total[0].sum())
        busy = float(hours.busy[0].sum())
        warm = float(hours.kept_warm[0, 0])
        cold = float(hours.cold_share[0, 0])
        if total - busy < 0.005 * total:
            text = (
                f"{cloud.service_name} bills {significant(total)} container-hours over "
                f"{horizon} months, all of them serving requests: they arrive too often for a "
                "container to wait out its idle timeout"
            )
        else:
            text = (
                f"{cloud.service_name} bills {significant(total)} container-hours over "
                f"{horizon} months, of which {significant(busy)} serve requests; the rest "
                "keep containers up between requests (the idle timeout)"
            )
        if warm:
            text += f", with {warm:g} container{'s' if warm != 1 else ''} kept warm all month"
            if bool(hours.protects_p95[0, 0]):
                text += (
                    " because cold starts would otherwise hit more than 5 % of requests and "
                    "take longer than the latency limit"
                )
        elif cold > 0.005:
            text += f"; {cold:.0%} of requests in month 1 meet a cold start".replace("%", " %")
        notes.append(text + ".")
    if cloud.llm is not None:
        discounts = llm_discounts(evaluation.catalog, cloud.llm)
        price = token_price(evaluation.scenario, cloud.llm, discounts)
        if price.batch_share < 1:
            notes.append(
                f"Requests go through {cloud.llm.provider}'s batch API at "
                f"{price.batch_share:.0%} of the standard price: the latency limit waits for "
                "its completion window.".replace("%", " %")
            )
        cached = evaluation.scenario.workload.tokens_in_cached
        if cached and discounts.cached_input_share < 1:
            notes.append(
                f"{cached:,} prompt tokens per request are billed at the cached-input price "
                f"({discounts.cached_input_share:.0%} of the input price).".replace("%", " %")
            )
        elif cached:
            notes.append(
                f"{cached:,} prompt tokens per request repeat, but {cloud.llm.provider} "
                "publishes no cached-input price in the catalog: they are billed at the full "
                "input price."
            )
    return tuple(notes)


# --- The price of the verdict ------------------------------------------------------------------


def verdict_price_sentence(evaluation: Evaluation) -> str | None:
    """The recommendation's price against the cheapest feasible alternative, over the horizon
    and per 1,000 requests; when it is the dearer one, what the extra money buys. None without
    a recommendation."""
    price = evaluation.verdict_price
    if price is None:
        return None
    a = OPTION_LABELS[price.option]
    horizon = evaluation.scenario.horizon_months
    if price.alternative is None:
        total = evaluation.options[price.option].cost_total_usd
        return (
            f"{a} costs {usd(total)} over {horizon} months; it is the only feasible "
            "option, so there is no cheaper alternative to weigh it against."
        )
    b = OPTION_LABELS[price.alternative]
    # The gap per 1,000 requests, said as a gap: read alone, "$1.40 per 1,000 requests" is
    # taken for the option's own price.
    per_1k = (
        f" ({usd_per_1k(abs(price.difference_per_1k_usd))} "
        f"{'less' if price.cheapest else 'more'} per 1,000 requests)"
        if price.difference_per_1k_usd is not None
        else ""
    )
    if price.cheapest:
        return (
            f"{a} is the cheapest feasible option: {usd(-price.difference_usd)} less than "
            f"{b} over {horizon} months{per_1k}."
        )
    ratio = f", {price.ratio:,.1f} times as much" if price.ratio and price.ratio >= 1.1 else ""
    sentence = (
        f"{a} costs {usd(price.difference_usd)} more than {b}, the cheapest feasible "
        f"option, over {horizon} months{per_1k}{ratio}."
    )
    if price.buys:
        bought = _and(
            f"{CRITERION_LABELS[c].lower()} (+{points:.1f} weighted points)"
            for c, points in price.buys
        )
        sentence += (
            f" The extra money buys {bought}, which outweigh the {price.trails_by:.1f} points "
            f"{b} leads by, cost included."
        )
    return sentence


def verdict_price_short(evaluation: Evaluation) -> str | None:
    """The price in a few words, for a metric or a table cell."""
    price = evaluation.verdict_price
    if price is None or price.alternative is None:
        return None
    b = OPTION_LABELS[price.alternative]
    if price.cheapest:
        return f"{usd(-price.difference_usd)} less than {b}"
    return f"{usd(price.difference_usd)} more than {b}"


def _and(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
