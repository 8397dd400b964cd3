"""An organisation's report template: which metrics its reports show, and the page orientation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from oversight.accounts.access import require
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability
from oversight.organisations.models import Organisation

from ..board import REPORTABLE
from ..forms import TemplateForm
from ..models import Orientation
from ..presenters import template_choices
from ..services import save_template, template_for


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
