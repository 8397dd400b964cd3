"""The Annual Board Report and Statement of Compliance (issue 13, Deliver 8): choose the designated body and
the appraisal year, read the sections generated from the records, write each section's narrative, download
the document as HTML or PDF (the reports app's WeasyPrint machinery).

Producing it and writing the narratives: VIEW_PROFESSIONAL_STANDARDS (the Responsible Officer, the medical
director) for the body. Reading it: those, and VIEW_REPORTS holders (board members): it holds aggregates only,
no doctor is named. A body outside the user's scope is refused (403). docs/annual-board-report.md."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from oversight.accounts.access import can, organisations_in_scope
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.audit.auditor import record
from oversight.audit.models import AuditAction
from oversight.organisations.models import Organisation, OrganisationKind
from oversight.reports.document import pdf_of
from oversight.reports.models import NARRATIVE_MAX_LENGTH

from .. import appraisals
from ..annual_report import SECTION_CODES, report_for
from ..forms.annual_report import AnnualReportChoiceForm
from ..presenters.annual_report import report_view
from ..services.annual_report import save_section_narratives
from .dashboard import breadcrumbs

READERS = (C.VIEW_PROFESSIONAL_STANDARDS, C.VIEW_REPORTS)
PRODUCER = C.VIEW_PROFESSIONAL_STANDARDS
BODY_KINDS = (OrganisationKind.TRUST, OrganisationKind.ICB, OrganisationKind.REGION)


def bodies_for(user) -> list[Organisation]:
    """The designated bodies the user may read the report of."""
    ids = set()
    for capability in READERS:
        ids |= set(organisations_in_scope(user, capability).values_list("id", flat=True))
    return list(Organisation.objects.filter(id__in=ids, kind__in=BODY_KINDS, close_date__isnull=True).order_by("kind", "name"))


def _may_read(user, body) -> bool:
    return any(can(user, capability, body) for capability in READERS)


def body_for(request, code: str) -> Organisation:
    body = get_object_or_404(Organisation, ods_code=code.upper(), kind__in=BODY_KINDS)
    if not _may_read(request.user, body):
        raise PermissionDenied("This designated body is not in your scope.")
    return body


def _current_year() -> int:
    return appraisals.appraisal_year_of(timezone.localdate())


@capability_required(*READERS)
def annual_report(request):
    bodies = bodies_for(request.user)
    current = _current_year()
    data = request.POST if request.method == "POST" else (request.GET if "body" in request.GET else None)
    form = AnnualReportChoiceForm(data, bodies=bodies, current_year=current,
                                  initial={"body": bodies[0].ods_code if len(bodies) == 1 else "", "year": str(current - 1)})
    context = {"page_title": "Annual Board Report and Statement of Compliance", "form": form, "report": None,
               "breadcrumbs": breadcrumbs(), "max_length": NARRATIVE_MAX_LENGTH, "errors": {}}
    if data is None or not form.is_valid():
        return render(request, "professional_standards/annual_report.jinja", context)
    body = body_for(request, form.cleaned_data["body"])
    year = form.cleaned_data["year"]
    may_edit = can(request.user, PRODUCER, body)
    report = report_for(body, year)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("Only the Responsible Officer and the medical director write the annual report.")
        texts = {code: request.POST.get(f"narrative-{code}", "") for code in SECTION_CODES
                 if f"narrative-{code}" in request.POST}
        try:
            changed = save_section_narratives(body, year, texts, request.user)
        except ValidationError as error:
            context["errors"] = {code: " ".join(m) for code, m in error.message_dict.items()}
            for section in report.sections:
                section.narrative = texts.get(section.code, section.narrative)
        else:
            messages.success(request, f"Saved: {changed} narrative{'s' if changed != 1 else ''} changed.")
            return redirect(f"{reverse('professional_standards:annual-report')}?body={body.ods_code}&year={year}")
    download = reverse("professional_standards:annual-report-pdf", kwargs={"code": body.ods_code, "year": year})
    context.update({"report": report_view(report), "may_edit": may_edit, "body": body, "year": year,
                    "pdf_url": f"{download}?format=pdf", "html_url": f"{download}?format=html"})
    return render(request, "professional_standards/annual_report.jinja", context)


def render_document(report) -> str:
    return render_to_string("professional_standards/annual_report_document.jinja",
                            {"report": report_view(report), "generated_at": timezone.now()})


@capability_required(*READERS)
def annual_report_pdf(request, code: str, year: int):
    body = body_for(request, code)
    file_format = request.GET.get("format", "pdf")
    if file_format not in {"pdf", "html"} or not 2000 <= year <= _current_year():
        return HttpResponse("Choose format pdf or html, and an appraisal year that has started", status=400,
                            content_type="text/plain; charset=utf-8")
    report = report_for(body, year)
    record(AuditAction.EXPORT, body, object_type="annual board report",
           object_repr=f"Annual Board Report {body.ods_code} {report.year_label} ({file_format})")
    html = render_document(report)
    if file_format == "pdf":
        response = HttpResponse(pdf_of(html), content_type="application/pdf")
    else:
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report.file_stem}.{file_format}"'
    return response
