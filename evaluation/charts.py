"""Charts as server-rendered SVG (pygal), inlined in pages and PDFs.

pygal writes a <style> block and a configuration <script> into each chart;
the site's content security policy allows neither, and WeasyPrint ignores
scripts anyway. So every chart is post-processed here: scripts, styles,
comments and tooltips are dropped and the look is set with SVG presentation
attributes (fill, stroke, font), which both browsers and WeasyPrint honour
without any stylesheet. Each chart is ``role="img"`` with its own <title>
and <desc> (``aria-labelledby``); pages show the same numbers in a table.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from decimal import Decimal

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

from evaluation.aggregates import DimensionChange, ScaleSummary, TrendPoint

# pygal adds an import hook for its map plugins (unused here). It has no
# find_spec, so Python warns on every later import that reaches it: remove it.
sys.meta_path[:] = [
    finder
    for finder in sys.meta_path
    if not isinstance(finder, pygal.PluginImportFixer)
]

SVG = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")

INK = "#1d2433"
MUTED = "#4a5568"
PALETTE = ("#1f4e79", "#b7410e", "#2f6f4f", "#6b46c1", "#8a2d52")
FONT = "Arial, Helvetica, sans-serif"

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground=INK,
    foreground_strong=INK,
    foreground_subtle=MUTED,
    colors=PALETTE,
    font_family=FONT,
)
BASE = {
    "style": STYLE,
    "js": [],
    "css": [],
    "disable_xml_declaration": True,
    "width": 640,
    "height": 300,
    "explicit_size": False,
    "margin": 16,
    "legend_at_bottom": True,
    "print_values": False,
    "show_y_guides": True,
    "tooltip_fancy_mode": False,
    "truncate_label": -1,
    "truncate_legend": -1,
    "margin_right": 40,
}


def _tag(element: ET.Element) -> str:
    return element.tag.split("}", 1)[-1] if isinstance(element.tag, str) else ""


def _classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


UNWANTED = {"script", "style", "title", "desc"}


def _strip(parent: ET.Element) -> None:
    """Drop scripts, styles, comments, tooltips and pygal's titles/descs."""
    for child in list(parent):
        tag = _tag(child)
        tooltip = tag == "g" and "tooltip" in _classes(child)
        if not isinstance(child.tag, str) or tag in UNWANTED or tooltip:
            parent.remove(child)
            continue
        child.attrib.pop("id", None)  # pygal's ids repeat in every chart
        child.attrib.pop("style", None)  # the CSP allows no style attributes
        _strip(child)


def _series_colour(classes: set[str], inherited: str | None) -> str | None:
    for name in classes:
        match = re.fullmatch(r"color-(\d+)", name)
        if match:
            return PALETTE[int(match.group(1)) % len(PALETTE)]
    return inherited


def _paint_shape(element: ET.Element, classes: set[str], colour: str | None) -> None:
    if "background" in classes:
        element.set("fill", "#ffffff")
    elif "guide" in classes or "axis" in classes:
        element.set("fill", "none")
        element.set("stroke", MUTED if "major" in classes else "#cfd6de")
        element.set("stroke-width", "1")
    elif colour and "line" in classes:  # a line chart's line
        element.set("fill", "none")
        element.set("stroke", colour)
        element.set("stroke-width", "3")
    elif colour:
        element.set("fill", colour)
        element.set("stroke", colour)


def _anchor(classes: set[str], inherited: str) -> str:
    """Where text sits on its point, as pygal's stylesheet would have it."""
    if "axis" in classes:
        if "x" in classes:
            return "middle"
        if "y2" in classes:
            return "start"
        if "y" in classes:
            return "end"
    if "legends" in classes:
        return "start"
    return inherited


def _paint(
    element: ET.Element, colour: str | None = None, anchor: str = "middle"
) -> None:
    """Presentation attributes in place of pygal's stylesheet."""
    classes = _classes(element)
    colour = _series_colour(classes, colour)
    anchor = _anchor(classes, anchor)
    tag = _tag(element)
    if tag == "text":
        element.set("fill", INK)
        element.set("font-family", FONT)
        element.set("font-size", "15" if "title" in classes else "12")
        element.set("text-anchor", "middle" if "title" in classes else anchor)
    elif tag in {"rect", "path", "circle"}:
        _paint_shape(element, classes, colour)
    for child in element:
        _paint(child, colour, anchor)


def _finish(
    chart: pygal.graph.graph.Graph, *, chart_id: str, title: str, desc: str
) -> SafeString:
    root = chart.render_tree()
    _strip(root)
    for attribute in ("id", "width", "height", "xmlns"):
        root.attrib.pop(attribute, None)
    root.set("class", "chart")
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    root.set("font-family", FONT)
    title_el = ET.Element(f"{{{SVG}}}title", {"id": f"{chart_id}-title"})
    title_el.text = title
    desc_el = ET.Element(f"{{{SVG}}}desc", {"id": f"{chart_id}-desc"})
    desc_el.text = desc
    root.insert(0, desc_el)
    root.insert(0, title_el)
    _paint(root)
    for defs in [c for c in root if _tag(c) == "defs" and not len(c)]:
        root.remove(defs)
    return mark_safe(ET.tostring(root, encoding="unicode"))


