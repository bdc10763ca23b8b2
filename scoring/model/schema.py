"""JSON Schema of the scenario file, for validation and completion in an editor."""

from __future__ import annotations

from scoring.catalog import default_catalog
from scoring.model.scenario import CatalogRef, Scenario, _Section

SCHEMA_ID = "https://example.invalid/edge-cloud-decision-studio/scenario-v1.schema.json"


def scenario_json_schema() -> dict:
    schema = Scenario.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "Edge / cloud / hybrid decision scenario, version 1"
    catalog = default_catalog()
    # Catalog ids and figure keys are data, not types; list them so editors can complete them.
    definitions = schema.get("$defs", {})
    for section in _Section.__subclasses__():
        for name, info in section.model_fields.items():
            refs = [m for m in info.metadata if isinstance(m, CatalogRef)]
            if refs and section.__name__ in definitions:
                _enumerate(definitions, section.__name__, name, refs[0].allowed())
    schema["properties"]["assumptions"]["propertyNames"] = {"enum": sorted(catalog.figures)}
    return schema


def _enumerate(definitions: dict, model: str, field: str, values: tuple[str, ...]) -> None:
    prop = definitions[model]["properties"][field]
    prop.pop("maxLength", None)
    prop["enum"] = list(values)
