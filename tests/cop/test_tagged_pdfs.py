"""The PDFs people keep are tagged, titled and say their language."""

import io

import pytest
from pypdf import PdfReader

from cop.pdf import render_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf(tmp_path, settings):
    template = tmp_path / "doc.html"
    template.write_text(
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        "<title>CPD certificate 123</title></head>"
        "<body><h1>Certificate</h1><p>Awarded to A Person.</p></body></html>"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return PdfReader(io.BytesIO(render_pdf("doc.html", {})))


def test_a_rendered_pdf_is_tagged(pdf):
    catalog = pdf.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog


def test_a_rendered_pdf_has_its_title_and_language(pdf):
    catalog = pdf.trailer["/Root"]
    assert pdf.metadata.title == "CPD certificate 123"
    assert catalog["/Lang"] == "en-GB"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
