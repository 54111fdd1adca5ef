"""The pure geometry of the SVG charts: scales, ticks, colours, bars, heat cells and strip points."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from matchmaker import charts
from matchmaker.charts import (
    PALETTE,
    LinearScale,
    bar_chart,
    contrast_ratio,
    heatmap,
    nice_ticks,
    relative_luminance,
    sequential_colour,
    strip_plot,
    text_colour_on,
)

fractions = st.floats(min_value=0, max_value=1, allow_nan=False)


def test_linear_scale_maps_the_domain_ends_onto_the_range_ends():
    scale = LinearScale(0, 0.8, 100, 500)
    assert (scale(0), scale(0.4), scale(0.8)) == (100, 300, 500)


def test_linear_scale_with_an_empty_domain_answers_its_start():
    assert LinearScale(2, 2, 10, 90)(5) == 10


@pytest.mark.parametrize(("high", "kwargs", "expected"), [
    (0.73, {"count": 4}, (0, 0.2, 0.4, 0.6, 0.8)),
    (1.0, {}, (0, 0.2, 0.4, 0.6, 0.8, 1.0)),
    (7, {"integer": True}, (0, 2, 4, 6, 8)),
    (3, {"integer": True}, (0, 1, 2, 3)),
    (1, {"integer": True}, (0, 1)),
    (45, {}, (0, 10, 20, 30, 40, 50)),
    (0.05, {}, (0, 0.01, 0.02, 0.03, 0.04, 0.05)),
    (0, {}, (0, 1)),
])
def test_nice_ticks_run_from_zero_to_a_round_number_at_or_above_the_top(high, kwargs, expected):
    assert nice_ticks(high, **kwargs) == pytest.approx(expected)


@given(st.floats(min_value=1e-6, max_value=1e6, allow_nan=False), st.integers(min_value=2, max_value=10))
def test_nice_ticks_cover_the_top_with_at_most_twice_the_asked_count(high, count):
    ticks = nice_ticks(high, count=count)
    assert ticks[0] == 0 and ticks[-1] >= high * (1 - 1e-9)
    assert 2 <= len(ticks) <= 2 * count + 1
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:])}
    assert len(steps) == 1


def test_contrast_of_black_on_white_is_21():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert relative_luminance("#ffffff") == pytest.approx(1)


def test_sequential_colour_runs_the_palette_from_light_to_dark_and_clamps():
    assert sequential_colour(0) == PALETTE[0]
    assert sequential_colour(1) == PALETTE[-1]
    assert sequential_colour(0.5) == PALETTE[4]
    assert sequential_colour(-3) == PALETTE[0] and sequential_colour(7) == PALETTE[-1]
    assert sequential_colour(float("nan")) == PALETTE[0]


@given(fractions, fractions)
def test_a_higher_value_is_never_lighter(low, high):
    low, high = sorted((low, high))
    assert relative_luminance(sequential_colour(high)) <= relative_luminance(sequential_colour(low)) + 1e-12


@given(fractions)
def test_text_on_any_cell_colour_meets_wcag_aa(fraction):
    fill = sequential_colour(fraction)
    assert contrast_ratio(fill, text_colour_on(fill)) >= charts.AA_TEXT


def test_text_is_black_on_the_lightest_cells_and_white_on_the_darkest():
    assert text_colour_on(PALETTE[0]) == "#000000"
    assert text_colour_on(PALETTE[-1]) == "#ffffff"


def test_bar_colour_stands_out_from_the_white_page():
    assert contrast_ratio(charts.BAR_FILL, "#ffffff") >= 3


def test_bar_chart_lengths_are_proportional_and_keep_the_order_given():
    chart = bar_chart([("ES", 4), ("FR", 2), ("PT", 0)], width=600, label_width=200, value_room=40,
                      bar_height=20, gap=10)
    assert [bar.label for bar in chart.bars] == ["ES", "FR", "PT"]
    assert [tick.value for tick in chart.ticks] == [0, 1, 2, 3, 4]
    assert [bar.width for bar in chart.bars] == [360, 180, 0]  # the axis ends at 4 over 360 pixels
    assert [bar.y for bar in chart.bars] == [10, 40, 70]
    assert {bar.x for bar in chart.bars} == {200}
    assert (chart.plot_bottom, chart.height, chart.reference) == (100, 128, None)


def test_bar_chart_reference_line_extends_the_axis_when_above_every_bar():
    chart = bar_chart([("Slot 1", 1), ("Slot 2", 2)], width=600, label_width=200, value_room=40, reference=6)
    assert chart.ticks[-1].value == 6
    assert chart.reference == 560
    assert [bar.width for bar in chart.bars] == [60, 120]


def test_bar_chart_without_items_is_an_empty_plot():
    chart = bar_chart([])
    assert chart.bars == () and [tick.value for tick in chart.ticks] == [0, 1]


def test_heatmap_places_one_cell_per_score_row_by_row():
    chart = heatmap([[0.1, 0.8, 0.4], [0.0, 0.2, 0.75]], cell=30, left=200, top=100)
    assert len(chart.cells) == 6
    assert [(cell.row, cell.column, cell.x, cell.y) for cell in chart.cells[:4]] == [
        (0, 0, 200, 100), (0, 1, 230, 100), (0, 2, 260, 100), (1, 0, 200, 130)]
    assert chart.row_centres == (115, 145)
    assert chart.column_centres == (215, 245, 275)
    assert chart.high == pytest.approx(0.8)
    strongest = chart.cells[1]
    assert strongest.fill == PALETTE[-1] and strongest.text_fill == "#ffffff"
    assert chart.cells[3].fill == PALETTE[0]


def test_heatmap_legend_spans_zero_to_the_darkest_value_with_its_swatches():
    chart = heatmap([[0.3, 0.6]], left=200, legend_width=240)
    legend = chart.legend
    assert len(legend.swatches) == charts.LEGEND_STEPS
    assert legend.swatches[0].x == 200 and legend.swatches[-1].x + legend.swatches[-1].width == pytest.approx(440)
    assert [tick.value for tick in legend.ticks] == pytest.approx([0, 0.2, 0.4, 0.6])
    assert [tick.position for tick in legend.ticks] == pytest.approx([200, 280, 360, 440])
    assert legend.y > chart.top + chart.cell and chart.height > legend.y + legend.height


def test_heatmap_of_zeros_still_has_a_scale():
    chart = heatmap([[0.0]])
    assert chart.high == 1.0 and chart.cells[0].fill == PALETTE[0]


def test_strip_plot_places_dots_by_value_and_spreads_neighbours_in_a_row():
    chart = strip_plot([("No fit", [("a", 0.2), ("b", 0.2), ("c", 0.1)]), ("NDA", [("d", 0.5)]), ("Agreement", [])],
                       width=600, label_width=200, right_room=0, row_height=40, spread=8)
    assert [tick.value for tick in chart.ticks] == pytest.approx([0, 0.1, 0.2, 0.3, 0.4, 0.5])
    assert [(p.label, p.x, p.y) for p in chart.points] == [
        ("c", 280, 28), ("a", 360, 20), ("b", 360, 36), ("d", 600, 68)]
    assert [(g.label, g.count, g.mean) for g in chart.groups] == [
        ("No fit", 3, pytest.approx(0.1667, abs=1e-4)), ("NDA", 1, 0.5), ("Agreement", 0, None)]
    assert chart.groups[2].mean_x is None
    assert [p.index for p in chart.points] == [2, 0, 1, 0]


def test_heatmap_formats_each_shown_value_once():
    calls = []

    def label(value: float) -> str:
        calls.append(value)
        return f"<{value}>"

    chart = heatmap([[0.101, 0.1, 0.5], [0.5, 0.099, 0.25]], format_value=label)
    assert [cell.text for cell in chart.cells] == ["<0.1>", "<0.1>", "<0.5>", "<0.5>", "<0.1>", "<0.25>"]
    assert calls == [0.1, 0.5, 0.25]


def test_heatmap_cell_rows_repeat_the_cells_row_by_row():
    chart = heatmap([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]])
    assert [[cell.value for cell in row] for row in chart.cell_rows] == [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]
    assert [cell.text for cell in chart.cells[:2]] == ["0.10", "0.20"]
