"""The scenario in a URL: JSON -> zlib -> URL-safe base64 without padding.

A shared link or a browser refresh carries the whole scenario in `?s=`, so no server-side
storage is needed. Decoding is untrusted input: size limits come before decompression and the
result is validated by the scenario model like any uploaded file.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib

from scoring.io.scenario_files import MAX_FILE_BYTES
from scoring.model.codec import ScenarioError, scenario_from_dict, scenario_to_json
from scoring.model.scenario import Scenario

# A compressed scenario is well under 2 kB; anything far beyond that is not ours.
MAX_ENCODED_CHARS = 100_000


def encode_scenario(scenario: Scenario) -> str:
    packed = zlib.compress(scenario_to_json(scenario).encode("utf-8"), level=9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def decode_scenario(text: str) -> Scenario:
    """The scenario a `?s=` value carries; ScenarioError names what is wrong with it."""
    if len(text) > MAX_ENCODED_CHARS:
        raise ScenarioError([f"the encoded scenario is longer than {MAX_ENCODED_CHARS} characters"])
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise ScenarioError(["the link's scenario is not valid base64 text"]) from None
    inflater = zlib.decompressobj()
    try:
        # Bounded inflation: a tiny parameter must not expand into gigabytes.
        data = inflater.decompress(packed, MAX_FILE_BYTES)
    except zlib.error:
        raise ScenarioError(["the link's scenario is damaged (not compressed data)"]) from None
    if inflater.unconsumed_tail:
        raise ScenarioError(["the link's scenario expands beyond the file size limit"])
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ScenarioError(["the link's scenario is damaged (not JSON)"]) from None
    except RecursionError:
        raise ScenarioError(["the link's scenario is nested too deeply to read"]) from None
    if not isinstance(raw, dict):
        raise ScenarioError(["the link's scenario is not a mapping of fields"])
    return scenario_from_dict(raw)
