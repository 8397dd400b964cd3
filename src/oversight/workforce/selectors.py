"""Reads of the clinician register, scoped to the organisations the reader may see them for.

A clinician is in a reader's scope when the organisation holding their record, or their designated
body, is in the reader's scope for the capability (as the checks pages and professional standards'
``doctors_for`` say). The people offered as Responsible Officer or line manager are those holding a
role for an organisation in the chooser's scope."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q

from oversight.accounts.access import scope_ids
from oversight.accounts.models import RoleAssignment, User
from oversight.accounts.roles import Role
from oversight.organisations.models import Organisation

from .models import Clinician

# What the register list may be sorted by (the query's ``sort``; a leading "-" reverses it).
SORTS = {"name": "name", "profession": "profession", "registration": "registration_number",
         "organisation": "organisation__name", "grade": "grade", "designated_body": "designated_body__name",
         "connected": "connection_started_on", "concerns": "concern_count"}


def scope_of(user, capabilities: Iterable[str]) -> set:
    ids: set = set()
    for capability in capabilities:
        ids |= scope_ids(user, capability)
    return ids


def clinicians_in_scope(user, *capabilities: str):
    """The clinicians whose organisation or designated body is in the user's scope for any of ``capabilities``."""
    ids = scope_of(user, capabilities)
    if not ids:
        return Clinician.objects.none()
    return Clinician.objects.filter(Q(organisation_id__in=ids) | Q(designated_body_id__in=ids))


def in_scope(user, clinician: Clinician, *capabilities: str) -> bool:
    ids = scope_of(user, capabilities)
    return clinician.organisation_id in ids or clinician.designated_body_id in ids


def clinicians_with_concern_counts(user, *capabilities: str):
    """Each clinician in scope with how many professional concerns are recorded about them."""
    return (clinicians_in_scope(user, *capabilities).select_related("organisation", "designated_body")
            .annotate(concern_count=Count("concerns", distinct=True)).order_by("name"))


def register_list(user, capabilities: Iterable[str], filters: dict, sort: str = "name"):
    """The register as the list shows it: in scope, filtered (profession, grade, organisation, designated
    body, connected or not) and sorted (``SORTS``; unknown sorts fall back to the name)."""
    clinicians = clinicians_with_concern_counts(user, *capabilities)
    if filters.get("profession"):
        clinicians = clinicians.filter(profession=filters["profession"])
    if filters.get("grade"):
        clinicians = clinicians.filter(grade=filters["grade"])
    if filters.get("organisation"):
        organisation = filters["organisation"]
        clinicians = clinicians.filter(Q(organisation=organisation) | Q(organisations_worked_at=organisation))
    if filters.get("designated_body"):
        clinicians = clinicians.filter(designated_body=filters["designated_body"])
    if filters.get("connected") == "yes":
        clinicians = clinicians.filter(designated_body__isnull=False, connection_ended_on__isnull=True)
    elif filters.get("connected") == "no":
        clinicians = clinicians.filter(Q(designated_body__isnull=True) | Q(connection_ended_on__isnull=False))
    key = SORTS.get(sort.removeprefix("-"), "name")
    order = f"-{key}" if sort.startswith("-") else key
    return clinicians.distinct().order_by(order, "name", "registration_number")


def organisations_of(clinicians):
    """The organisations the clinicians are recorded at or connected to (the list's filter choices)."""
    ids = set(clinicians.values_list("organisation_id", flat=True))
    ids |= set(clinicians.exclude(designated_body=None).values_list("designated_body_id", flat=True))
    return Organisation.objects.filter(id__in=ids).order_by("name")


def people_in_scope(user, capability: str, roles: Iterable[str] | None = None):
    """Active people holding a current role (any, or one of ``roles``) for an organisation in the user's scope."""
    assignments = RoleAssignment.objects.current().filter(organisation_id__in=scope_ids(user, capability))
    if roles is not None:
        assignments = assignments.filter(role__in=list(roles))
    return (User.objects.filter(id__in=assignments.values("user_id"), is_active=True, is_service_account=False)
            .order_by("first_name", "last_name", "username"))


def responsible_officers_in_scope(user, capability: str):
    return people_in_scope(user, capability, roles=[Role.RESPONSIBLE_OFFICER])


def on_register(organisation: Organisation, numbers: Iterable[str]) -> dict[str, Clinician]:
    """The clinicians of ``organisation`` with these registration numbers, by number."""
    return {c.registration_number: c for c in Clinician.objects.filter(organisation=organisation,
                                                                      registration_number__in=list(numbers))}
