"""Reports: choose an organisation and month, download the board report."""

from __future__ import annotations

from datetime import date

from django import forms
from django.http import HttpResponse
from django.shortcuts import render

from oversight.accounts.access import organisations_in_scope, require
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability
from oversight.audit.auditor import record
from oversight.audit.models import AuditAction
from oversight.organisations.models import OrganisationKind

from .board import ReportError, build_board_report, parse_month
from .document import render_html, render_pdf

REPORTABLE = (OrganisationKind.REGION, OrganisationKind.ICB, OrganisationKind.TRUST)


class BoardReportForm(forms.Form):
    organisation = forms.ChoiceField(label="Organisation", error_messages={"required": "Choose an organisation"})
    month = forms.CharField(label="Month", help_text="For example 2025-06", max_length=7,
                            error_messages={"required": "Enter the month, like 2025-06"})
    file_format = forms.ChoiceField(label="Format", choices=[("pdf", "PDF (for the board pack)"), ("html", "Web page (HTML)")],
                                    initial="pdf")
    orientation = forms.ChoiceField(label="Page orientation", choices=[("portrait", "Portrait"), ("landscape", "Landscape")],
                                    initial="portrait")

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "Choose an organisation")] + [
            (o.ods_code, f"{o.name} ({o.get_kind_display()})") for o in organisations
        ]

    def clean_month(self):
        try:
            month = parse_month(self.cleaned_data["month"].strip())
        except ReportError as exc:
            raise forms.ValidationError(f"Enter the month like 2025-06 ({exc})") from None
        if month > date.today().replace(day=1):
            raise forms.ValidationError("The month cannot be in the future")
        return month


@capability_required(Capability.VIEW_REPORTS)
def index(request):
    organisations = list(
        organisations_in_scope(request.user, Capability.VIEW_REPORTS).filter(kind__in=REPORTABLE, close_date__isnull=True)
        .order_by("kind", "name")
    )
    form = BoardReportForm(request.GET or None, organisations=organisations)
    if request.GET and form.is_valid():
        organisation = next(o for o in organisations if o.ods_code == form.cleaned_data["organisation"])
        require(request.user, Capability.VIEW_REPORTS, organisation)
        report = build_board_report(organisation, form.cleaned_data["month"])
        orientation = form.cleaned_data["orientation"]
        record(AuditAction.EXPORT, organisation, object_type="board report",
               object_repr=f"Board report {organisation.ods_code} {report.month:%Y-%m}")
        name = f"board-report-{organisation.ods_code}-{report.month:%Y-%m}"
        if form.cleaned_data["file_format"] == "pdf":
            response = HttpResponse(render_pdf(report, orientation), content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        else:
            response = HttpResponse(render_html(report, orientation), content_type="text/html; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}.html"'
        return response
    return render(request, "reports/index.jinja", {"page_title": "Reports", "form": form})
