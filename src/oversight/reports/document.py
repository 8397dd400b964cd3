"""A report as a document: HTML (accessible, standalone) and PDF (WeasyPrint, A4)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from .board import BoardReport

ORIENTATIONS = ("portrait", "landscape")


def render_html(report: BoardReport, orientation: str | None = None) -> str:
    """``orientation`` defaults to the organisation's template (portrait without one)."""
    orientation = orientation or report.orientation
    if orientation not in ORIENTATIONS:
        raise ValueError(f"orientation must be one of {', '.join(ORIENTATIONS)}")
    return render_to_string(
        "reports/board_document.jinja",
        {"report": report, "orientation": orientation, "generated_at": timezone.now()},
    )


def render_pdf(report: BoardReport, orientation: str | None = None) -> bytes:
    return pdf_of(render_html(report, orientation))


def pdf_of(html: str) -> bytes:
    """A standalone HTML document printed to PDF (WeasyPrint): every report's PDF is made here."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
