"""The Annual Board Report shaped for its page and its document: each section's figures as rows of text
(count and percentage), its table's cells, its narrative. Aggregates only: no doctor is named."""

from __future__ import annotations

from oversight.core.formatting import format_date, format_number, format_percent

from ..annual_report import AnnualReport, Section


def _cell(value) -> str:
    if isinstance(value, float):
        return format_percent(value, 0)
    if isinstance(value, int):
        return format_number(value)
    return str(value)


def section_view(section: Section) -> dict:
    return {
        "code": section.code, "number": section.number, "title": section.title, "narrative": section.narrative,
        "notes": section.notes,
        "rows": [{"label": r.label, "count": format_number(r.count),
                  "percent": format_percent(r.percent, 0) if r.of else ""} for r in section.rows],
        "has_percent": any(r.of for r in section.rows),
        "columns": section.table_columns,
        "table": [{key: _cell(row[key]) for key, _ in section.table_columns} for row in section.table],
    }


def report_view(report: AnnualReport) -> dict:
    return {
        "body": report.body.name, "body_code": report.body.ods_code, "synthetic": report.body.is_synthetic,
        "year_label": report.year_label, "title": report.title,
        "period": f"{format_date(report.start)} to {format_date(report.end)}",
        "as_at": format_date(report.as_at), "complete": report.complete, "doctors": format_number(report.doctors),
        "deadline": format_date(report.deadline), "deadline_unconfirmed": report.deadline_confidence == "unconfirmed",
        "signatories": " or ".join(report.signatories), "send_to": report.send_to,
        "generated_on": format_date(report.generated_on),
        "sections": [section_view(s) for s in report.sections],
    }
