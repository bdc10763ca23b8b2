"""JSON Schema of the scenario file, for validation and completion in an editor."""

from __future__ import annotations

from scoring.catalog import default_catalog
from scoring.scenario import Scenario

SCHEMA_ID = "https://example.invalid/edge-cloud-decision-studio/scenario-v1.schema.json"


def scenario_json_schema() -> dict:
    schema = Scenario.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "Edge / cloud / hybrid decision scenario, version 1"
    catalog = default_catalog()
    # Catalog ids and figure keys are data, not types; list them so editors can complete them.
    definitions = schema.get("$defs", {})
    _enumerate(definitions, "EdgeSettings", "device", ("auto", *catalog.ids("devices")))
    _enumerate(definitions, "CloudSettings", "llm_model", catalog.ids("llm_models"))
    _enumerate(definitions, "CloudSettings", "serverless_gpu", catalog.ids("serverless_gpus"))
    _enumerate(definitions, "CloudSettings", "gpu_instance", catalog.ids("gpu_instances"))
    _enumerate(definitions, "CloudSettings", "egress", catalog.ids("cloud_egress"))
    _enumerate(definitions, "NetworkSettings", "profile", catalog.ids("network_profiles"))
    _enumerate(definitions, "Model", "architecture", ("auto", *catalog.ids("architectures")))
    schema["properties"]["assumptions"]["propertyNames"] = {"enum": sorted(catalog.figures)}
    return schema


def _enumerate(definitions: dict, model: str, field: str, values: tuple[str, ...]) -> None:
    prop = definitions[model]["properties"][field]
    prop.pop("maxLength", None)
    prop["enum"] = list(values)
