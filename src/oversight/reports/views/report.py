"""One report: its preparation page (narratives for those who write them) and its download."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from oversight.accounts.access import can, require
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability
from oversight.audit.auditor import record
from oversight.audit.models import AuditAction

from ..board import report_for_reader
from ..document import ORIENTATIONS, render_html, render_pdf
from ..forms import KINDS
from ..models import NARRATIVE_MAX_LENGTH, SUMMARY_CODE, Orientation
from ..services import save_narratives
from .common import report_context


@capability_required(Capability.VIEW_REPORTS)
@require_http_methods(["GET", "POST"])
def prepare(request, code: str, kind: str, period: str):
    """The report's contents at a glance, with a narrative box per metric for those who write them."""
    organisation, start = report_context(request, code, kind, period)
    may_write = can(request.user, Capability.PRODUCE_REPORTS, organisation)
    report = report_for_reader(request.user, organisation, kind, start, charts=False)
    errors = {}
    if request.method == "POST":
        require(request.user, Capability.PRODUCE_REPORTS, organisation)
        codes = [SUMMARY_CODE] + [s.code for s in report.sections]
        texts = {c: request.POST.get(f"narrative-{c}", "") for c in codes if f"narrative-{c}" in request.POST}
        try:
            changed = save_narratives(organisation, KINDS[kind], start, texts, request.user.display_name)
        except ValidationError as exc:
            errors = {c: " ".join(m) for c, m in exc.message_dict.items()}
            report.summary_narrative = texts.get(SUMMARY_CODE, report.summary_narrative)
            for section in report.sections:
                section.narrative = texts.get(section.code, section.narrative)
        else:
            messages.success(request, f"Saved: {changed} narrative{'s' if changed != 1 else ''} changed.")
            return redirect(request.path)
    return render(request, "reports/prepare.jinja", {
        "page_title": f"{report.title}: {organisation.name}, {report.month_label}",
        "report": report, "kind": kind, "period": period, "may_write": may_write, "errors": errors,
        "max_length": NARRATIVE_MAX_LENGTH, "summary_code": SUMMARY_CODE, "orientations": Orientation.choices,
        "may_edit_template": may_write,
    })


@capability_required(Capability.VIEW_REPORTS)
def download(request, code: str, kind: str, period: str):
    organisation, start = report_context(request, code, kind, period)
    file_format = request.GET.get("format", "pdf")
    orientation = request.GET.get("orientation") or None
    if file_format not in {"pdf", "html"} or (orientation and orientation not in ORIENTATIONS):
        return HttpResponse("Choose format pdf or html, and orientation portrait or landscape", status=400,
                            content_type="text/plain; charset=utf-8")
    report = report_for_reader(request.user, organisation, kind, start, charts=True)
    record(AuditAction.EXPORT, organisation, object_type=report.title.lower(),
           object_repr=f"{report.title} {organisation.ods_code} {period} ({file_format})")
    if file_format == "pdf":
        response = HttpResponse(render_pdf(report, orientation), content_type="application/pdf")
    else:
        response = HttpResponse(render_html(report, orientation), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report.file_stem}.{file_format}"'
    return response
