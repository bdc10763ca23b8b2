"""The catalog: every price, hardware spec and operating figure the engine uses, with its source.

The data lives in `scoring/catalog/data/*.yaml`, one file per table. An entry gives `source`
and `as_of` once for all its figures; a figure that came from elsewhere is written as a mapping
`{value, source, as_of}`. Every figure has a key `table.entry.field` (for example
`devices.jetson_orin_nano_super.price_usd`) by which a scenario's `assumptions` override it.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, overload

import yaml

from scoring.catalog.tables import (
    DEVICE_CLASSES,
    DEVICE_GRADES,
    NO_RETIREMENT,
    NO_SUCCESSOR,
    PRECISIONS,
    RANGE_SUFFIXES,
    SERVING_CLASSES,
    TABLES,
    UNDISCLOSED,
    Architecture,
    CloudEgress,
    Device,
    General,
    Gpu,
    GpuInstance,
    LlmDiscounts,
    LlmModel,
    NetworkProfile,
    Operations,
    ServerlessGpu,
    ServerlessTerms,
    ServingClass,
    TableRecord,
    TransferTiers,
    WeightFormat,
    attribute_fields,
    figure_fields,
    ranged_fields,
)

DATA_DIR = Path(__file__).parent / "data"
USER_SOURCE = "Your override"
# Figures that moved: a scenario written before keeps its meaning under the new key.
RENAMED_FIGURES: dict[str, str] = {
    "general.general.staff_usd_per_fte_year": "operations.operations.engineer_usd_per_year",
    "general.general.update_validation_hours": "operations.operations.release_hours_per_update",
    "general.general.edge_installation_usd_per_device": (
        "operations.operations.installation_usd_per_device"
    ),
    "general.general.edge_ops_usd_per_device_month": (
        "operations.operations.fleet_tooling_usd_per_device_month"
    ),
}
# Figures that no longer exist, with what took their place (for the message that refuses them).
RETIRED_FIGURES: dict[str, str] = {
    "general.general.edge_staff_fte_base": "people costs now come from drivers: "
    "operations.operations.site_hours_per_month and field_device_hours_per_month",
    "general.general.edge_devices_per_fte": "people costs now come from drivers: "
    "operations.operations.field_device_hours_per_month or server_hours_per_month",
    "general.general.cloud_staff_fte": "people costs now come from drivers: "
    "operations.operations.hosted_api_hours_per_month, serverless_hours_per_month or "
    "gpu_instance_hours_per_month",
    "general.general.cloud_platform_usd_per_month": "platform fees now depend on the kind of "
    "cloud service: operations.operations.hosted_api_platform_usd_per_month, "
    "serverless_platform_usd_per_month or gpu_instance_platform_usd_per_month",
    "general.general.edge_update_usd_per_device": "update roll-outs are people work now: "
    "operations.operations.rollout_hours_per_device_update",
    "general.general.customer_device_uplift_usd": "devices the customers own cost the company "
    "no hardware",
    "general.general.customer_ota_usd_per_device_month": "devices the customers own are reached "
    "through app distribution (operations.operations.app_store_usd_per_year) and a CDN",
    "general.general.customer_devices_per_fte": "customer devices cost support and release work: "
    "operations.operations.support_contacts_per_device_year and app_release_hours_per_update",
    # The serving model replaced these (issue 12).
    "general.general.compute_efficiency": "efficiencies are per class of hardware now: "
    "serving_classes.<class>.compute_efficiency",
    "general.general.prefill_efficiency_discrete_gpu": "use serving_classes.workstation, "
    "serving_classes.server or serving_classes.cloud_gpu .compute_efficiency",
    "general.general.prefill_efficiency_embedded": "use serving_classes.soc_module or "
    "serving_classes.npu_board .compute_efficiency",
    "general.general.bandwidth_efficiency": "use serving_classes.<class>.bandwidth_efficiency",
    "general.general.batch_throughput_gain": "batching follows from the serving model; there is "
    "no flat gain to set",
    "general.general.inference_overhead_ms": "use serving_classes.<class>.call_overhead_ms",
    "general.general.preprocess_ms": "pre-processing follows the input size: "
    "serving_classes.<class>.preprocess_mb_per_s",
    "general.general.vision_ops_per_param": "use general.general.vision_ops_per_param_megapixel "
    "(operations scale with the image's pixels) or model.gflops",
    "general.general.runtime_overhead_gb": "the runtime's own memory depends on the hardware: "
    "serving_classes.<class>.runtime_memory_gb",
    "general.general.usable_memory_fraction": "the memory a model may take depends on the "
    "hardware: serving_classes.<class>.usable_memory_fraction",
    "general.general.speech_ops_per_param": "speech compute follows the audio length: "
    "general.general.speech_positions_per_s, speech_tokens_per_s and speech_decoder_share",
}


# Tables with a single entry named like the table: their figures may also be written without
# the entry, "general.electricity_usd_per_kwh" for "general.general.electricity_usd_per_kwh".
SINGLE_ENTRY_TABLES = ("general", "operations")


def canonical_key(key: str) -> str:
    """The catalog key a scenario's override names: the short form of a single-entry table
    written out, then a figure that moved under its new key."""
    table, _, rest = key.partition(".")
    if table in SINGLE_ENTRY_TABLES and rest and "." not in rest:
        key = f"{table}.{table}.{rest}"
    return RENAMED_FIGURES.get(key, key)


def short_key(key: str) -> str:
    """The key as people read it: "general.electricity_usd_per_kwh" for a single-entry table,
    "devices.jetson_orin_nano.price_usd" for the others."""
    table, entry, name = key.split(".", 2)
    return f"{table}.{name}" if table in SINGLE_ENTRY_TABLES and entry == table else key


@dataclass(frozen=True)
class Figure:
    """One number the app ships, with where it came from."""

    key: str
    value: float
    unit: str
    label: str
    source: str
    as_of: str
    minimum: float
    maximum: float
    shipped_value: float
    overridden: bool = False


class CatalogDataError(ValueError):
    """A catalog data file breaks the table definitions (a packaging bug, not user input)."""


@dataclass(frozen=True)
class Catalog:
    """Figures, attributes and the typed record of every entry, built once and never changed:
    a catalog is shared by every browser session (`default_catalog` is cached per process)."""

    figures: MappingProxyType[str, Figure]
    attributes: MappingProxyType[tuple[str, str], MappingProxyType[str, str]]
    order: MappingProxyType[str, tuple[str, ...]]  # table -> entry ids in file order
    # table -> entry id -> typed record (a Device, an LlmModel, ...), built from the figures.
    records: MappingProxyType[str, MappingProxyType[str, TableRecord]] = field(
        compare=False, repr=False
    )

    def value(self, key: str) -> float:
        return self.figures[key].value

    def ids(self, table: str) -> tuple[str, ...]:
        return self.order[table]

    # One overload per table, so each read has its record's type.
    @overload
    def get(self, table: Literal["devices"], entry_id: str) -> Device: ...
    @overload
    def get(self, table: Literal["gpus"], entry_id: str) -> Gpu: ...
    @overload
    def get(self, table: Literal["gpu_instances"], entry_id: str) -> GpuInstance: ...
    @overload
    def get(self, table: Literal["serverless_gpus"], entry_id: str) -> ServerlessGpu: ...
    @overload
    def get(self, table: Literal["llm_models"], entry_id: str) -> LlmModel: ...
    @overload
    def get(self, table: Literal["network_profiles"], entry_id: str) -> NetworkProfile: ...
    @overload
    def get(self, table: Literal["architectures"], entry_id: str) -> Architecture: ...
    @overload
    def get(self, table: Literal["formats"], entry_id: str) -> WeightFormat: ...
    @overload
    def get(self, table: Literal["serving_classes"], entry_id: str) -> ServingClass: ...
    @overload
    def get(self, table: Literal["cloud_egress"], entry_id: str) -> CloudEgress: ...
    @overload
    def get(self, table: Literal["general"], entry_id: str) -> General: ...
    @overload
    def get(self, table: Literal["operations"], entry_id: str) -> Operations: ...
    @overload
    def get(self, table: Literal["serverless_terms"], entry_id: str) -> ServerlessTerms: ...
    @overload
    def get(self, table: Literal["transfer_tiers"], entry_id: str) -> TransferTiers: ...
    @overload
    def get(self, table: Literal["llm_discounts"], entry_id: str) -> LlmDiscounts: ...
    @overload
    def get(self, table: str, entry_id: str) -> TableRecord: ...
    def get(self, table: str, entry_id: str) -> TableRecord:
        """The typed record of one entry (a Device, an LlmModel, ...)."""
        return self.records[table][entry_id]

    @overload
    def all(self, table: Literal["devices"]) -> tuple[Device, ...]: ...
    @overload
    def all(self, table: Literal["gpus"]) -> tuple[Gpu, ...]: ...
    @overload
    def all(self, table: Literal["gpu_instances"]) -> tuple[GpuInstance, ...]: ...
    @overload
    def all(self, table: Literal["serverless_gpus"]) -> tuple[ServerlessGpu, ...]: ...
    @overload
    def all(self, table: Literal["llm_models"]) -> tuple[LlmModel, ...]: ...
    @overload
    def all(self, table: Literal["network_profiles"]) -> tuple[NetworkProfile, ...]: ...
    @overload
    def all(self, table: Literal["architectures"]) -> tuple[Architecture, ...]: ...
    @overload
    def all(self, table: Literal["formats"]) -> tuple[WeightFormat, ...]: ...
    @overload
    def all(self, table: Literal["serving_classes"]) -> tuple[ServingClass, ...]: ...
    @overload
    def all(self, table: Literal["cloud_egress"]) -> tuple[CloudEgress, ...]: ...
    @overload
    def all(self, table: Literal["general"]) -> tuple[General, ...]: ...
    @overload
    def all(self, table: Literal["operations"]) -> tuple[Operations, ...]: ...
    @overload
    def all(self, table: Literal["serverless_terms"]) -> tuple[ServerlessTerms, ...]: ...
    @overload
    def all(self, table: Literal["transfer_tiers"]) -> tuple[TransferTiers, ...]: ...
    @overload
    def all(self, table: Literal["llm_discounts"]) -> tuple[LlmDiscounts, ...]: ...
    @overload
    def all(self, table: str) -> tuple[TableRecord, ...]: ...
    def all(self, table: str) -> tuple[TableRecord, ...]:
        return tuple(self.records[table].values())

    @property
    def general(self) -> General:
        return self.get("general", "general")

    def figures_of(self, table: str, entry_id: str) -> tuple[Figure, ...]:
        prefix = f"{table}.{entry_id}."
        return tuple(f for k, f in self.figures.items() if k.startswith(prefix))

    def with_overrides(self, overrides: Mapping[str, float]) -> Catalog:
        """A catalog where the given figures carry the user's values instead of the shipped ones."""
        if not overrides:
            return self
        figures = dict(self.figures)
        for key, value in overrides.items():
            key = canonical_key(key)
            figures[key] = replace(
                figures[key], value=float(value), source=USER_SOURCE, overridden=True
            )
        # Only the tables an override touches get new records; the others are shared.
        touched = {canonical_key(key).split(".", 1)[0] for key in overrides}
        records = {
            table: _typed_records(figures, self.attributes, table, self.order[table])
            if table in touched
            else entries
            for table, entries in self.records.items()
        }
        return replace(self, figures=MappingProxyType(figures), records=MappingProxyType(records))

    @property
    def operations(self) -> Operations:
        return self.get("operations", "operations")

    def id_or_default(self, table: str, *entry_ids: str) -> str:
        """The first of `entry_ids` the table holds, else its `default` entry."""
        held = self.ids(table)
        return next((e for e in entry_ids if e in held), "default")

    def check_override(self, key: str, value: float) -> str | None:
        """Why an override is not allowed, or None when it is."""
        key = canonical_key(key)
        figure = self.figures.get(key)
        if figure is None and key in RETIRED_FIGURES:
            return f"is no longer a catalog figure: {RETIRED_FIGURES[key]}"
        if figure is None:
            return "is not a catalog figure (`python -m scoring figures` lists them)"
        if not figure.minimum <= value <= figure.maximum:
            return (
                f"must be between {figure.minimum:g} and {figure.maximum:g} {figure.unit} "
                f"(got {value:g})"
            )
        return None


