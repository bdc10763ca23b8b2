"""Input widgets bound to a dotted path of the scenario.

Each helper draws one widget whose key is `in:<path>`. Before the widget is drawn its value is
seeded from the scenario when the key is missing (never both `value=` and a key); its on_change
callback writes the new value into a new, validated scenario. A rejected value puts the widget
back to the scenario's value and shows the problem, naming the field, right under the widget.

Pages call these helpers and nothing else to edit the scenario, so later pages (weights,
decision metadata) reuse the same machinery.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, get_args

import annotated_types
import streamlit as st
from pydantic import BaseModel

from scoring.model.scenario import Scenario
from ui import state
from ui.labels import HELP
from ui.text import escape_markdown

# A step proportional to the value: the largest of 1, 2 or 5 times a power of ten that is at
# most STEP_SHARE of it (60,000 -> 5,000; 100 -> 10; 1.5 -> 0.1; 0.011 -> 0.001).
STEP_SHARE = 0.10
NICE_STEPS = (5.0, 2.0, 1.0)


def proportional_step(value: float | None, is_int: bool, least: float | None = None) -> float:
    """A +/- step of about 5-10 % of `value`, rounded to 1, 2 or 5 x 10^k; whole for whole
    numbers and at least `least` (the step when the value is 0 or empty)."""
    floor = least if least is not None else (1.0 if is_int else 0.1)
    if not value or not math.isfinite(value):
        return max(floor, 1.0) if is_int else floor
    target = abs(value) * STEP_SHARE
    magnitude = 10 ** math.floor(math.log10(target))
    step = next(
        (m * magnitude for m in NICE_STEPS if m * magnitude <= target * (1 + 1e-9)), magnitude
    )
    step = max(step, least or 0.0)
    return float(max(1, round(step))) if is_int else float(f"{step:.6g}")


def number(
    path: str,
    label: str,
    *,
    unit: str = "",
    step: float | None = None,
    least_step: float | None = None,
    format: str | None = None,
    help: str | None = None,
    default: float | None = None,
    placeholder: str | None = None,
) -> Any:
    """A number input; limits come from the model. The step is `step` when given (a unit
    with its own rhythm: 12 months), else proportional to the current value (proportional_step,
    never below `least_step`), so 60,000 requests step by 5,000 and 5 million by 500,000.

    An optional field (`float | None`) may be left empty: the scenario then stores None and
    the engine uses its documented default (say which in `placeholder`)."""
    is_int, lower, upper = _numeric_spec(path)
    number_cast: Callable[[Any], Any] = int if is_int else float

    def cast(value: Any) -> Any:
        return None if value is None else number_cast(value)

    if step is None:
        current = state.read_path(state.current_scenario(), path, default)
        step = proportional_step(current, is_int, least_step)

    value = st.number_input(
        _with_unit(label, unit),
        min_value=cast(lower),
        max_value=cast(upper),
        step=cast(step),
        placeholder=placeholder,
        # %g shows 0.011 and 100 as written; Streamlit's default %0.2f would show 0.01.
        format=format or ("%d" if is_int else "%g"),
        **_binding(path, help, cast, default=default),
    )
    _show_errors(path)
    return value


def toggle(path: str, label: str, *, help: str | None = None) -> bool:
    value = st.toggle(label, **_binding(path, help, bool))
    _show_errors(path)
    return value


def percent_slider(path: str, label: str, *, help: str | None = None) -> float:
    """A 0-100 % slider for a share stored as 0-1."""
    value = st.slider(
        label,
        min_value=0,
        max_value=100,
        step=1,
        format="%d %%",
        **_binding(path, help, _share_to_percent, _percent_to_share),
    )
    _show_errors(path)
    return value / 100


def slider(
    path: str,
    label: str,
    *,
    min_value: float,
    max_value: float,
    step: float,
    unit: str = "",
    format: str | None = None,
    help: str | None = None,
    default: float | None = None,
) -> Any:
    """A slider over a numeric field (e.g. a criterion weight `weights.cost`, with a default
    for criteria the scenario leaves out)."""
    is_int = all(float(x).is_integer() for x in (min_value, max_value, step))
    cast: Callable[[Any], Any] = int if is_int else float
    value = st.slider(
        _with_unit(label, unit),
        min_value=cast(min_value),
        max_value=cast(max_value),
        step=cast(step),
        format=format,
        **_binding(path, help, cast, default=default),
    )
    _show_errors(path)
    return value


def choice(
    path: str,
    label: str,
    options: Mapping[str, str],
    *,
    widget: str = "selectbox",
    help: str | None = None,
    default: str | None = None,
) -> str:
    """Pick one stored value by its readable label (`options` maps value -> label)."""
    current = state.read_path(state.current_scenario(), path, default)
    values = list(options)
    if current not in options:  # a value the labels do not know must still be shown
        values.append(current)

    def shown(value: str) -> str:
        return options.get(value, str(value))

    binding = _binding(path, help, _identity, default=default)
    if widget == "radio":
        value = st.radio(label, values, format_func=shown, **binding)
    else:
        value = st.selectbox(label, values, format_func=shown, **binding)
    _show_errors(path)
    return value


def text_area(path: str, label: str, *, help: str | None = None, height: int = 100) -> str:
    value = st.text_area(
        label, height=height, max_chars=_max_length(path), **_binding(path, help, str)
    )
    _show_errors(path)
    return value


def text_input(
    path: str,
    label: str,
    *,
    help: str | None = None,
    placeholder: str | None = None,
    max_chars: int | None = None,
) -> str:
    """A one-line text; `max_chars` defaults to the model's limit.

    An optional field (`str | None`) shows None as an empty field, and an empty (or blank)
    entry stores None, so the engine uses its documented default (say which in `placeholder`)."""
    to_widget, to_model = (_text_or_empty, _text_or_none) if _optional(path) else (str, _identity)
    value = st.text_input(
        label,
        max_chars=max_chars if max_chars is not None else _max_length(path),
        placeholder=placeholder,
        **_binding(path, help, to_widget, to_model),
    )
    _show_errors(path)
    return value


def text_list(path: str, label: str, *, help: str | None = None) -> list[str]:
    """A list of short texts (e.g. `decision.decision_makers`) edited as comma-separated text."""
    value = st.text_input(
        label, placeholder="Comma-separated", **_binding(path, help, _join, _split)
    )
    _show_errors(path)
    return _split(value)


def widget_key(path: str) -> str:
    return state.INPUT_PREFIX + path


def _identity(value: Any) -> Any:
    return value


def _binding(
    path: str,
    help: str | None,
    to_widget: Callable[[Any], Any],
    to_model: Callable[[Any], Any] = _identity,
    *,
    default: Any = None,
) -> dict[str, Any]:
    """The widget arguments that bind it to `path`: its key (seeded from the scenario), its
    help text, and the callback that commits a change. `to_widget` turns the stored value into
    the widget's, `to_model` the widget's into the stored one."""
    key = _seed(path, to_widget, default)
    return {
        "key": key,
        "help": _help(path, help),
        "on_change": _commit,
        "args": (path, key, to_model, to_widget),
    }


def _seed(path: str, to_widget: Callable[[Any], Any], default: Any = None) -> str:
    key = widget_key(path)
    if key not in st.session_state:
        st.session_state[key] = to_widget(state.read_path(state.current_scenario(), path, default))
    return key


def _commit(
    path: str,
    key: str,
    to_model: Callable[[Any], Any],
    to_widget: Callable[[Any], Any],
) -> None:
    problems = state.update_field(path, to_model(st.session_state[key]))
    if problems:
        state.set_field_errors(path, problems)
        # Put the widget back to the value the scenario kept, as the widget shows it.
        st.session_state[key] = to_widget(state.read_path(state.current_scenario(), path))


def _show_errors(path: str) -> None:
    for problem in state.take_field_errors(path):
        st.error(f"Not changed. {escape_markdown(problem)}", icon="⚠️")


def _join(items: Any) -> str:
    return ", ".join(items or ())


def _split(text: str) -> list[str]:
    return [item.strip() for item in (text or "").split(",") if item.strip()]


def _text_or_empty(value: Any) -> str:
    return "" if value is None else str(value)


def _text_or_none(text: Any) -> str | None:
    return str(text or "").strip() or None


def _share_to_percent(share: float) -> int:
    return round(float(share) * 100)


def _percent_to_share(percent: int) -> float:
    return percent / 100


def _with_unit(label: str, unit: str) -> str:
    return f"{label} ({unit})" if unit else label


def _help(path: str, help: str | None) -> str | None:
    return help if help is not None else HELP.get(path)


def _field(path: str) -> Any:
    """The pydantic FieldInfo at a dotted path, or None (dict entries such as weights.cost)."""
    model: Any = Scenario
    info = None
    for part in path.split("."):
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        info = model.model_fields.get(part)
        if info is None:
            return None
        model = info.annotation
    return info


def _optional(path: str) -> bool:
    """Whether the model lets the field be None (`str | None`)."""
    info = _field(path)
    return info is not None and type(None) in get_args(info.annotation)


def _numeric_spec(path: str) -> tuple[bool, float | None, float | None]:
    """(is a whole number, lowest allowed, highest allowed) from the scenario model."""
    info = _field(path)
    if info is None:
        value = state.read_path(state.current_scenario(), path)
        return isinstance(value, int) and not isinstance(value, bool), None, None
    is_int = info.annotation is int or str(info.annotation).startswith("int")
    lower = upper = None
    for bound in info.metadata:
        if isinstance(bound, annotated_types.Ge | annotated_types.Gt):
            lower = _number(bound.ge if isinstance(bound, annotated_types.Ge) else bound.gt)
        if isinstance(bound, annotated_types.Le | annotated_types.Lt):
            upper = _number(bound.le if isinstance(bound, annotated_types.Le) else bound.lt)
    return is_int, lower, upper


def _number(bound: object) -> float | None:
    """A bound of the scenario model (all of them are numbers; the caller casts to int)."""
    return float(bound) if isinstance(bound, int | float) else None


def _max_length(path: str) -> int | None:
    info = _field(path)
    for bound in getattr(info, "metadata", ()):
        if isinstance(bound, annotated_types.MaxLen):
            return bound.max_length
    return None
