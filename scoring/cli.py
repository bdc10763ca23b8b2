"""`python -m scoring`: the headless face of the engine.

Exit status 0 on success, 2 on bad input (one message per problem on stderr, each naming the
field), 1 on an internal error. Never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from scoring.io.output_files import write_text_atomically
from scoring.io.record_files import is_record
from scoring.io.scenario_files import load_scenario_text
from scoring.model.codec import ScenarioError

if TYPE_CHECKING:
    from scoring.engine.evaluate import Evaluation

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 too; keep it to one line
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"error: {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except ScenarioError as error:
        source = f"{error.source}: " if error.source else ""
        for problem in error.problems:
            print(f"error: {source}{problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # the promise is: no traceback, ever
        print(f"internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_INTERNAL


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m scoring",
        description="Edge / cloud / hybrid inference decisions from a scenario file.",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def add(name: str, handler: Callable[[argparse.Namespace], int], help: str):
        command = commands.add_parser(name, help=help, description=help)
        command.set_defaults(handler=handler)
        return command

    add("presets", _presets, "List the bundled presets.")
    add("schema", _schema, "Print the JSON Schema of the scenario file.")
    add("figures", _figures, "List every catalog figure with its source and as-of date.")
    validate = add("validate", _validate, "Check a scenario file or decision record.")
    validate.add_argument("file", help="scenario YAML or decision record (Markdown)")
    evaluate = add("evaluate", _evaluate, "Evaluate a scenario: feasibility, scores, costs.")
    evaluate.add_argument("file", help="scenario YAML or decision record (Markdown)")
    evaluate.add_argument("--json", action="store_true", help="print the JSON contract object")
    record = add("record", _record, "Write the decision record (Markdown, or HTML with --html).")
    record.add_argument("file", help="scenario YAML or decision record (Markdown)")
    record.add_argument("--out", help="output path (default: print to standard output)")
    record.add_argument("--html", action="store_true", help="self-contained HTML report")
    log = add(
        "log",
        _log,
        "List a decision log (a folder of numbered records) as the app does; --upgrade "
        "rewrites records of the old front-matter layout in the ADR-tool layout.",
    )
    log.add_argument("folder", help="the folder of numbered records, e.g. decisions")
    log.add_argument(
        "--upgrade",
        action="store_true",
        help="rewrite records that start with YAML front matter with their title first, "
        "keeping every field, and update the folder's index.md",
    )
    return parser


def _presets(args: argparse.Namespace) -> int:
    from scoring.io.presets import bundled_presets

    presets = bundled_presets()
    width = max(len(p.id) for p in presets)
    for preset in presets:
        print(f"{preset.id:<{width}}  {preset.name}")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from scoring.model.schema import scenario_json_schema

    print(json.dumps(scenario_json_schema(), indent=2))
    return EXIT_OK


def _figures(args: argparse.Namespace) -> int:
    from scoring.catalog import default_catalog
    from scoring.catalog.tables import CATALOG_AS_OF

    catalog = default_catalog()
    for figure in catalog.figures.values():
        print(f"{figure.key} = {figure.value:g} {figure.unit}  [{figure.source}, {figure.as_of}]")
    print(f"Hosted models on {CATALOG_AS_OF} (the catalog's as-of date):")
    for model in catalog.all("llm_models"):
        source = catalog.figures[f"llm_models.{model.id}.input_usd_per_mtok"]
        print(f"llm_models.{model.id}: {model.lifecycle()}  [{source.source}, {source.as_of}]")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    scenario, text = load_scenario_text(args.file)
    if is_record(text):
        from scoring.engine.evaluate import evaluate

        _warn_if_edited(args.file, text, evaluate(scenario))
    print(f"OK: {args.file} is a valid scenario ({scenario.name})")
    return EXIT_OK


def _warn_if_edited(file: str, text: str, evaluation: Evaluation) -> None:
    """A record whose text no longer reads as its scenario renders it loads with a warning."""
    from scoring.io.record_files import prose_drift

    if is_record(text) and (drift := prose_drift(text, evaluation)):
        print(f"warning: {file}: {drift}", file=sys.stderr)


def _evaluate(args: argparse.Namespace) -> int:
    from scoring.engine.evaluate import evaluate
    from scoring.report.contract import evaluation_json, evaluation_table

    scenario, text = load_scenario_text(args.file)
    evaluation = evaluate(scenario)
    _warn_if_edited(args.file, text, evaluation)
    if args.json:
        print(json.dumps(evaluation_json(evaluation), indent=2, allow_nan=False))
    else:
        print(evaluation_table(evaluation))
    return EXIT_OK


def _record(args: argparse.Namespace) -> int:
    from scoring.engine.evaluate import evaluate
    from scoring.report.markdown import render_markdown
    from scoring.report.record import build_record

    scenario, text = load_scenario_text(args.file)
    evaluation = evaluate(scenario)
    _warn_if_edited(args.file, text, evaluation)
    content = build_record(evaluation)
    if args.html:
        from scoring.report.html import render_html

        text = render_html(content, evaluation)
    else:
        text = render_markdown(content)
    if not args.out:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_text_atomically(Path(args.out), text)
    except OSError as error:
        reason = error.strerror or str(error)
        print(f"error: cannot write {args.out}: {reason}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"wrote {args.out}", file=sys.stderr)
    return EXIT_OK


def _log(args: argparse.Namespace) -> int:
    from scoring.io.decision_log import read_log, upgrade_records

    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"error: {args.folder}: no such folder", file=sys.stderr)
        return EXIT_BAD_INPUT
    status = EXIT_OK
    if args.upgrade:
        done, problems = upgrade_records(folder)
        for record in done:
            print(f"rewrote {record.name}", file=sys.stderr)
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        status = EXIT_BAD_INPUT if problems else EXIT_OK
    log = read_log(folder)
    for problem in log.problems:
        print(f"warning: {problem}", file=sys.stderr)
    for record in log.records:
        old = "  (old layout: front matter first)" if record in log.old_layout else ""
        print(f"{record.number:04d}  {record.date:<10}  {record.status_words}  {record.title}{old}")
    return status