@functools.lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The catalog shipped with the app, read once per process."""
    return load_catalog(DATA_DIR)


def load_catalog(data_dir: Path) -> Catalog:
    figures: dict[str, Figure] = {}
    attributes: dict[tuple[str, str], MappingProxyType[str, str]] = {}
    order: dict[str, tuple[str, ...]] = {}
    for table, cls in TABLES.items():
        path = data_dir / f"{table}.yaml"
        if not path.exists():
            raise CatalogDataError(f"missing catalog file {path.name}")
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        ids = []
        for entry in entries:
            entry_id, entry_attrs, entry_figures = _parse_entry(table, cls, entry)
            if entry_id in ids:
                raise CatalogDataError(f"{table}: duplicate id {entry_id}")
            ids.append(entry_id)
            attributes[(table, entry_id)] = MappingProxyType(entry_attrs)
            figures.update(entry_figures)
        order[table] = tuple(ids)
    catalog = Catalog(
        figures=MappingProxyType(figures),
        attributes=MappingProxyType(attributes),
        order=MappingProxyType(order),
        records=MappingProxyType(
            {table: _typed_records(figures, attributes, table, ids) for table, ids in order.items()}
        ),
    )
    _check_references(catalog)
    return catalog


def _parse_entry(table: str, cls: type, entry: dict) -> tuple[str, dict, dict[str, Figure]]:
    entry_id = entry.get("id")
    where = f"{table}.{entry_id}"
    if not isinstance(entry_id, str):
        raise CatalogDataError(f"{table}: an entry has no id")
    source, as_of = entry.get("source"), str(entry.get("as_of", ""))
    attrs = {name: str(entry.get(name, "")) for name in attribute_fields(cls)}
    missing_attrs = [name for name, value in attrs.items() if not value]
    if missing_attrs:
        raise CatalogDataError(f"{where}: missing {', '.join(missing_attrs)}")
    raw_figures = entry.get("figures") or {}
    specs = figure_fields(cls)
    problems = [
        f"{what} {', '.join(sorted(names))}"
        for what, names in (
            ("unknown", set(raw_figures) - set(specs)),
            ("missing", set(specs) - set(raw_figures)),
        )
        if names
    ]
    if problems:
        raise CatalogDataError(f"{where}: {'; '.join(problems)}")
    figures = {}
    for name, raw in raw_figures.items():
        spec = specs[name]
        if isinstance(raw, dict):
            value, fig_source, fig_as_of = raw.get("value"), raw.get("source"), raw.get("as_of")
        else:
            value, fig_source, fig_as_of = raw, source, as_of
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise CatalogDataError(f"{where}.{name}: not a number")
        if not fig_source or not fig_as_of:
            raise CatalogDataError(f"{where}.{name}: no source or as-of date")
        if not spec["min"] <= value <= spec["max"]:
            raise CatalogDataError(f"{where}.{name}: {value} outside its range")
        key = f"{where}.{name}"
        figures[key] = Figure(
            key=key,
            value=float(value),
            unit=spec["unit"],
            label=spec["label"],
            source=str(fig_source),
            as_of=str(fig_as_of),
            minimum=spec["min"],
            maximum=spec["max"],
            shipped_value=float(value),
        )
    return entry_id, attrs, figures


def _check_references(catalog: Catalog) -> None:
    gpus = set(catalog.ids("gpus"))
    for table in ("gpu_instances", "serverless_gpus"):
        for entry_id in catalog.ids(table):
            gpu = catalog.attributes[(table, entry_id)]["gpu"]
            if gpu not in gpus:
                raise CatalogDataError(f"{table}.{entry_id}: unknown gpu {gpu}")
    for device in catalog.all("devices"):
        if device.device_class not in DEVICE_CLASSES:
            raise CatalogDataError(
                f"devices.{device.id}.device_class: unknown {device.device_class} "
                f"(known: {', '.join(DEVICE_CLASSES)})"
            )
        if device.grade not in DEVICE_GRADES:
            raise CatalogDataError(
                f"devices.{device.id}.grade: unknown {device.grade} "
                f"(known: {', '.join(DEVICE_GRADES)})"
            )
        unknown = [p for p in device.precision_names if p not in PRECISIONS]
        if unknown:
            raise CatalogDataError(
                f"devices.{device.id}.precisions: unknown {', '.join(unknown)} "
                f"(known: {', '.join(PRECISIONS)})"
            )
    for table, expected in (("formats", PRECISIONS), ("serving_classes", SERVING_CLASSES)):
        if set(catalog.ids(table)) != set(expected):
            raise CatalogDataError(
                f"{table}.yaml must hold one entry for each of {', '.join(expected)} "
                f"(has {', '.join(catalog.ids(table))})"
            )
    for table in ("general", "operations"):
        if catalog.ids(table) != (table,):
            raise CatalogDataError(f"{table}.yaml must hold exactly one entry with id {table}")
    for table in ("serverless_terms", "llm_discounts"):
        if "default" not in catalog.ids(table):
            raise CatalogDataError(f"{table}.yaml needs an entry with id default")
    egress = set(catalog.ids("cloud_egress"))
    for entry_id in catalog.ids("transfer_tiers"):
        if entry_id not in egress:
            raise CatalogDataError(f"transfer_tiers.{entry_id}: no cloud_egress entry of that id")
        tiers = catalog.get("transfer_tiers", entry_id)
        bounds = [
            tiers.free_gb_per_month,
            tiers.tier1_up_to_gb,
            tiers.tier2_up_to_gb,
            tiers.tier3_up_to_gb,
        ]
        if bounds != sorted(bounds):
            raise CatalogDataError(f"transfer_tiers.{entry_id}: tier bounds must not decrease")
    _check_ranges(catalog)
    _check_retirements(catalog)


def _check_ranges(catalog: Catalog) -> None:
    """Every ranged figure lies between its P10 and P90 as shipped."""
    for table, cls in TABLES.items():
        for name in ranged_fields(cls):
            for entry_id in catalog.ids(table):
                key = f"{table}.{entry_id}.{name}"
                low, high = (catalog.figures[key + suffix].value for suffix in RANGE_SUFFIXES)
                if not low <= catalog.figures[key].value <= high:
                    raise CatalogDataError(f"{key}: outside its range {low:g} to {high:g}")


def _check_retirements(catalog: Catalog) -> None:
    """Retirement dates parse, successors exist, and a retired model names a current one."""
    models = set(catalog.ids("llm_models"))
    for model in catalog.all("llm_models"):
        where = f"llm_models.{model.id}"
        try:
            model.retired()  # parses the date
        except ValueError:
            raise CatalogDataError(
                f"{where}.retired_on: {model.retired_on!r} is neither a YYYY-MM-DD date nor "
                f"{NO_RETIREMENT!r}"
            ) from None
        if model.parameters != UNDISCLOSED and not _positive_number(model.parameters):
            raise CatalogDataError(
                f"{where}.parameters: {model.parameters!r} is neither a number of billions above "
                f"0 nor {UNDISCLOSED!r}"
            )
        if model.successor != NO_SUCCESSOR and model.successor not in models - {model.id}:
            raise CatalogDataError(f"{where}.successor: unknown llm_models id {model.successor}")
        if model.retired() and (
            model.successor == NO_SUCCESSOR or catalog.get("llm_models", model.successor).retired()
        ):
            raise CatalogDataError(
                f"{where}: retired on {model.retired_on} but names no current successor"
            )


def _positive_number(text: str) -> bool:
    try:
        return 0.0 < float(text) < math.inf
    except ValueError:
        return False


def _typed_records(
    figures: Mapping[str, Figure],
    attributes: Mapping[tuple[str, str], Mapping[str, str]],
    table: str,
    ids: tuple[str, ...],
) -> MappingProxyType[str, TableRecord]:
    """Entry id -> typed record of one table, in file order."""
    cls = TABLES[table]
    names = figure_fields(cls)
    records = {}
    for entry_id in ids:
        # Any: the fields differ per table; _parse_entry has checked each against its class.
        values: dict[str, Any] = {"id": entry_id, **attributes[(table, entry_id)]}
        for name in names:
            values[name] = figures[f"{table}.{entry_id}.{name}"].value
        records[entry_id] = cls(**values)
    return MappingProxyType(records)
