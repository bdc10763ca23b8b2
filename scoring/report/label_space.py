"""Where a chart label fits: the free spot nearest its marker that covers no line.

Geometry in plot fractions (0-1 across the plot area on both axes). A label's box is estimated
from its text at a conservative plot size, the narrowest and shortest the cost chart is drawn
at: in a wider or taller chart the real box is smaller and, anchored at the same lower-left
corner, stays inside the estimate, so a spot found free stays free.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PLOT_WIDTH_PX = 560.0  # the narrowest plot area of the cumulative cost chart
PLOT_HEIGHT_PX = 240.0  # its plot area in a 420 px figure, after title, axis title and legend
CHAR_WIDTH_PX = 7.0  # a 12 px font's widest average character, with the box's padding
LINE_HEIGHT_PX = 17.0
MARGIN = 0.01  # kept clear around a label, in plot fractions
MARKER_HALF = 0.015  # a marker's half-size in plot fractions
GRID_STEPS = 40  # candidate positions per axis


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )


def text_size(text: str) -> tuple[float, float]:
    """(width, height) of a label in plot fractions; lines are separated by <br>."""
    lines = text.split("<br>")
    width = max(len(line) for line in lines) * CHAR_WIDTH_PX / PLOT_WIDTH_PX
    return width, len(lines) * LINE_HEIGHT_PX / PLOT_HEIGHT_PX


def label_box(x: float, y: float, text: str) -> Box:
    """The box of a label anchored at its lower-left corner (x, y)."""
    width, height = text_size(text)
    return Box(x, y, x + width, y + height)


def covers_line(box: Box, line_x: np.ndarray, line_y: np.ndarray, margin: float = MARGIN) -> bool:
    """Whether a polyline (sorted by x) passes through the box, with a margin: the line is
    piecewise linear, so its values at the box's edges and at its vertices inside bound it."""
    x0, x1 = box.x0 - margin, box.x1 + margin
    if x1 < line_x[0] or x0 > line_x[-1]:
        return False
    inside = (line_x > x0) & (line_x < x1)
    edges = np.clip([x0, x1], line_x[0], line_x[-1])
    values = np.concatenate([np.interp(edges, line_x, line_y), line_y[inside]])
    return bool(values.max() >= box.y0 - margin and values.min() <= box.y1 + margin)


def place(
    markers: list[tuple[float, float]],
    texts: list[str],
    lines: list[tuple[np.ndarray, np.ndarray]],
) -> list[tuple[float, float]]:
    """The lower-left corner of each label: inside the plot, clear of every line, marker and
    label placed before it, as near its marker as possible (nearest the marker itself when no
    spot is free, which a chart this size never meets)."""
    obstacles = [
        Box(x - MARKER_HALF, y - MARKER_HALF, x + MARKER_HALF, y + MARKER_HALF) for x, y in markers
    ]
    steps = np.linspace(0.0, 1.0, GRID_STEPS + 1)
    corners: list[tuple[float, float]] = []
    for (mx, my), text in zip(markers, texts, strict=True):
        width, height = text_size(text)
        grid_x, grid_y = np.meshgrid(steps[steps + width <= 1.0], steps[steps + height <= 1.0])
        xs, ys = grid_x.ravel(), grid_y.ravel()
        # Distance from the marker to each candidate box's nearest point; nearest tried first.
        dx = np.maximum.reduce([xs - mx, np.zeros_like(xs), mx - (xs + width)])
        dy = np.maximum.reduce([ys - my, np.zeros_like(ys), my - (ys + height)])
        corner = (min(mx, 1.0 - width), min(my, 1.0 - height))
        for i in np.argsort(np.hypot(dx, dy), kind="stable"):
            box = Box(float(xs[i]), float(ys[i]), float(xs[i]) + width, float(ys[i]) + height)
            if any(box.overlaps(o) for o in obstacles):
                continue
            if any(covers_line(box, lx, ly) for lx, ly in lines):
                continue
            corner = (box.x0, box.y0)
            break
        corners.append(corner)
        obstacles.append(label_box(*corner, text))
    return corners
