"""The words and numbers the clinician audit pages show: rows for the tables, progress, and each
case's scores side by side."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.urls import reverse

from oversight.core.formatting import format_date, format_datetime

from ..models import AuditCase, AuditRound, CaseStatus

ROUND_COLUMNS = [("name", "Round"), ("organisation", "Organisation"), ("period", "Period"), ("status", "Status"),
                 ("cases", "Cases"), ("released", "Feedback released")]
CLINICIAN_COLUMNS = [("clinician", "Clinician"), ("consultations", "Sampled"), ("screened", "Screened"),
                     ("referred", "Referred"), ("released", "Released"), ("risk", "Sampled more because")]
CASE_COLUMNS = [("case", "Case"), ("clinician", "Clinician"), ("when", "Consultation"), ("auditor", "Auditor"),
                ("status", "Status"), ("score", "Score"), ("action", "Next step")]
QUEUE_COLUMNS = [("case", "Case"), ("round", "Round"), ("when", "Consultation"), ("service", "Service"),
                 ("contact", "Contact"), ("status", "Status"), ("action", "Next step")]
ROUND_CSV_HEADER = ["case_reference", "clinician_registration", "clinician", "consulted_at", "service", "role",
                    "contact_type", "disposition", "auditor", "status", "screen_outcome", "score", "grade",
                    "panel_decision", "reaudit", "feedback_released_at", "risk_reasons"]


def period(audit_round: AuditRound) -> str:
    return f"{format_date(audit_round.period_start)} to {format_date(audit_round.period_end)}"


def round_row(audit_round: AuditRound, counts: dict) -> dict:
    total, released = counts.get(audit_round.pk, (0, 0))
    return {
        "name": {"text": audit_round.name, "href": reverse("clinical_performance:audit-round", args=[audit_round.pk])},
        "organisation": audit_round.organisation.name,
        "period": {"text": period(audit_round), "sort": audit_round.period_start.isoformat()},
        "status": audit_round.get_status_display(), "cases": {"text": str(total), "sort": total},
        "released": {"text": str(released), "sort": released},
    }


def progress(cases: list[AuditCase]) -> dict:
    statuses = Counter(case.status for case in cases)
    return {"total": len(cases), "screened": len(cases) - statuses[CaseStatus.AWAITING_SCREEN],
            "referred": statuses[CaseStatus.REFERRED], "panel": statuses[CaseStatus.PANEL_REVIEWED],
            "released": statuses[CaseStatus.RELEASED]}


def clinician_rows(cases: list[AuditCase]) -> list[dict]:
    by_clinician = defaultdict(list)
    for case in cases:
        by_clinician[case.clinician].append(case)
    rows = []
    for clinician, own in sorted(by_clinician.items(), key=lambda item: item[0].name):
        rows.append({
            "clinician": f"{clinician.name} ({clinician.registration_label})", "consultations": len(own),
            "screened": sum(c.status != CaseStatus.AWAITING_SCREEN for c in own),
            "referred": sum(c.screen_outcome == "refer" for c in own),
            "released": sum(c.status == CaseStatus.RELEASED for c in own),
            "risk": "; ".join(own[0].risk_reasons) or "Standard sample",
        })
    return rows


def next_step(case: AuditCase) -> dict:
    links = {
        CaseStatus.AWAITING_SCREEN: ("Screen", "audit-case"),
        CaseStatus.REFERRED: ("Panel review", "audit-panel"),
        CaseStatus.PASSED: ("Release feedback", "audit-release"),
        CaseStatus.PANEL_REVIEWED: ("Release feedback", "audit-release"),
    }
    if case.status not in links:
        return {"text": "Done"}
    text, name = links[case.status]
    return {"text": f"{text} (case {case.consultation.case_reference})",
            "href": reverse(f"clinical_performance:{name}", args=[case.pk])}


def score_text(case: AuditCase) -> str:
    return f"{case.score:g}% ({case.grade})" if case.score is not None else "Not scored"


def case_row(case: AuditCase) -> dict:
    return {
        "case": case.consultation.case_reference, "clinician": case.clinician.name,
        "when": {"text": format_datetime(case.consultation.consulted_at), "sort": case.consultation.consulted_at.isoformat()},
        "auditor": case.auditor.get_username() if case.auditor else "", "status": case.get_status_display(),
        "score": {"text": score_text(case), "sort": case.score if case.score is not None else -1},
        "action": next_step(case),
    }


def queue_row(case: AuditCase) -> dict:
    consultation = case.consultation
    return {
        "case": consultation.case_reference, "round": case.round.name,
        "when": {"text": format_datetime(consultation.consulted_at), "sort": consultation.consulted_at.isoformat()},
        "service": consultation.service, "contact": consultation.get_contact_type_display(),
        "status": case.get_status_display(), "action": next_step(case),
    }


def round_csv_rows(cases):
    for case in cases:
        c = case.consultation
        yield [c.case_reference, case.clinician.registration_label, case.clinician.name, c.consulted_at.isoformat(),
               c.service, c.role, c.get_contact_type_display(), c.disposition,
               case.auditor.get_username() if case.auditor else "", case.get_status_display(), case.screen_outcome,
               "" if case.score is None else case.score, case.grade, case.panel_decision, "yes" if case.reaudit else "no",
               case.released_at.isoformat() if case.released_at else "", "; ".join(case.risk_reasons)]


def consultation_summary(case: AuditCase, *, with_score: bool = True) -> list[dict]:
    """The consultation as a summary list (no patient details: there are none to show). Reviewers scoring
    the case see no score so far (``with_score=False``): each panel member judges it for themself."""
    c = case.consultation
    rows = [
        ("Case reference", c.case_reference), ("Clinician", f"{case.clinician.name} ({case.clinician.registration_label})"),
        ("Role", c.role), ("Date and time", format_datetime(c.consulted_at)), ("Service", c.service),
        ("Contact type", c.get_contact_type_display()), ("Disposition", c.disposition),
        ("Round", case.round.name), ("Status", case.get_status_display()),
    ]
    if with_score:
        rows.append(("Score", score_text(case)))
    return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]


def my_audit_rows(cases) -> list[dict]:
    return [{
        "case": {"text": case.consultation.case_reference, "href": reverse("clinical_performance:my-audit", args=[case.pk])},
        "round": case.round.name,
        "when": {"text": format_datetime(case.consultation.consulted_at), "sort": case.consultation.consulted_at.isoformat()},
        "score": {"text": score_text(case), "sort": case.score if case.score is not None else -1},
        "feedback": case.get_feedback_kind_display(),
        "reflection": "Written" if case.reflection else "Not yet written",
    } for case in cases]


MY_AUDIT_COLUMNS = [("case", "Case"), ("round", "Round"), ("when", "Consultation"), ("score", "Score"),
                    ("feedback", "Feedback"), ("reflection", "Your reflection")]


def workload(cases: list[AuditCase]) -> dict[str, dict]:
    """Cases per auditor, and how many are still waiting for their screen."""
    loads: dict[str, dict] = {}
    for case in cases:
        name = case.auditor.get_username() if case.auditor else "Unassigned"
        load = loads.setdefault(name, {"assigned": 0, "waiting": 0})
        load["assigned"] += 1
        load["waiting"] += case.status == CaseStatus.AWAITING_SCREEN
    return loads


def final_scores(case: AuditCase) -> list[dict]:
    """The criteria with the rating that stands: the panel's most common rating once quorate, else the screen's."""
    stage = "panel" if case.panel_decision else "screen"
    ratings = defaultdict(list)
    for score in case.scores.filter(stage=stage).select_related("criterion"):
        ratings[score.criterion_id].append(score.get_rating_display())
    rows = []
    for criterion in case.round.template.criteria.all():
        given = ratings.get(criterion.pk)
        rows.append({"key": {"text": criterion.wording},
                     "value": {"text": Counter(given).most_common(1)[0][0] if given else "Not scored"}})
    return rows
