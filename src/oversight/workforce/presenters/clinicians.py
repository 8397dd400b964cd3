"""The clinician register in rows and words: the list's columns and rows, its CSV, and one clinician's
register entry as a summary list. No logic in the templates."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from oversight.core.formatting import format_date

from ..models import Regulator

CLINICIAN_COLUMNS = [("name", "Name"), ("profession", "Profession"), ("registration", "Registration"),
                     ("organisation", "Organisation"), ("grade", "Grade"), ("designated_body", "Designated body"),
                     ("concerns", "Concerns"), ("performance", "Clinical performance"), ("record", "Professional standards")]

CSV_HEADER = ["registration", "name", "profession", "organisation_code", "employee_number", "licence_status",
              "gp_register", "specialist_register", "specialty", "grade", "designated_body_code", "responsible_officer",
              "connection_started_on", "connection_ended_on", "connected", "performers_list_status",
              "organisations_worked_at", "concerns"]


def _url(name: str, pk) -> str:
    """The URL if the page exists yet (the professional standards record lands separately)."""
    try:
        return reverse(name, kwargs={"pk": pk})
    except NoReverseMatch:
        return ""


def clinician_row(clinician, *, sees_performance: bool = False, sees_record: bool = False) -> dict:
    """``clinician`` carries ``concern_count`` (selectors.clinicians_with_concern_counts). The link to
    their clinical performance record (audits, productivity) shows only to a reader who may open it;
    so does the link to their professional standards record, once that page exists."""
    performance = ({"text": "Record", "href": reverse("clinical_performance:record", kwargs={"pk": clinician.pk})}
                   if sees_performance else "")
    record_href = _url("professional_standards:record", clinician.pk) if sees_record else ""
    db = clinician.designated_body
    return {"name": {"text": clinician.name, "href": reverse("workforce:clinician", args=[clinician.pk]),
                     "sort": clinician.name},
            "profession": clinician.get_profession_display(),
            "registration": clinician.registration_label, "organisation": clinician.organisation.name,
            "grade": clinician.get_grade_display() if clinician.grade else "",
            "designated_body": (db.name + ("" if clinician.is_connected else " (ended)")) if db else "",
            "concerns": {"text": str(clinician.concern_count), "sort": clinician.concern_count},
            "performance": performance,
            "record": {"text": "Record", "href": record_href} if record_href else ""}


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def csv_row(clinician) -> list:
    return [clinician.registration_label, clinician.name, clinician.profession, clinician.organisation.ods_code,
            clinician.employee_number, clinician.licence_status, _yes(clinician.on_gp_register),
            _yes(clinician.on_specialist_register), clinician.specialty, clinician.grade,
            clinician.designated_body.ods_code if clinician.designated_body else "",
            clinician.responsible_officer.display_name if clinician.responsible_officer else "",
            clinician.connection_started_on.isoformat() if clinician.connection_started_on else "",
            clinician.connection_ended_on.isoformat() if clinician.connection_ended_on else "",
            _yes(clinician.is_connected), clinician.performers_list_status,
            ";".join(sorted(o.ods_code for o in clinician.organisations_worked_at.all())), clinician.concern_count]


def _row(key: str, value: str) -> dict:
    return {"key": {"text": key}, "value": {"text": value or "Not recorded"}}


def summary_rows(clinician) -> list[dict]:
    """The register entry, for the NHS.UK summary list: doctors' fields only for doctors."""
    rows = [_row("Name", clinician.name), _row("Profession", clinician.get_profession_display()),
            _row("Registration", f"{clinician.registration_number}, {Regulator(clinician.regulator).label}"),
            _row("Organisation", f"{clinician.organisation.name} ({clinician.organisation.ods_code})"),
            _row("Other organisations and sites worked at",
                 ", ".join(o.name for o in clinician.organisations_worked_at.order_by("name"))),
            _row("ESR employee number", clinician.employee_number), _row("Email address", clinician.email),
            _row("Line manager", clinician.line_manager.display_name if clinician.line_manager else "")]
    if not clinician.is_doctor:
        return rows
    db = clinician.designated_body
    connection = ""
    if clinician.connection_started_on:
        connection = f"From {format_date(clinician.connection_started_on)}"
        if clinician.connection_ended_on:
            connection += f" to {format_date(clinician.connection_ended_on)} (ended)"
    rows += [_row("Licence to practise", clinician.get_licence_status_display() if clinician.licence_status else ""),
             _row("GP Register", "Yes" if clinician.on_gp_register else "No"),
             _row("Specialist Register", "Yes" if clinician.on_specialist_register else "No"),
             _row("Specialty", clinician.specialty),
             _row("Grade", clinician.get_grade_display() if clinician.grade else ""),
             _row("Designated body", f"{db.name} ({db.ods_code})" if db else "Not connected"),
             _row("Responsible Officer", clinician.responsible_officer.display_name if clinician.responsible_officer else ""),
             _row("Connection", connection)]
    if clinician.grade == "gp" or clinician.on_gp_register or clinician.performers_list_status:
        rows.append(_row("Performers List", clinician.get_performers_list_status_display()
                         if clinician.performers_list_status else ""))
    return rows
