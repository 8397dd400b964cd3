"""Productivity in words and numbers. Every row that shows cases per hour shows, in the same row, the
disposition mix and the audit outcome (§7: never alone); there is no view of the rate without them, on
the page, in the CSV or in the API."""

from __future__ import annotations

from django.urls import reverse

from oversight.core.formatting import format_number, format_percent

from ..productivity import CONTEXT_NOTE, AuditOutcome, ProductivityRow, mix_text

__all__ = ["CLINICIAN_COLUMNS", "CONTEXT_NOTE", "CSV_HEADER", "GROUP_COLUMNS", "api_row", "clinician_rows", "csv_rows",
           "group_rows"]

CLINICIAN_COLUMNS = [("clinician", "Clinician"), ("role", "Role worked"), ("service", "Service"), ("hours", "Hours"),
                     ("cases", "Cases"), ("rate", "Cases per hour"), ("peers", "Compared with the same role"),
                     ("mix", "Disposition mix"), ("audit", "Audit outcome")]
GROUP_COLUMNS = [("group", "Group"), ("hours", "Hours"), ("cases", "Cases"), ("rate", "Cases per hour"),
                 ("mix", "Disposition mix")]
CSV_HEADER = ["registration", "clinician", "role", "service", "hours", "cases", "cases_per_hour",
              "same_role_median_cases_per_hour", "compared_with_same_role", "disposition_mix", "cases_audited",
              "mean_audit_score", "audited_below_standard"]


def rate_text(rate: float | None) -> str:
    return "No shifts recorded" if rate is None else format_number(rate, 2)


def peers_text(row: ProductivityRow) -> str:
    if row.compared_with_peers is None:
        return "No others in this role to compare with" if row.rate is not None else "–"
    return f"{row.compared_with_peers:.2f} times the median ({format_number(row.peer_median, 2)} an hour)"


def audit_text(outcome: AuditOutcome | None) -> str:
    if outcome is None or not outcome.cases_audited:
        return "Not audited in these dates"
    return (f"{outcome.cases_audited} audited, mean {outcome.mean_score:.1f}%, "
            f"{outcome.below_standard} below the standard")


def clinician_rows(rows: list[ProductivityRow], clinicians: dict, *, link: bool = True) -> list[dict]:
    """Table rows for rows keyed (clinician_id, role, service); ``clinicians`` maps id to Clinician."""
    shown = []
    for row in rows:
        clinician_id, role, service = row.key
        clinician = clinicians[clinician_id]
        name = ({"text": clinician.name, "href": reverse("clinical_performance:record", args=[clinician.pk])}
                if link else clinician.name)
        shown.append({
            "clinician": name, "role": role or "Not recorded", "service": service or "Not recorded",
            "hours": {"text": format_number(row.hours, 1), "sort": row.hours}, "cases": row.cases,
            "rate": {"text": rate_text(row.rate), "sort": -1 if row.rate is None else row.rate},
            "peers": peers_text(row), "mix": mix_text(row.mix), "audit": audit_text(row.audit),
        })
    return shown


def group_rows(rows: list[ProductivityRow]) -> list[dict]:
    """Rows keyed by one field (a role or a service)."""
    return [{"group": row.key[0] or "Not recorded", "hours": {"text": format_number(row.hours, 1), "sort": row.hours},
             "cases": row.cases, "rate": {"text": rate_text(row.rate), "sort": -1 if row.rate is None else row.rate},
             "mix": mix_text(row.mix)} for row in rows]


def csv_rows(rows: list[ProductivityRow], clinicians: dict) -> list[list]:
    out = []
    for row in rows:
        clinician_id, role, service = row.key
        clinician = clinicians[clinician_id]
        audit = row.audit
        out.append([clinician.registration_label, clinician.name, role, service, round(row.hours, 2), row.cases,
                    "" if row.rate is None else round(row.rate, 3),
                    "" if row.peer_median is None else round(row.peer_median, 3),
                    "" if row.compared_with_peers is None else round(row.compared_with_peers, 3),
                    "; ".join(f"{s.disposition}: {s.cases} ({format_percent(s.share)})" for s in row.mix),
                    audit.cases_audited if audit else 0,
                    "" if audit is None or audit.mean_score is None else round(audit.mean_score, 1),
                    audit.below_standard if audit else 0])
    return out


def api_row(row: ProductivityRow, clinician=None) -> dict:
    """One row for the API: the rate with its disposition mix and audit outcome, always together."""
    audit = row.audit
    return {
        "clinician_id": str(clinician.pk) if clinician else None,
        "clinician": clinician.name if clinician else None,
        "key": [str(k) for k in row.key],
        "hours": round(row.hours, 2), "cases": row.cases, "cases_per_hour": row.rate,
        "same_role_median_cases_per_hour": row.peer_median, "compared_with_same_role": row.compared_with_peers,
        "disposition_mix": [{"disposition": s.disposition, "cases": s.cases, "share": s.share} for s in row.mix],
        "audit_outcome": None if audit is None else {"cases_audited": audit.cases_audited, "mean_score": audit.mean_score,
                                                     "below_standard": audit.below_standard},
    }
