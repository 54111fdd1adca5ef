"""Geometry of the server-drawn SVG charts: scales, axis ticks, bars, heat cells, strip points and colours.

Pure: plain values in, frozen dataclasses out, no Flask. The macros in ``templates/_charts.html`` only draw what
these functions place, so every position and colour can be checked here without rendering a page.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

# ColorBrewer "Blues" (9 classes), light to dark: a sequential palette that stays readable in greyscale.
PALETTE = ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b")
BAR_FILL = "#2171b5"  # 4.9:1 against white, above the 3:1 WCAG asks of graphics
DARK_TEXT = "#000000"
LIGHT_TEXT = "#ffffff"
AA_TEXT = 4.5  # WCAG AA contrast for normal text
LEGEND_STEPS = 20


@dataclass(frozen=True)
class LinearScale:
    """Maps the domain [low, high] onto the range [start, end] (pixels or a 0-1 fraction)."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        if self.high == self.low:
            return self.start
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)


@dataclass(frozen=True)
class Tick:
    value: float
    position: float


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per labelled value, with a value axis below and an optional reference line."""

    width: float
    height: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    reference: float | None  # x of the reference line (e.g. capacity), if any


@dataclass(frozen=True)
class HeatCell:
    row: int
    column: int
    value: float
    text: str  # the value as shown in the cell and its title
    x: float
    y: float
    size: float
    fill: str
    text_fill: str


@dataclass(frozen=True)
class Swatch:
    x: float
    width: float
    fill: str


@dataclass(frozen=True)
class Legend:
    """A colour ramp with its value ticks, drawn left to right."""

    x: float
    y: float
    width: float
    height: float
    swatches: tuple[Swatch, ...]
    ticks: tuple[Tick, ...]


@dataclass(frozen=True)
class Heatmap:
    """A grid of square cells, rows and columns labelled outside it, and the legend under it."""

    width: float
    height: float
    left: float
    top: float
    cell: float
    row_centres: tuple[float, ...]
    column_centres: tuple[float, ...]
    cells: tuple[HeatCell, ...]
    high: float  # the value drawn in the darkest colour
    legend: Legend

    @property
    def cell_rows(self) -> list[tuple[HeatCell, ...]]:
        """The cells row by row, for the table that repeats them."""
        width = len(self.column_centres)
        return [self.cells[r * width:(r + 1) * width] for r in range(len(self.row_centres))]


@dataclass(frozen=True)
class StripPoint:
    group: int
    index: int  # position of the item in its group's input
    label: str
    value: float
    x: float
    y: float


@dataclass(frozen=True)
class StripGroup:
    label: str
    y: float
    count: int
    mean: float | None
    mean_x: float | None


@dataclass(frozen=True)
class StripPlot:
    """One row of dots per group along a shared value axis, each group's mean marked."""

    width: float
    height: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    groups: tuple[StripGroup, ...]
    points: tuple[StripPoint, ...]
    ticks: tuple[Tick, ...]


# --- Colour ------------------------------------------------------------------------------------------------

def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB ``#rrggbb`` colour."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(channel) for channel in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(fill: str) -> str:
    """Black or white, whichever contrasts more; either way at least 4.58:1, so AA for any fill."""
    return DARK_TEXT if contrast_ratio(fill, DARK_TEXT) >= contrast_ratio(fill, LIGHT_TEXT) else LIGHT_TEXT


def sequential_colour(fraction: float, palette: Sequence[str] = PALETTE) -> str:
    """The palette's colour at ``fraction`` (clamped to 0-1), interpolated between neighbouring stops."""
    fraction = min(max(fraction, 0.0), 1.0) if not math.isnan(fraction) else 0.0
    position = fraction * (len(palette) - 1)
    below = min(int(position), len(palette) - 2)
    weight = position - below
    low, high = _rgb(palette[below]), _rgb(palette[below + 1])
    return "#" + "".join(f"{round(a + (b - a) * weight):02x}" for a, b in zip(low, high))


# --- Axes --------------------------------------------------------------------------------------------------

def nice_ticks(high: float, *, count: int = 5, integer: bool = False) -> tuple[float, ...]:
    """Round tick values from 0 to a round number at or above ``high``: steps of 1, 2, 2.5 or 5 × 10^k."""
    if not high > 0:
        return (0.0, 1.0)
    raw = high / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    if integer:
        step = max(1.0, float(math.ceil(step)))
    steps = math.ceil(high / step - 1e-9)
    return tuple(round(i * step, 10) for i in range(steps + 1))


def _ticks(values: tuple[float, ...], scale: LinearScale) -> tuple[Tick, ...]:
    return tuple(Tick(value, round(scale(value), 2)) for value in values)


# --- Charts ------------------------------------------------------------------------------------------------

