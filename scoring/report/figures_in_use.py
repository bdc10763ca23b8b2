"""Which catalog figures a scenario uses: for the record's sources table (the figures the
evaluation read) and for the Assumptions editor (the figures a user may want to override)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from scoring.catalog import Catalog, Figure, default_catalog
from scoring.catalog.loader import SINGLE_ENTRY_TABLES, short_key
from scoring.catalog.tables import CLOUD_GPU_CLASS
from scoring.engine.billing import slug
from scoring.engine.dependencies import figures_that_matter
from scoring.engine.deployment import cloud_service
from scoring.engine.evaluate import Evaluation
from scoring.model.codec import engine_key
from scoring.model.scenario import Scenario

SOURCE_COLUMNS = ("Figure", "Key", "Value", "Source", "As of")


@dataclass(frozen=True)
class FigureRow:
    item: str  # the catalog entry's name ("Jetson Orin Nano Super"), "" for general figures
    figure: Figure


@dataclass(frozen=True)
class FigureGroup:
    title: str
    rows: tuple[FigureRow, ...]


def used_figures(e: Evaluation) -> tuple[Figure, ...]:
    """The catalog figures this scenario's evaluation read, in catalog order."""
    entries: list[tuple[str, str]] = [("general", "general")]
    layouts = []
    for result in e.options.values():
        local = result.deployment.local
        if local is not None:
            entries.append(("devices", local.device.id))
            # How that class of hardware serves, and the weight format it holds.
            entries.append(("serving_classes", local.device.device_class))
            entries.append(("formats", local.precision))
            if local.choice is not None:
                layouts.append(local.choice.closest.fit.need.kv_layout)
        cloud = result.deployment.cloud
        if cloud is not None:
            if cloud.gpu is not None:
                entries.append(("gpus", cloud.gpu.id))
                entries.append(("serving_classes", CLOUD_GPU_CLASS))
                entries.append(("formats", e.scenario.model.precision))
            if cloud.fit is not None:
                layouts.append(cloud.fit.need.kv_layout)
    s = e.scenario
    entries += [
        ("operations", "operations"),
        cloud_service(s),
        *billing_entries(s, e.catalog),
        ("network_profiles", s.network.profile),
        ("cloud_egress", s.cloud.egress),
    ]
    entries += [
        ("architectures", layout.architecture)
        for layout in layouts
        if layout is not None and layout.architecture is not None
    ]
    seen: dict[str, Figure] = {}
    for table, entry in dict.fromkeys(entries):
        for figure in e.catalog.figures_of(table, entry):
            seen[figure.key] = figure
    return tuple(seen.values())


# The check evaluates the scenario ~230 times: its answer is kept per distinct engine input
# (the scenario without the record's own texts, and the catalog's values), so a record built
# again for the same result (a new title, another date, the decision log) does not repeat it.
# One check per result at a time: a download, a save and the page's button asking for the
# same result at once wait for the first instead of each evaluating it ~230 times.
_CHECKED: dict[tuple[str, tuple[float, ...]], tuple[str, ...]] = {}
_CHECKING: dict[tuple[str, tuple[float, ...]], threading.Lock] = {}
_CHECKED_LOCK = threading.Lock()
CHECKED_ENTRIES = 64


def _check_key(e: Evaluation) -> tuple[str, tuple[float, ...]]:
    return engine_key(e.scenario), tuple(f.value for f in e.catalog.figures.values())


def figures_checked(e: Evaluation) -> bool:
    """Whether the figures this result depends on have been checked already (a look-up, for
    a caller that must not wait the seconds the check takes)."""
    with _CHECKED_LOCK:
        return _check_key(e) in _CHECKED


def figures_in_result(e: Evaluation) -> tuple[Figure, ...]:
    """The figures this result depends on: of every figure the evaluation may read, those
    whose change changes the result (scoring.engine.dependencies)."""
    key = _check_key(e)
    with _CHECKED_LOCK:
        keys = _CHECKED.get(key)
        checking = _CHECKING.setdefault(key, threading.Lock()) if keys is None else None
    if checking is not None:
        with checking:
            with _CHECKED_LOCK:
                keys = _CHECKED.get(key)
            if keys is None:  # this caller is the first: the others wait for its answer
                keys = _check(e)
                with _CHECKED_LOCK:
                    if len(_CHECKED) >= CHECKED_ENTRIES:
                        _CHECKED.pop(next(iter(_CHECKED)))
                    _CHECKED[key] = keys
                    _CHECKING.pop(key, None)
    return tuple(e.catalog.figures[k] for k in keys or ())


def _check(e: Evaluation) -> tuple[str, ...]:
    used = {f.key.rsplit(".", 1)[0] for f in used_figures(e)}
    candidates = candidate_figures(e)
    passed_over = {f.key.rsplit(".", 1)[0] for f in candidates} - used
    return tuple(f.key for f in figures_that_matter(e, candidates, passed_over))


