"""Every package the code imports is pinned: the app's in requirements.txt, the tests' and
benchmarks' in requirements-dev.txt, which starts from the app's."""

from __future__ import annotations

import ast
import re
import sys
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OURS = {"scoring", "ui", "pages", "app"}
# The test helpers in tests/support, imported by module name.
SUPPORT = {path.stem for path in (ROOT / "tests" / "support").glob("*.py")}


@cache
def imports_of(path: Path) -> frozenset[str]:
    """Top-level names of the modules the file imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return frozenset(names)


def imported_packages(paths: list[Path]) -> set[str]:
    """Top-level names of the third-party modules the files import."""
    names = set().union(*(imports_of(path) for path in paths))
    return names - set(sys.stdlib_module_names) - OURS - SUPPORT - {"__future__"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(file_name: str) -> dict[str, str]:
    """Distribution name -> exact version, following `-r` includes."""
    pins: dict[str, str] = {}
    for line in (ROOT / file_name).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            pins |= pinned(line[3:].strip())
        elif line:
            name, separator, version = line.partition("==")
            assert separator and version, f"{file_name}: {line!r} is not pinned with =="
            pins[canonical(name)] = version
    return pins


@cache
def installed() -> dict[str, list[str]]:
    return packages_distributions()  # reads every installed package's metadata: once


def distributions_of(module: str) -> set[str]:
    return {canonical(d) for d in installed().get(module, [])}


def python_files(*folders: str) -> list[Path]:
    return [path for folder in folders for path in (ROOT / folder).rglob("*.py")]


@pytest.mark.parametrize(
    ("requirements", "folders"),
    [
        ("requirements.txt", ("scoring", "ui", "pages", "app.py")),
        ("requirements-dev.txt", ("scoring", "ui", "pages", "app.py", "tests", "benchmarks")),
    ],
    ids=["the app in requirements.txt", "tests and benchmarks in requirements-dev.txt"],
)
def test_every_imported_package_is_pinned(requirements, folders):
    files = [ROOT / f for f in folders if f.endswith(".py")] + python_files(
        *(f for f in folders if not f.endswith(".py"))
    )
    pins = pinned(requirements)
    unpinned = {
        module: sorted(distributions_of(module)) or ["(not installed)"]
        for module in imported_packages(files)
        if not distributions_of(module) & set(pins)
    }
    assert unpinned == {}, f"imported but not pinned in {requirements}: {unpinned}"


def test_the_development_file_starts_from_the_runtime_file_and_pins_nothing_twice():
    lines = [
        line.strip()
        for line in (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0] == "-r requirements.txt"
    runtime = set(pinned("requirements.txt"))
    own = {canonical(line.partition("==")[0]) for line in lines[1:]}
    assert not own & runtime


def test_the_runtime_file_holds_no_test_or_check_tool():
    tools = {"pytest", "pytest-xdist", "hypothesis", "jsonschema", "playwright", "ruff", "mypy"}
    assert not tools & set(pinned("requirements.txt"))
