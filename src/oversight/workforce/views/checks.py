"""Employment checks and training (issue 13, Deliver 2): a clinician's checks page (read by those who see
professional standards, added to by those who manage the register), the list of checks expiring, expired
or missing with its CSV, and compliance per organisation and staff group over months (aggregates: the
workforce and professional standards roles). A clinician is in scope when the organisation holding their
record, or their designated body, is; out of scope is a 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from oversight.accounts.access import scope_ids
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.audit.exports import audited_csv
from oversight.audit.listing import audited_page
from oversight.organisations.models import Organisation

from .. import compliance
from ..checks import check_states, facts_for, training_rules
from ..forms.checks import ChecksFilterForm, DbsCheckForm, ExpiringFilterForm, IndemnityForm, TrainingForm
from ..models import STAFF_GROUP_OF, Clinician, Profession, StaffGroup
from ..presenters import checks as present
from ..services import record_dbs_check, record_indemnity, record_training

READ = (C.VIEW_PROFESSIONAL_STANDARDS, C.MANAGE_CLINICIAN_REGISTER)
AGGREGATE = (C.VIEW_WORKFORCE, C.VIEW_PROFESSIONAL_STANDARDS)
PAGE_SIZE = 50
DUE_SOON_DAYS = 60


def _ids(user, capabilities) -> set:
    ids: set = set()
    for capability in capabilities:
        ids |= scope_ids(user, capability)
    return ids


def clinicians_in_scope(user, capabilities=READ):
    ids = _ids(user, capabilities)
    return (Clinician.objects.filter(Q(organisation_id__in=ids) | Q(designated_body_id__in=ids))
            .select_related("organisation").order_by("name"))


def in_scope(user, capability: str, clinician: Clinician) -> bool:
    ids = scope_ids(user, capability)
    return clinician.organisation_id in ids or clinician.designated_body_id in ids


def professions_in(staff_group: str) -> list[str]:
    return [p for p in Profession.values if STAFF_GROUP_OF.get(p, StaffGroup.ALLIED_HEALTH_PROFESSIONALS) == staff_group]


def _filtered(clinicians, organisation, staff_group):
    if organisation is not None:
        clinicians = clinicians.filter(organisation=organisation)
    if staff_group:
        clinicians = clinicians.filter(profession__in=professions_in(staff_group))
    return clinicians


def _organisations(clinicians):
    return Organisation.objects.filter(id__in=clinicians.values("organisation_id")).order_by("name")


def _breadcrumbs(*extra: dict) -> list[dict]:
    return [{"text": "Workforce", "href": reverse("workforce:index")}, *extra]


def _clinician_link(clinician) -> str:
    try:  # the register's page for the clinician, where it exists
        return reverse("workforce:clinician", args=[clinician.pk])
    except NoReverseMatch:
        return ""


# ------------------------------------------------------------------------------ a clinician's checks ----

FORMS = {"dbs": DbsCheckForm, "training": TrainingForm, "indemnity": IndemnityForm}


def _save(which: str, clinician, data: dict):
    if which == "dbs":
        return record_dbs_check(clinician=clinician, **data)
    if which == "training":
        return record_training(clinician=clinician, **data)
    return record_indemnity(clinician=clinician, **data)


@capability_required(*READ)
def clinician_checks(request, pk):
    clinician = get_object_or_404(Clinician.objects.select_related("organisation"), pk=pk)
    sees = in_scope(request.user, C.VIEW_PROFESSIONAL_STANDARDS, clinician)
    manages = in_scope(request.user, C.MANAGE_CLINICIAN_REGISTER, clinician)
    if not (sees or manages):
        raise PermissionDenied("This clinician's organisation is not in your scope.")
    forms = {name: form_class(prefix=name) for name, form_class in FORMS.items()}
    if request.method == "POST":
        if not manages:
            raise PermissionDenied("Only those who manage the clinician register may add checks and training.")
        which = request.POST.get("which", "")
        if which not in FORMS:
            raise PermissionDenied("Unknown form.")
        form = forms[which] = FORMS[which](request.POST, prefix=which)
        if form.is_valid():
            try:
                _save(which, clinician, dict(form.cleaned_data))
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, {"dbs": "DBS check recorded", "training": "Training recorded",
                                           "indemnity": "Indemnity recorded"}[which])
                return redirect(reverse("workforce:clinician-checks", args=[clinician.pk]) + f"#{which}")
    reason = "managing the clinician register" if manages and not sees else "Responsible Officer's oversight"
    auditor.view(clinician, reason=f"Employment checks and training: {reason}")
    states = check_states([clinician], timezone.localdate(), DUE_SOON_DAYS)[clinician.pk]
    bound = next((f for f in forms.values() if f.is_bound and f.errors), None)
    return render(request, "workforce/checks_clinician.jinja", {
        "page_title": f"{clinician.name}: checks and training", "clinician": clinician,
        "state_rows": present.state_rows(states), "state_columns": present.STATE_COLUMNS,
        "dbs_rows": present.dbs_rows(clinician.dbs_checks.all()), "dbs_columns": present.DBS_COLUMNS,
        "training_rows": present.training_rows(clinician.training_records.all()), "training_columns": present.TRAINING_COLUMNS,
        "indemnity_rows": present.indemnity_rows(clinician.indemnity_covers.all()),
        "indemnity_columns": present.INDEMNITY_COLUMNS, "forms": forms if manages else {}, "bound": bound,
        "notes": present.requirement_notes(), "due_soon_days": DUE_SOON_DAYS, "clinician_href": _clinician_link(clinician),
        "breadcrumbs": _breadcrumbs({"text": "Checks expiring", "href": reverse("workforce:checks-expiring")}),
    })


# ------------------------------------------------------------------------------------ expiring list ----


def _expiring(request):
    clinicians = clinicians_in_scope(request.user)
    form = ExpiringFilterForm(request.GET or None, organisations=_organisations(clinicians))
    organisation, staff_group = form.chosen()
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    days = data.get("within_days") or DUE_SOON_DAYS
    chosen = list(_filtered(clinicians, organisation, staff_group))
    states = check_states(chosen, timezone.localdate(), days)
    statuses = (data["status"],) if data.get("status") else ("expiring", "expired", "missing")
    return form, days, present.expiring_items(chosen, states, statuses=statuses, kind=data.get("kind", ""))


@capability_required(*READ)
def checks_expiring(request):
    form, days, items = _expiring(request)
    listed = audited_page(request, items, object_type="workforce.Clinician",
                          what=f"Checks expiring, expired or missing: {len(items)} items",
                          reason="Employment checks list.", per_page=PAGE_SIZE)
    return render(request, "workforce/checks_expiring.jinja", {
        "page_title": "Checks and training expiring", "form": form, "days": days, "count": len(items),
        "rows": [present.expiring_row(item) for item in listed.page], "columns": present.EXPIRING_COLUMNS,
        "pages": listed.pages, "query": listed.query, "breadcrumbs": _breadcrumbs(),
        "can_see_compliance": bool(_ids(request.user, AGGREGATE)),
    })


@capability_required(*READ)
def checks_expiring_csv(request):
    _form, _days, items = _expiring(request)
    return audited_csv(request, filename=f"checks-expiring-{timezone.localdate():%Y%m%d}.csv",
                       header=present.EXPIRING_CSV_HEADER, rows=present.expiring_csv_rows(items),
                       object_type="workforce.Clinician", what=f"Checks expiring, expired or missing: {len(items)} items")


# ---------------------------------------------------------------------------------------- compliance ----


def _compliance(request):
    clinicians = clinicians_in_scope(request.user, AGGREGATE)
    organisations = _organisations(clinicians)
    form = ChecksFilterForm(request.GET or None, organisations=organisations)
    organisation, staff_group = form.chosen()
    facts = facts_for(_filtered(clinicians, organisation, staff_group))
    return form, facts, {o.pk: o for o in organisations}, organisation, staff_group


@capability_required(*AGGREGATE)
def compliance_page(request):
    form, facts, organisations, organisation, staff_group = _compliance(request)
    today = timezone.localdate()
    rules = training_rules()
    series = compliance.series(facts, rules, today)
    scope = organisation.name if organisation else "every organisation in your scope"
    group = StaffGroup(staff_group).label.lower() if staff_group else "all staff groups"
    return render(request, "workforce/compliance.jinja", {
        "page_title": "Checks and training compliance", "form": form, "scope": scope, "group": group,
        "charts": present.metric_charts(series), "series_columns": present.SERIES_COLUMNS,
        "group_rows": present.group_rows(compliance.by_group(facts, rules, today), organisations),
        "group_columns": present.GROUP_COLUMNS, "months": compliance.MONTHS, "today": today,
        "query": request.GET.urlencode(), "breadcrumbs": _breadcrumbs(),
    })


@capability_required(*AGGREGATE)
def compliance_csv(request):
    _form, facts, organisations, _organisation, _staff_group = _compliance(request)
    today = timezone.localdate()
    rules = training_rules()
    grouped: dict = {}
    for one in facts:
        grouped.setdefault((one.organisation_id, one.staff_group), []).append(one)
    by_group = {key: compliance.series(members, rules, today) for key, members in grouped.items()}
    return audited_csv(request, filename=f"checks-compliance-{today:%Y%m%d}.csv", header=present.COMPLIANCE_CSV_HEADER,
                       rows=present.compliance_csv_rows(by_group, organisations), object_type="workforce.Clinician",
                       what=f"Checks and training compliance over {compliance.MONTHS} months")
