"""One clinician's record: their audits, scores over time, productivity with the disposition mix, feedback
and reflections. For the Responsible Officer, clinical leads and the clinician's appraiser
(clinical_performance/access.py), and for the clinician themself (VIEW_OWN_PERFORMANCE), who sees only what
has been released to them. Every view and download is recorded in the audit trail, with why it was allowed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.audit.exports import audited_csv
from oversight.core.formatting import format_date
from oversight.workforce.models import Clinician

from ..access import own_clinician, relationship
from ..forms.shifts import DatesForm
from ..presenters.productivity import CLINICIAN_COLUMNS, CONTEXT_NOTE, clinician_rows
from ..presenters.results import CASE_COLUMNS, case_rows, score_series
from ..selectors import audited_cases, productivity
from .results import breadcrumbs

RECORD_CSV_HEADER = ["registration", "clinician", "audit_round", "period_start", "period_end", "case_reference",
                     "consulted_at", "service", "role", "score", "grade", "stage", "feedback", "reflection_written"]


def clinician_for(request, pk) -> tuple[Clinician, str]:
    """The clinician, and why the user may see their record (403 if they may not)."""
    clinician = get_object_or_404(Clinician.objects.select_related("organisation"), pk=pk)
    reason = relationship(request.user, clinician)
    if not reason:
        raise PermissionDenied("Only the clinician, their appraiser, the Responsible Officer and clinical leads may "
                               "see a clinician's audits.")
    return clinician, reason


def _is_own(request, clinician: Clinician) -> bool:
    return clinician.user_id == request.user.id


def _record_context(request, clinician: Clinician, own: bool) -> dict:
    form = DatesForm(request.GET or None)
    first, last = form.dates(timezone.localdate())
    cases = list(audited_cases([clinician.pk], own=own))
    rows = productivity([clinician.pk], first, last, own=own)
    released = [c for c in cases if c.released_at or c.reflection]
    return {
        "clinician": clinician, "own": own, "form": form, "first": first, "last": last,
        "series": score_series(cases), "cases": case_rows(cases), "case_columns": CASE_COLUMNS,
        "productivity": clinician_rows(rows, {clinician.pk: clinician}, link=False), "productivity_columns": CLINICIAN_COLUMNS,
        "note": CONTEXT_NOTE, "query": request.GET.urlencode(),
        "feedback": [{"round": c.round.name, "case": c.consultation.case_reference, "kind": c.get_feedback_kind_display(),
                      "feedback": c.feedback, "reflection": c.reflection,
                      "released": format_date(timezone.localtime(c.released_at).date()) if c.released_at else ""}
                     for c in released],
    }


@login_required
def record(request, pk):
    clinician, reason = clinician_for(request, pk)
    auditor.view(clinician, reason=f"Clinician's performance record: {reason}")
    context = _record_context(request, clinician, own=_is_own(request, clinician))
    return render(request, "clinical_performance/record.jinja", {
        **context, "page_title": f"{clinician.name}: performance record", "reason": reason,
        "csv_url": reverse("clinical_performance:record-csv", args=[clinician.pk]), "breadcrumbs": breadcrumbs(),
    })


@capability_required(C.VIEW_OWN_PERFORMANCE)
def my_record(request):
    clinician = own_clinician(request.user)
    if clinician is None:
        return render(request, "clinical_performance/record_unlinked.jinja", {
            "page_title": "My performance record", "breadcrumbs": breadcrumbs()})
    auditor.view(clinician, reason="Clinician's performance record: The clinician's own record")
    return render(request, "clinical_performance/record.jinja", {
        **_record_context(request, clinician, own=True), "page_title": "My performance record",
        "reason": "The clinician's own record",
        "csv_url": reverse("clinical_performance:record-csv", args=[clinician.pk]), "breadcrumbs": breadcrumbs(),
    })


@login_required
def record_csv(request, pk):
    clinician, _reason = clinician_for(request, pk)
    cases = audited_cases([clinician.pk], own=_is_own(request, clinician))
    rows = [[clinician.registration_label, clinician.name, c.round.name, c.round.period_start, c.round.period_end,
             c.consultation.case_reference, timezone.localtime(c.consultation.consulted_at).isoformat(timespec="minutes"),
             c.consultation.service, c.consultation.role, c.score, c.grade, c.get_status_display(),
             c.get_feedback_kind_display(), "yes" if c.reflection else "no"] for c in cases]
    return audited_csv(request, filename=f"audits-{clinician.registration_number}.csv", header=RECORD_CSV_HEADER,
                       rows=rows, object_type="workforce.Clinician",
                       what=f"Audit results of clinician {clinician.registration_label}")
