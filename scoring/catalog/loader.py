"""The catalog: every price, hardware spec and operating figure the engine uses, with its source.

The data lives in `scoring/catalog/data/*.yaml`, one file per table. An entry gives `source`
and `as_of` once for all its figures; a figure that came from elsewhere is written as a mapping
`{value, source, as_of}`. Every figure has a key `table.entry.field` (for example
`devices.jetson_orin_nano_super.price_usd`) by which a scenario's `assumptions` override it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

import yaml

from scoring.catalog.tables import (
    BYTES_PER_PARAMETER,
    DEVICE_CLASSES,
    DEVICE_GRADES,
    NO_RETIREMENT,
    NO_SUCCESSOR,
    TABLES,
    General,
    attribute_fields,
    figure_fields,
)

DATA_DIR = Path(__file__).parent / "data"
USER_SOURCE = "Your override"


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
    figures: MappingProxyType[str, Figure]
    attributes: MappingProxyType[tuple[str, str], MappingProxyType[str, str]]
    order: MappingProxyType[str, tuple[str, ...]]  # table -> entry ids in file order
    # Typed records built on first use; a catalog with overrides starts with an empty cache.
    _typed: dict = field(default_factory=dict, compare=False, repr=False)

    def value(self, key: str) -> float:
        return self.figures[key].value

    def ids(self, table: str) -> tuple[str, ...]:
        return self.order[table]

    def get(self, table: str, entry_id: str) -> object:
        """The typed record of one entry (a Device, an LlmModel, ...)."""
        key = (table, entry_id)
        if key not in self._typed:
            self._typed[key] = _typed_entry(self, table, entry_id)
        return self._typed[key]

    def all(self, table: str) -> tuple:
        return tuple(self.get(table, entry_id) for entry_id in self.ids(table))

    @property
    def general(self) -> General:
        return self.get("general", "general")  # type: ignore[return-value]

    def figures_of(self, table: str, entry_id: str) -> tuple[Figure, ...]:
        prefix = f"{table}.{entry_id}."
        return tuple(f for k, f in self.figures.items() if k.startswith(prefix))

    def with_overrides(self, overrides: dict[str, float]) -> Catalog:
        """A catalog where the given figures carry the user's values instead of the shipped ones."""
        if not overrides:
            return self
        figures = dict(self.figures)
        for key, value in overrides.items():
            figures[key] = replace(
                figures[key], value=float(value), source=USER_SOURCE, overridden=True
            )
        return replace(self, figures=MappingProxyType(figures), _typed={})

    def check_override(self, key: str, value: float) -> str | None:
        """Why an override is not allowed, or None when it is."""
        figure = self.figures.get(key)
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
        unknown = [p for p in device.precision_names if p not in BYTES_PER_PARAMETER]
        if unknown:
            raise CatalogDataError(
                f"devices.{device.id}.precisions: unknown {', '.join(unknown)} "
                f"(known: {', '.join(BYTES_PER_PARAMETER)})"
            )
    _check_retirements(catalog)
    if catalog.ids("general") != ("general",):
        raise CatalogDataError("general.yaml must hold exactly one entry with id general")


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
        if model.successor != NO_SUCCESSOR and model.successor not in models - {model.id}:
            raise CatalogDataError(f"{where}.successor: unknown llm_models id {model.successor}")
        if model.retired() and (
            model.successor == NO_SUCCESSOR or catalog.get("llm_models", model.successor).retired()
        ):
            raise CatalogDataError(
                f"{where}: retired on {model.retired_on} but names no current successor"
            )


def _typed_entry(catalog: Catalog, table: str, entry_id: str) -> object:
    cls = TABLES[table]
    values: dict[str, object] = {"id": entry_id, **catalog.attributes[(table, entry_id)]}
    for name in figure_fields(cls):
        values[name] = catalog.figures[f"{table}.{entry_id}.{name}"].value
    return cls(**values)
