"""The command line on any YAML document (issue 15, point 2): whatever the nesting, the key
types (lists, mappings, null, booleans, numbers as keys) and the scalars, `validate` and
`evaluate` end with exit status 0 or 2, never a traceback, and never list more than twenty
problems.

The CLI's `main([...])` runs in-process (the same code path as `python -m scoring`, without a
new interpreter per example)."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from scoring.cli import main
from scoring.model.problems import MAX_PROBLEMS

# Words a hand-written scenario uses, so that drawn documents reach the model's checks and
# not only the YAML reader's.
FIELD_WORDS = (
    "name",
    "version",
    "description",
    "requirements",
    "workload",
    "model",
    "decision",
    "date",
    "weights",
    "assumptions",
    "evidence",
    "measured",
    "devices",
    "max_latency_ms",
    "offline",
    "kind",
    "cost",
    "edge",
)
# Scalars as YAML reads them: nulls, YAML 1.1 booleans, octal and hex, dates real and not,
# NaN and infinity, text that looks like numbers.
YAML_SCALARS = (
    "~",
    "null",
    "true",
    "no",
    "on",
    "0",
    "-3",
    "010",
    "0x1F",
    "1e3",
    "1.5e+300",
    ".nan",
    "-.inf",
    "2026-11-26",
    "2026-13-45",
    "2026-02-30T10:00:00Z",
    '""',
    "''",
    "plain text",
    "required",
    "llm",
    "'https://evil.example'",
    "!!str 12",
    "!!binary aGk=",
    "!!float x",
)


def quoted(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


scalars = st.one_of(
    st.sampled_from(YAML_SCALARS),
    st.sampled_from(FIELD_WORDS),
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=12).map(quoted),
)


def flow_mapping(pairs: list[tuple[str, str]]) -> str:
    # `? key : value`: any node may be a key, a list or a mapping included.
    return "{" + ", ".join(f"? {key} : {value}" for key, value in pairs) + "}"


nodes = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(children, children), max_size=4).map(flow_mapping),
        st.lists(st.tuples(st.sampled_from(FIELD_WORDS), children), max_size=4).map(flow_mapping),
    ),
    max_leaves=30,
)


FITTING = (
    ("description", '"A note"'),
    ("horizon_months", "12"),
    ("weights", "{cost: 3}"),
    ("decision", "{date: 2026-11-26}"),
)


@st.composite
def documents(draw) -> str:
    """A block mapping of drawn keys and nodes (often with a name), a named scenario with one
    drawn field, or any node alone."""
    shape = draw(st.integers(0, 9))
    if shape == 0:
        return draw(nodes)
    if shape <= 3:  # close to valid: these reach the engine too
        field, value = draw(st.sampled_from(FITTING))
        return f"name: Camera\n{field}: {draw(nodes) if draw(st.booleans()) else value}\n"
    pairs = draw(st.lists(st.tuples(st.sampled_from(FIELD_WORDS) | nodes, nodes), max_size=8))
    if draw(st.booleans()):
        pairs.insert(0, ("name", draw(scalars)))
    return "".join(f"? {key}\n: {value}\n" for key, value in pairs)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cli-any-yaml")


@given(documents(), st.sampled_from((("validate",), ("evaluate", "--json"))))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_yaml_document_exits_0_or_2_without_a_traceback_or_more_than_20_problems(
    folder, document, command
):
    path = folder / "drawn.yaml"
    path.write_text(document, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([command[0], str(path), *command[1:]])
    errors = err.getvalue()
    event(f"exit {status}")
    assert status in (0, 2), errors
    assert "Traceback" not in errors + out.getvalue()
    assert "internal error" not in errors
    lines = errors.splitlines()
    if status == 2:
        assert lines and all(line.startswith(f"error: {path}: ") for line in lines), errors
        problems = [line for line in lines if not line.startswith(f"error: {path}: … and ")]
        assert 1 <= len(problems) <= MAX_PROBLEMS
        assert len(lines) - len(problems) <= 1
    else:
        assert errors == ""


ISSUE_INPUTS = [
    (b"name: t\n? [a, b]\n: 1\n", "line 2, column 3: a key must be a single value"),
    (b"{name: t, {x: 1}: 2}", "line 1, column 11: a key must be a single value"),
    (b"name: t\ndecision:\n  date: 2026-13-45\n", "decision.date: the date 2026-13-45 does not"),
    ("name: t\n".encode("utf-16"), "the file is UTF-16 (little-endian) text, not UTF-8"),
    (b"name: '   '\n", "name: the name must contain at least one visible character"),
]


@pytest.mark.parametrize(
    ("content", "named"), ISSUE_INPUTS, ids=["list key", "mapping key", "date", "utf-16", "blank"]
)
def test_the_issues_malformed_files_exit_2_naming_the_line_or_field(folder, content, named, capsys):
    path = folder / "issue.yaml"
    path.write_bytes(content)
    assert main(["validate", str(path)]) == 2
    errors = capsys.readouterr().err
    assert errors.startswith(f"error: {path}: ") and named in errors
    assert "internal error" not in errors and "Traceback" not in errors
