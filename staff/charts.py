"""pygal SVG charts for the staff pages, without scripts.

Charts are drawn with ``js=[]`` (no script) and shown as ``<img>`` data URLs:
the page's strict CSP forbids the style element pygal puts inside its SVG
when inlined, but not inside an image. Each SVG carries a title and a desc,
and the page shows the same numbers in a table beside it.
"""

from __future__ import annotations

import base64
import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pygal
from django.utils.html import escape
from pygal.style import Style

# pygal adds an import hook for its map plugins (unused here) whose
# find_module fallback raises ImportWarning on every later import (numpy via
# openpyxl, for one): take it out again.
sys.meta_path[:] = [
    finder for finder in sys.meta_path if type(finder).__name__ != "PluginImportFixer"
]

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1d2433",
    foreground_strong="#1d2433",
    foreground_subtle="#5a6473",
    colors=("#1f4e79", "#b35900", "#2e7d32", "#6a1b9a", "#00695c", "#8d2c2c"),
    font_family="Arial, Helvetica, sans-serif",
    title_font_size=18,
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    legend_font_size=13,
)
CONFIG: dict[str, Any] = {
    "js": [],
    "style": STYLE,
    "disable_xml_declaration": True,
    "print_values": True,
    "show_legend": False,
    "width": 800,
    "height": 420,
    "truncate_label": 40,
}


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float, Decimal)) else 0.0


def _with_desc(svg: str, desc: str) -> str:
    """Add <desc> after pygal's <title> (pygal writes the title only)."""
    tag = f"<desc>{escape(desc)}</desc>"
    marker = "</title>"
    if marker in svg:
        return svg.replace(marker, marker + tag, 1)
    return svg.replace(">", ">" + tag, 1)


def bar(title: str, labels: Sequence[str], values: Sequence[Any], *, desc: str) -> str:
    chart = pygal.HorizontalBar(title=title, **CONFIG)
    chart.x_labels = [str(label) for label in labels]
    chart.add(title, [_number(v) for v in values])
    return _with_desc(chart.render(is_unicode=True), desc)


def pie(title: str, labels: Sequence[str], values: Sequence[Any], *, desc: str) -> str:
    chart = pygal.Pie(title=title, **{**CONFIG, "show_legend": True})
    for label, value in zip(labels, values, strict=True):
        chart.add(str(label), _number(value))
    return _with_desc(chart.render(is_unicode=True), desc)


def data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def describe(labels: Sequence[str], values: Sequence[Any]) -> str:
    return "; ".join(
        f"{label}: {value}" for label, value in zip(labels, values, strict=True)
    )
