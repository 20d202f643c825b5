"""CSV and Excel downloads of the network report (csv and openpyxl)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from staff.reports import Table

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> object:
    """Stop a spreadsheet reading text from the data as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(tables: Sequence[Table]) -> str:
    """Every table one after another, each under its title, a blank line between."""
    out = io.StringIO()
    writer = csv.writer(out)
    for table in tables:
        writer.writerow([table.title])
        writer.writerow(table.columns)
        writer.writerows([[_safe(v) for v in row] for row in table.rows])
        writer.writerow([])
    return out.getvalue()


def to_xlsx(tables: Sequence[Table], *, heading: str) -> bytes:
    """One sheet per table, headings in bold, numbers as numbers."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(title=table.key.replace("_", " ").capitalize()[:31])
        sheet.append([heading])
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(table.columns)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_safe(v) for v in row])
        for index, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(
                14, len(column) + 4
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
