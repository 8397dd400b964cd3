"""The whole record shaped for its pages and its CSV: counts at the top, a table per kind, and the rows
of the download (coded summaries only: no patient identifiers, no free text typed about a case)."""

from __future__ import annotations

from django.urls import reverse

from oversight.core.formatting import format_date

from ..record import KINDS, DoctorRecord, RecordItem

COLUMNS = [("on", "Date"), ("organisation", "Organisation"), ("reference", "Reference"), ("summary", "Summary"),
           ("status", "Status or outcome")]
RO_COLUMNS = [*COLUMNS, ("own_view", "Doctor's own view")]

CSV_HEADER = ["registration", "kind", "date", "organisation_code", "organisation", "reference", "summary", "status",
              "withheld_from_doctor"]


def _row(item: RecordItem, *, restrict_url=None) -> dict:
    row = {
        "on": {"text": format_date(item.on), "sort": item.on.isoformat()},
        "organisation": item.organisation,
        "reference": {"text": item.reference or "None", "href": item.href} if item.href else (item.reference or "None"),
        "summary": item.summary + ("".join(f". {d}" for d in item.details)),
        "status": item.status,
    }
    if restrict_url is not None:
        row["own_view"] = {"text": "Withheld: show it" if item.restricted else "Shown: withhold it", "href": restrict_url}
    return row


def restrict_url(clinician, item: RecordItem) -> str:
    return reverse("professional_standards:record-restrict", args=[clinician.pk, item.kind, item.item_id])


def groups(record: DoctorRecord, *, may_restrict: bool = False) -> list[dict]:
    out = []
    for kind, heading, items in record.grouped():
        out.append({
            "kind": kind, "heading": heading, "count": len(items),
            "rows": [_row(i, restrict_url=restrict_url(record.clinician, i) if may_restrict else None) for i in items],
            "notes": [{"reference": i.reference or format_date(i.on), "summary": i.summary, "text": i.note}
                      for i in items if i.note],
        })
    return out


def counts(record: DoctorRecord) -> list[dict]:
    return [{"kind": kind, "label": KINDS[kind], "count": count} for kind, count in record.counts().items()]


def csv_rows(record: DoctorRecord) -> list[list]:
    registration = record.clinician.registration_label
    return [[registration, i.kind_label, i.on.isoformat(), i.organisation_code, i.organisation, i.reference, i.summary,
             i.status, "yes" if i.restricted else "no"] for i in record.items]


def summary_rows(record: DoctorRecord) -> list[dict]:
    c = record.clinician

    def row(key, value):
        return {"key": {"text": key}, "value": {"text": value or "Not recorded"}}

    return [
        row("Registration", c.registration_label),
        row("Designated body", c.designated_body.name if c.designated_body_id else ""),
        row("Organisations holding a record", ", ".join(record.organisations)),
    ]
