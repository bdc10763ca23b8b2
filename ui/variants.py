"""Named scenario variants kept in the session ("base", "volume x3", "cheaper GPUs").

The variants live in `st.session_state["ui:variants"]` as an insertion-ordered dict name ->
Scenario (immutable, already validated), so they survive page switches but not a new browser
session: the bundle download keeps them. Every change goes through the pure functions of
scoring.io.bundles; a refused change reports why and leaves the variants and the current scenario
as they were.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from scoring.engine.evaluate import Evaluation
from scoring.io.bundles import add_variant, bundle_to_yaml, clean_name, merge_variants, parse_bundle
from scoring.model.codec import ScenarioError
from scoring.model.scenario import Scenario
from scoring.report.variants import MAX_COMPARED, comparison_columns, difference_rows
from ui import state, uploads
from ui.messages import problem_list

VARIANTS_KEY = "ui:variants"
NAME_KEY = "ui:variant_name"  # the name field of the save form
PENDING_KEY = "ui:variant_pending"  # a name that exists, waiting for "Replace"
COMPARED_KEY = "ui:compared"  # the multiselect of variants to compare
BUNDLE_UPLOAD_KEY = "ui:bundle_upload"
_BUNDLE_KEY = "ui:variants_bundle"  # (variants, their YAML bundle)
AREA = "variants"  # where this part's messages show
BUNDLE_AREA = "variants_bundle"  # messages about an uploaded bundle


def variants() -> dict[str, Scenario]:
    return st.session_state.setdefault(VARIANTS_KEY, {})


def save_current(name: str, replace: bool = False) -> None:
    """Save the current scenario as a variant. A name in use is replaced only with `replace`;
    otherwise the save waits for confirmation (`pending_replacement`)."""
    name = clean_name(name)
    kept = variants()
    if name in kept and not replace:
        st.session_state[PENDING_KEY] = name
        return
    try:
        updated = add_variant(kept, name, state.current_scenario())
    except ScenarioError as error:
        state.flash("error", f"Not saved: {'; '.join(error.problems)}.", AREA)
        return
    st.session_state[VARIANTS_KEY] = updated
    st.session_state.pop(PENDING_KEY, None)
    verb = "Replaced" if name in kept else "Saved"
    state.flash("success", f"{verb} the variant “{name}” ({len(updated)} kept).", AREA)
    _select_for_comparison(name)


def pending_replacement() -> str | None:
    return st.session_state.get(PENDING_KEY)


def cancel_replacement() -> None:
    st.session_state.pop(PENDING_KEY, None)


def save_from_form() -> None:
    """The Save button's callback: the name typed in the form."""
    save_current(st.session_state.get(NAME_KEY, ""))


def load(name: str) -> None:
    """Make the variant the current scenario (every page then shows it)."""
    state.replace_scenario(variants()[name])
    state.flash("success", f"Loaded the variant “{name}” as the current scenario.", AREA)


def delete(name: str) -> None:
    kept = dict(variants())
    kept.pop(name, None)
    st.session_state[VARIANTS_KEY] = kept  # prepare_compared drops it from the comparison
    state.flash("info", f"Deleted the variant “{name}”.", AREA)


def bundle() -> str:
    """The variants as a YAML bundle, written again only when they change (every change makes
    a new dict)."""
    kept = variants()
    return state.derived(_BUNDLE_KEY, kept, lambda: bundle_to_yaml(kept))


def apply_bundle(file_name: str, data: bytes) -> bool:
    """Add the bundle's variants (replacing those of the same name), or change nothing and
    report every problem. The current scenario is never touched."""
    try:
        merge = merge_variants(variants(), parse_bundle(data, file_name))
    except ScenarioError as error:
        lines = problem_list(error.problems)
        uploads.refuse(
            BUNDLE_UPLOAD_KEY,
            f"{file_name} was not loaded; your variants and scenario are unchanged.\n{lines}",
        )
        return False
    uploads.accept(BUNDLE_UPLOAD_KEY)
    st.session_state[VARIANTS_KEY] = merge.variants
    parts = []
    if merge.added:
        parts.append("added " + ", ".join(f"“{n}”" for n in merge.added))
    if merge.replaced:
        parts.append("replaced " + ", ".join(f"“{n}”" for n in merge.replaced))
    state.flash("success", f"From {file_name}: {'; '.join(parts)}.", BUNDLE_AREA)
    for name in merge.added:
        _select_for_comparison(name)
    return True


def prepare_compared() -> list[str]:
    """The names chosen for comparison, pruned to those that still exist; call it before the
    picker is drawn (a widget's value cannot be set after it is drawn)."""
    kept = variants()
    if COMPARED_KEY not in st.session_state:
        st.session_state[COMPARED_KEY] = list(kept)[:MAX_COMPARED]
    chosen = [n for n in st.session_state[COMPARED_KEY] if n in kept][:MAX_COMPARED]
    st.session_state[COMPARED_KEY] = chosen
    return chosen


def _select_for_comparison(name: str) -> None:
    """A new variant joins the comparison while there is room for it."""
    chosen = st.session_state.get(COMPARED_KEY)
    if chosen is None:
        return  # the picker starts with the first variants anyway
    if name not in chosen and len(chosen) < MAX_COMPARED:
        st.session_state[COMPARED_KEY] = [*chosen, name]


# --- tables ------------------------------------------------------------------------------------


def comparison_frame(evaluations: Mapping[str, Evaluation]) -> pd.DataFrame:
    """The variants as columns; per option its weighted score, p95 latency and total cost."""
    frame = pd.DataFrame(comparison_columns(evaluations))
    frame.index.name = "Variant"
    return frame


def differences_frame(scenarios: Mapping[str, Scenario]) -> pd.DataFrame | None:
    """The inputs that differ, one row each, the variants (name -> scenario) as columns; None
    when all agree."""
    rows = difference_rows(list(scenarios.values()))
    if not rows:
        return None
    return pd.DataFrame(
        list(rows.values()),
        index=pd.Index(list(rows), name="Input"),
        columns=list(scenarios),
    )


def highlight_differences(frame: pd.DataFrame):
    """The frame styled: every cell that differs from the first variant's is highlighted."""

    def row_style(row: pd.Series) -> list[str]:
        first = row.iloc[0]
        return ["" if value == first else "background-color: #fef3c7" for value in row]

    return frame.style.apply(row_style, axis=1)
