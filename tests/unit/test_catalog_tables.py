"""The catalog's typed tables: each table read gives its record type, overrides reach the
records, and a catalog shared between sessions cannot be changed."""

from __future__ import annotations

import dataclasses
import re
import typing
from typing import get_args, get_type_hints

import pytest

from scoring.catalog import default_catalog
from scoring.catalog.loader import Catalog
from scoring.catalog.tables import TABLES

CATALOG = default_catalog()


def _overloads_by_table(method: typing.Callable[..., object]) -> dict[str, object]:
    """Table name -> the return type an overload declares for it."""
    declared = {}
    for overload in typing.get_overloads(method):
        hints = get_type_hints(overload)
        names = get_args(hints["table"])
        if names:  # the str fallback has no Literal
            declared[names[0]] = hints["return"]
    return declared


def test_every_table_has_a_typed_get_and_all_overload_returning_its_record_class():
    gets = _overloads_by_table(Catalog.get)
    alls = _overloads_by_table(Catalog.all)
    assert set(gets) == set(TABLES) == set(alls)
    for table, cls in TABLES.items():
        assert gets[table] is cls, table
        assert alls[table] == tuple[cls, ...], table


@pytest.mark.parametrize("table", sorted(TABLES))
def test_each_record_is_its_table_class_with_the_catalog_figures(table):
    for entry_id in CATALOG.ids(table):
        record = CATALOG.get(table, entry_id)
        assert type(record) is TABLES[table]
        for figure in CATALOG.figures_of(table, entry_id):
            assert getattr(record, figure.key.rsplit(".", 1)[1]) == figure.value
    assert CATALOG.all(table) == tuple(CATALOG.get(table, i) for i in CATALOG.ids(table))


def test_an_override_reaches_the_typed_record_and_leaves_the_shipped_catalog_alone():
    device = CATALOG.ids("devices")[0]
    shipped = CATALOG.get("devices", device).price_usd
    changed = CATALOG.with_overrides({f"devices.{device}.price_usd": shipped + 100})
    assert changed.get("devices", device).price_usd == shipped + 100
    assert CATALOG.get("devices", device).price_usd == shipped
    assert default_catalog().get("devices", device).price_usd == shipped
    # Tables no override touches keep the very same records.
    assert changed.records["gpus"] is CATALOG.records["gpus"]


def test_the_shared_catalog_cannot_be_changed_by_one_session():
    device = CATALOG.ids("devices")[0]
    key = f"devices.{device}.price_usd"
    attempts = [
        lambda: CATALOG.figures.__setitem__(key, CATALOG.figures[key]),
        lambda: CATALOG.attributes[("devices", device)].__setitem__("name", "x"),
        lambda: CATALOG.records["devices"].__setitem__(device, None),
        lambda: CATALOG.records.__setitem__("devices", {}),
        lambda: CATALOG.order.__setitem__("devices", ()),
        lambda: setattr(CATALOG.get("devices", device), "price_usd", 1.0),
        lambda: setattr(CATALOG.figures[key], "value", 1.0),
        lambda: setattr(CATALOG, "records", {}),
    ]
    for attempt in attempts:
        with pytest.raises((TypeError, AttributeError, dataclasses.FrozenInstanceError)):
            attempt()
    assert not any(isinstance(v, dict | list) for v in vars(CATALOG).values())


# The research notes the catalog was first filled from are not part of the product.
RESEARCH_NOTES = re.compile(r"figures\.md|anchors\.md|§")


def test_every_figure_cites_a_public_source_or_says_it_is_an_estimate():
    for key, figure in default_catalog().figures.items():
        assert figure.source.strip(), key
        assert not RESEARCH_NOTES.search(figure.source), (key, figure.source)
