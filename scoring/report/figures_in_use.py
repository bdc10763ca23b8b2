"""Which catalog figures a scenario uses: for the record's sources table (the figures the
evaluation read) and for the Assumptions editor (the figures a user may want to override)."""

from __future__ import annotations

from dataclasses import dataclass

from scoring.catalog import Catalog, Figure, default_catalog
from scoring.engine.billing import slug
from scoring.engine.deployment import cloud_service
from scoring.engine.evaluate import Evaluation
from scoring.model.scenario import Scenario


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
            if local.choice is not None:
                layouts.append(local.choice.closest.fit.need.kv_layout)
        cloud = result.deployment.cloud
        if cloud is not None:
            if cloud.gpu is not None:
                entries.append(("gpus", cloud.gpu.id))
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