def bar_chart(items: Sequence[tuple[str, float]], *, width: float = 560, label_width: float = 170,
              bar_height: float = 20, gap: float = 8, axis_height: float = 28, value_room: float = 40,
              integer: bool = True, reference: float | None = None, fill: str = BAR_FILL) -> BarChart:
    """Horizontal bars for (label, value) pairs, in the order given; the axis starts at 0."""
    top = gap
    plot_left, plot_right = label_width, width - value_room
    high = max([value for _, value in items] + [reference or 0, 0])
    ticks = nice_ticks(high, integer=integer)
    scale = LinearScale(0, ticks[-1], plot_left, plot_right)
    bars = tuple(Bar(label, value, plot_left, round(top + i * (bar_height + gap), 2),
                     round(scale(value) - plot_left, 2), bar_height, fill)
                 for i, (label, value) in enumerate(items))
    plot_bottom = top + len(items) * (bar_height + gap)
    return BarChart(width=width, height=plot_bottom + axis_height, plot_left=plot_left, plot_right=plot_right,
                    plot_top=top, plot_bottom=plot_bottom, bars=bars, ticks=_ticks(ticks, scale),
                    reference=round(scale(reference), 2) if reference is not None else None)


def heatmap(values: Sequence[Sequence[float]], *, cell: float = 30, left: float = 230, top: float = 110,
            legend_width: float = 240, legend_height: float = 14, high: float | None = None,
            format_value: Callable[[float], str] = "{:.2f}".format) -> Heatmap:
    """Cells of a rows × columns grid coloured from 0 to ``high`` (default: a round number at or above the
    largest value), with room ``left`` for row labels, ``top`` for column labels, and the legend below.

    Cells show ``format_value`` of their value rounded to two decimals, called once per distinct value (a
    locale-aware formatter is slow, and a 40 × 40 matrix holds at most 101 such values).
    """
    rows = len(values)
    columns = max((len(row) for row in values), default=0)
    if high is None:
        high = nice_ticks(max((v for row in values for v in row), default=0.0), count=4)[-1]
    colour = LinearScale(0, high, 0, 1)
    cells, texts, fills = [], {}, {}
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            shown = round(value, 2)
            if shown not in texts:
                texts[shown] = format_value(shown)
            fill = sequential_colour(colour(value))
            if fill not in fills:
                fills[fill] = text_colour_on(fill)
            cells.append(HeatCell(r, c, value, texts[shown], left + c * cell, top + r * cell, cell, fill, fills[fill]))
    legend_y = top + rows * cell + 24
    legend_x = left
    step = legend_width / LEGEND_STEPS
    swatches = tuple(Swatch(round(legend_x + i * step, 2), round(step, 2),
                            sequential_colour((i + 0.5) / LEGEND_STEPS)) for i in range(LEGEND_STEPS))
    legend_scale = LinearScale(0, high, legend_x, legend_x + legend_width)
    legend = Legend(legend_x, legend_y, legend_width, legend_height, swatches,
                    _ticks(nice_ticks(high, count=4), legend_scale))
    return Heatmap(width=max(left + columns * cell, legend_x + legend_width) + 20,
                   height=legend_y + legend_height + 30, left=left, top=top, cell=cell,
                   row_centres=tuple(top + (r + 0.5) * cell for r in range(rows)),
                   column_centres=tuple(left + (c + 0.5) * cell for c in range(columns)),
                   cells=tuple(cells), high=high, legend=legend)


def strip_plot(groups: Sequence[tuple[str, Sequence[tuple[str, float]]]], *, width: float = 560,
               label_width: float = 170, row_height: float = 40, axis_height: float = 28, right_room: float = 20,
               spread: float = 8, high: float | None = None) -> StripPlot:
    """Dots of (label, value) per group along one axis from 0 to ``high``; a group's dots alternate above,
    on and below its line (in order of value) so that equal values stay distinguishable."""
    top = 8
    plot_left, plot_right = label_width, width - right_room
    values = [value for _, members in groups for _, value in members]
    ticks = nice_ticks(high if high is not None else max(values, default=0.0), count=5)
    scale = LinearScale(0, ticks[-1], plot_left, plot_right)
    placed_groups, points = [], []
    for g, (label, members) in enumerate(groups):
        y = top + (g + 0.5) * row_height
        order = sorted(range(len(members)), key=lambda i: (members[i][1], i))
        for rank, i in enumerate(order):
            offset = (0, -spread, spread)[rank % 3]
            points.append(StripPoint(g, i, members[i][0], members[i][1], round(scale(members[i][1]), 2), y + offset))
        mean = sum(value for _, value in members) / len(members) if members else None
        placed_groups.append(StripGroup(label, y, len(members), round(mean, 4) if mean is not None else None,
                                        round(scale(mean), 2) if mean is not None else None))
    plot_bottom = top + len(groups) * row_height
    return StripPlot(width=width, height=plot_bottom + axis_height, plot_left=plot_left, plot_right=plot_right,
                     plot_top=top, plot_bottom=plot_bottom, groups=tuple(placed_groups), points=tuple(points),
                     ticks=_ticks(ticks, scale))
