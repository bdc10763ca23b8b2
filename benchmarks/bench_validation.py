"""The serving model against published measurements: every row of the validation table with the
engine's estimate and its error, the median absolute error overall and per group.

    python benchmarks/bench_validation.py               # print the table and the median error
    python benchmarks/bench_validation.py --write-docs  # regenerate docs/validation.md
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scoring.engine.validation import median_absolute_error, validation_results  # noqa: E402
from scoring.report.validation_table import held_out_error, validation_markdown  # noqa: E402

DOCS = ROOT / "docs" / "validation.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-docs", action="store_true", help="regenerate docs/validation.md")
    args = parser.parse_args()
    results = validation_results()
    width = max(len(r.row.id) for r in results)
    for r in results:
        flag = "" if r.within_tolerance else f"  OUTSIDE +/-{r.group.tolerance_pct:g} %"
        print(
            f"{r.row.id:<{width}}  measured {r.row.measured:>10,.2f} {r.row.unit:<10} "
            f"estimate {r.estimate:>10,.2f}  error {r.error * 100:+6.1f} %{flag}"
        )
    print()
    for group in dict.fromkeys(r.group for r in results):
        errors = [abs(r.error) for r in results if r.group.id == group.id]
        print(
            f"{group.id:<22} {len(errors):>3} rows  median |error| "
            f"{statistics.median(errors) * 100:5.1f} %  (tolerance {group.tolerance_pct:g} %)"
        )
    print()
    print(
        f"Median absolute error over {len(results)} measurements: "
        f"{median_absolute_error(results) * 100:.1f} % "
        f"(held-out rows only: {held_out_error(results) * 100:.1f} %)"
    )
    if args.write_docs:
        DOCS.write_text(validation_markdown(results), encoding="utf-8")
        print(f"wrote {DOCS.relative_to(ROOT)}")
    return 0 if all(r.within_tolerance for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
