"""The only module that imports WeasyPrint: HTML templates to PDF bytes.

One FontConfiguration is shared per process: a new one per render leaks
memory and repeats font loading. Every PDF is tagged (PDF/UA-1) so screen
readers can read what people keep: the title comes from the template's
<title> and the language from <html lang>.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string


@cache
def _fonts():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(font_config=_fonts(), pdf_variant="pdf/ua-1")
