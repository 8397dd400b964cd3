"""Reports: choose an organisation and period, write the narratives, choose the metrics, download."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from oversight.accounts.access import assigned_organisation_ids, can, organisations_in_scope, require
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability
from oversight.audit.auditor import record
from oversight.audit.models import AuditAction
from oversight.organisations.models import Organisation

from .board import (
    REPORTABLE,
    ReportError,
    financial_year_label,
    latest_complete_month,
    parse_financial_year,
    parse_month,
    report_for_reader,
    require_complete_month,
    require_ended_year,
)
from .document import ORIENTATIONS, render_html, render_pdf
from .models import NARRATIVE_MAX_LENGTH, SUMMARY_CODE, Orientation, ReportKind
from .presenters import template_choices
from .services import save_narratives, save_template, template_for

KINDS = {"board": ReportKind.BOARD, "quality-account": ReportKind.QUALITY_ACCOUNT}


def _organisations(user, capability=Capability.VIEW_REPORTS) -> list[Organisation]:
    return list(organisations_in_scope(user, capability).filter(kind__in=REPORTABLE, close_date__isnull=True)
                .order_by("kind", "name"))


def _home_organisation(user, organisations: list[Organisation]) -> str:
    """The code of the organisation the user's own role is for, so most people need not choose."""
    roots = assigned_organisation_ids(user)
    return next((o.ods_code for o in organisations if o.id in roots), "")


class ChooseReportForm(forms.Form):
    organisation = forms.ChoiceField(label="Organisation", error_messages={"required": "Choose an organisation"})
    kind = forms.ChoiceField(label="Report", initial="board", choices=[
        ("board", "Monthly board quality report"), ("quality-account", "Quality account data pack (a financial year)")])
    period = forms.CharField(label="Month or financial year", max_length=7,
                             help_text="A month like 2025-06 for a board report; a year like 2024-25 for a quality account",
                             error_messages={"required": "Enter the month (like 2025-06) or financial year (like 2024-25)"})

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "Choose an organisation")] + [
            (o.ods_code, f"{o.name} ({o.get_kind_display()})") for o in organisations
        ]

    def clean(self):
        data = super().clean()
        if "period" in data and "kind" in data:
            try:
                data["start"] = _period_start(data["kind"], data["period"].strip())
            except ReportError as exc:
                self.add_error("period", str(exc))
        return data


def _period_start(kind: str, period: str) -> date:
    """The period's first day, or ReportError saying what is wrong with it."""
    if kind == "board":
        return require_complete_month(parse_month(period))
    return require_ended_year(parse_financial_year(period))


def _period_text(kind: str, start: date) -> str:
    return f"{start:%Y-%m}" if kind == "board" else financial_year_label(start)


@capability_required(Capability.VIEW_REPORTS)
def index(request):
    organisations = _organisations(request.user)
    form = ChooseReportForm(request.GET or None, organisations=organisations,
                            initial={"period": f"{latest_complete_month():%Y-%m}",
                                     "organisation": _home_organisation(request.user, organisations)})
    if request.GET and form.is_valid():
        data = form.cleaned_data
        return redirect("reports:prepare", code=data["organisation"], kind=data["kind"],
                        period=_period_text(data["kind"], data["start"]))
    producible = _organisations(request.user, Capability.PRODUCE_REPORTS)
    return render(request, "reports/index.jinja", {"page_title": "Reports", "form": form, "producible": producible})


def _report_context(request, code: str, kind: str, period: str, capability=Capability.VIEW_REPORTS):
    if kind not in KINDS:
        raise Http404("No such report")
    organisation = get_object_or_404(Organisation, ods_code=code.upper(), kind__in=REPORTABLE)
    require(request.user, capability, organisation)
    try:
        start = _period_start(kind, period)
    except ReportError as exc:
        raise Http404(str(exc)) from None
    return organisation, start


@capability_required(Capability.VIEW_REPORTS)
@require_http_methods(["GET", "POST"])
def prepare(request, code: str, kind: str, period: str):
    """The report's contents at a glance, with a narrative box per metric for those who write them."""
    organisation, start = _report_context(request, code, kind, period)
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
    organisation, start = _report_context(request, code, kind, period)
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


class TemplateForm(forms.Form):
    metric_codes = forms.MultipleChoiceField(label="Metrics in the report", widget=forms.CheckboxSelectMultiple,
                                             error_messages={"required": "Choose at least one metric"})
    orientation = forms.ChoiceField(label="Page orientation", choices=Orientation.choices, initial=Orientation.PORTRAIT)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric_codes"].choices = choices


@capability_required(Capability.PRODUCE_REPORTS)
@require_http_methods(["GET", "POST"])
def template(request, code: str):
    """Which metrics the organisation's reports show, and the page orientation."""
    organisation = get_object_or_404(Organisation, ods_code=code.upper(), kind__in=REPORTABLE)
    require(request.user, Capability.PRODUCE_REPORTS, organisation)
    choices, defaults = template_choices(organisation)
    current = template_for(organisation)
    initial = {"metric_codes": current.metric_codes if current else defaults,
               "orientation": current.orientation if current else Orientation.PORTRAIT}
    form = TemplateForm(request.POST or None, initial=initial, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            save_template(organisation, form.cleaned_data["metric_codes"], form.cleaned_data["orientation"],
                          {c for c, _ in choices}, request.user.display_name)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Saved the report template for {organisation.name}.")
            return redirect(reverse("reports:template", kwargs={"code": organisation.ods_code}))
    return render(request, "reports/template.jinja", {
        "page_title": f"Report template: {organisation.name}", "organisation": organisation, "form": form,
        "has_template": current is not None,
    })