def candidate_figures(e: Evaluation) -> tuple[Figure, ...]:
    """Every figure the evaluation may read: those of the entries it used, and, while the
    engine picks them, every catalog device (each is assessed, and the fastest sets a latency
    tipping point) and every LLM architecture (the nearest in size gives the layout)."""
    s = e.scenario
    figures = {f.key: f for f in used_figures(e)}
    tables = []
    if s.edge.device == "auto":
        tables.append("devices")
    if s.workload.kind == "llm" and s.model.architecture == "auto":
        tables.append("architectures")
    for table in tables:
        for entry in e.catalog.ids(table):
            figures.update({f.key: f for f in e.catalog.figures_of(table, entry)})
    return tuple(figures.values())


def source_rows(e: Evaluation, figures: tuple[Figure, ...]) -> tuple[tuple[str, ...], ...]:
    """The record's sources table: a readable name (the figure and its catalog entry), the short
    key an override uses, the value with its unit, the public source and its date."""
    return tuple(
        (
            figure_name(e.catalog, f),
            short_key(f.key),
            f"{figure_value(f.value)} {f.unit}",
            f.source,
            f.as_of,
        )
        for f in figures
    )


def figure_name(catalog: Catalog, figure: Figure) -> str:
    """ "Price per unit, NVIDIA Jetson Orin Nano Super"; a general figure by its label alone."""
    table, entry, _ = figure.key.split(".", 2)
    if table in SINGLE_ENTRY_TABLES:
        return figure.label
    attributes = catalog.attributes.get((table, entry))
    name = attributes.get("name", entry) if attributes is not None else entry
    return f"{figure.label}, {name}"


def figure_value(value: float) -> str:
    """A catalog value as shipped or overridden: whole numbers with separators, others with up
    to six significant digits, never in exponent form."""
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text if text not in ("0", "-0") else f"{value:.6g}"


def billing_entries(scenario: Scenario, catalog: Catalog) -> list[tuple[str, str]]:
    """The billing terms the scenario's cloud service and transfer are read with: the serverless
    provider's terms, the hosted model's discounts, the transfer tiers (and the CDN of model
    downloads to customers' devices)."""
    table, service = cloud_service(scenario)
    found: list[tuple[str, str]] = []
    attributes = catalog.attributes[(table, service)]
    if table == "serverless_gpus":
        terms = slug(attributes["provider"])
        found.append(
            ("serverless_terms", terms if terms in catalog.ids("serverless_terms") else "default")
        )
    if table == "llm_models":
        held = catalog.ids("llm_discounts")
        found.append(
            (
                "llm_discounts",
                next((i for i in (service, slug(attributes["provider"])) if i in held), "default"),
            )
        )
    egress = [scenario.cloud.egress]
    if scenario.edge.customer_owned:
        found.append(("cloud_egress", scenario.edge.model_cdn))
        egress.append(scenario.edge.model_cdn)
    found += [("transfer_tiers", e) for e in egress if e in catalog.ids("transfer_tiers")]
    return found


def figure_groups(scenario: Scenario, catalog: Catalog | None = None) -> tuple[FigureGroup, ...]:
    """The figures a user may override for this scenario, grouped as the editor shows them:
    every device while the device is automatic, every architecture while it is automatic."""
    catalog = (catalog or default_catalog()).with_overrides(dict(scenario.assumptions))

    def rows(table: str, *entry_ids: str, named: bool = True) -> tuple[FigureRow, ...]:
        return tuple(
            FigureRow(catalog.attributes[(table, entry_id)]["name"] if named else "", figure)
            for entry_id in entry_ids
            for figure in catalog.figures_of(table, entry_id)
        )

    device_ids = (
        catalog.ids("devices") if scenario.edge.device == "auto" else (scenario.edge.device,)
    )
    service_table, service_id = cloud_service(scenario)
    cloud = rows(service_table, service_id)
    gpu = catalog.attributes[(service_table, service_id)].get("gpu")
    if gpu:
        cloud += rows("gpus", gpu)
    cloud += rows("cloud_egress", scenario.cloud.egress)
    for table, entry in billing_entries(scenario, catalog):
        cloud += rows(table, entry)
    groups = [
        FigureGroup("General", rows("general", "general", named=False)),
        FigureGroup("People and operations", rows("operations", "operations", named=False)),
        FigureGroup("Edge devices", rows("devices", *device_ids)),
        FigureGroup("Cloud", cloud),
        FigureGroup("Network", rows("network_profiles", scenario.network.profile)),
    ]
    if scenario.workload.kind == "llm":
        architectures = (
            catalog.ids("architectures")
            if scenario.model.architecture == "auto"
            else (scenario.model.architecture,)
        )
        groups.append(FigureGroup("LLM architectures", rows("architectures", *architectures)))
    return tuple(groups)