def _whole_numbers(top: int) -> list[int]:
    """Axis labels for counts: whole numbers only, about five of them."""
    step = max(1, -(-top // 5))
    return list(range(0, max(top, 1) + step, step))


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def distribution_chart(
    summary: ScaleSummary, *, chart_id: str, title: str
) -> SafeString:
    chart = pygal.Bar(**BASE, show_legend=False, y_title="People")
    chart.y_labels = _whole_numbers(max(summary.distribution.values(), default=0))
    chart.x_labels = [str(point) for point in summary.distribution]
    chart.add("People", list(summary.distribution.values()))
    described = ", ".join(
        f"{count} chose {point}" for point, count in summary.distribution.items()
    )
    mean = f"Mean {summary.mean}. " if summary.mean is not None else ""
    return _finish(chart, chart_id=chart_id, title=title, desc=f"{mean}{described}.")


def counts_chart(counts: dict[str, int], *, chart_id: str, title: str) -> SafeString:
    chart = pygal.HorizontalBar(**BASE, show_legend=False)
    chart.y_labels = _whole_numbers(max(counts.values(), default=0))
    labels = list(counts)[::-1]
    chart.x_labels = labels
    chart.add("People", [counts[label] for label in labels])
    described = "; ".join(f"{label}: {count}" for label, count in counts.items())
    return _finish(chart, chart_id=chart_id, title=title, desc=described + ".")


def trend_chart(
    points: Sequence[TrendPoint], *, chart_id: str, title: str
) -> SafeString:
    chart = pygal.Line(**BASE, show_legend=False, range=(1, 5), y_title="Mean (1 to 5)")
    chart.x_title = "Session"
    chart.x_labels = [p.label.removeprefix("Session ") for p in points]
    chart.add("Mean usefulness", [_number(p.mean) for p in points])
    described = "; ".join(
        f"{p.label}: {p.mean if p.mean is not None else 'no answers'}" for p in points
    )
    return _finish(chart, chart_id=chart_id, title=title, desc=described + ".")


def start_end_chart(
    dimensions: Sequence[str],
    start: dict[str, Decimal | None],
    end: dict[str, Decimal | None],
    *,
    chart_id: str,
    title: str,
) -> SafeString:
    chart = pygal.Bar(**BASE, range=(0, 5), y_title="Rating (1 to 5)")
    chart.x_labels = list(dimensions)
    chart.add("Start", [_number(start.get(d)) for d in dimensions])
    chart.add("End", [_number(end.get(d)) for d in dimensions])
    described = "; ".join(
        f"{d}: start {start.get(d) or 'not rated'}, end {end.get(d) or 'not rated'}"
        for d in dimensions
    )
    return _finish(chart, chart_id=chart_id, title=title, desc=described + ".")


def change_chart(
    changes: Sequence[DimensionChange], *, chart_id: str, title: str
) -> SafeString:
    chart = pygal.Bar(**BASE, show_legend=True, y_title="Mean rating")
    chart.x_labels = [c.dimension for c in changes]
    chart.add("Start", [_number(c.start_mean) for c in changes])
    chart.add("End", [_number(c.end_mean) for c in changes])
    described = "; ".join(
        f"{c.dimension}: from {c.start_mean} to {c.end_mean}, change "
        f"{c.mean_change}, {c.people} people"
        if c.people
        else f"{c.dimension}: no one rated both"
        for c in changes
    )
    return _finish(chart, chart_id=chart_id, title=title, desc=described + ".")


def question_chart(summary, *, chart_id: str, title: str) -> SafeString | None:
    """The chart for one questionnaire question's results; None for text."""
    if summary.scale is not None:
        if not summary.scale.count:
            return None
        return distribution_chart(summary.scale, chart_id=chart_id, title=title)
    if summary.counts and summary.answered:
        return counts_chart(summary.counts, chart_id=chart_id, title=title)
    return None


def programme_chart(
    cohorts: Sequence[tuple[str, Sequence[DimensionChange]]],
    dimensions: Sequence[str],
    *,
    chart_id: str,
    title: str,
) -> SafeString:
    """Mean change per dimension, one series per cohort."""
    chart = pygal.Bar(**BASE, y_title="Mean change")
    chart.x_labels = list(dimensions)
    for name, changes in cohorts:
        by_dimension = {c.dimension: c.mean_change for c in changes}
        chart.add(name, [_number(by_dimension.get(d)) for d in dimensions])
    described = "; ".join(
        f"{name}: "
        + ", ".join(f"{c.dimension} {c.mean_change}" for c in changes if c.people)
        for name, changes in cohorts
    )
    return _finish(chart, chart_id=chart_id, title=title, desc=described + ".")
