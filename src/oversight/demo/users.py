"""A demo user for every role, so a new user can try each point of view."""

from __future__ import annotations

from oversight.accounts.models import User
from oversight.accounts.roles import Role
from oversight.accounts.services import grant_role

from .region import DemoRegion

# A demo-only password, printed by `make demo`; demo users exist only in the demo database.
DEMO_PASSWORD = "oversight-demo"

# username, full name, job title, role, organisation code ("REGION" = the synthetic region)
DEMO_USERS = [
    ("cmo", "Dr Asha Patel", "Chief Medical Officer", Role.CHIEF_MEDICAL_OFFICER, "XD1"),
    ("rmd", "Dr Tom Okafor", "Regional Medical Director", Role.REGIONAL_MEDICAL_DIRECTOR, "REGION"),
    ("governance", "Sam Reid", "Head of Clinical Governance", Role.GOVERNANCE_LEAD, "XD1"),
    ("safety", "Priya Shah", "Patient Safety Specialist", Role.PATIENT_SAFETY_SPECIALIST, "XD1"),
    ("ro", "Dr Helen Marsh", "Responsible Officer", Role.RESPONSIBLE_OFFICER, "XD1"),
    ("caldicott", "Dr James Li", "Caldicott Guardian", Role.CALDICOTT_GUARDIAN, "XD1"),
    ("analyst", "Chris Doyle", "Senior Quality Analyst", Role.ANALYST, "REGION"),
    ("board", "Maria Santos", "Non-executive Director", Role.BOARD_MEMBER, "XD1"),
    ("westmoor", "Alex Byrne", "Governance Lead, Westmoor", Role.GOVERNANCE_LEAD, "XD3"),
    # Urgent care clinician audit: a clinical lead, three auditors (a panel is quorate with three), and
    # a clinician who sees only their own audits.
    ("clinlead", "Dr Nadia Rahman", "Clinical Lead, Urgent Care", Role.CLINICAL_LEAD, "XD1"),
    ("auditor", "Dr Owen Price", "GP Clinical Auditor", Role.CLINICAL_AUDITOR, "XD1"),
    ("auditor2", "Dr Ruth Evans", "GP Clinical Auditor", Role.CLINICAL_AUDITOR, "XD1"),
    ("auditor3", "Kate Moss", "Advanced Nurse Practitioner, Auditor", Role.CLINICAL_AUDITOR, "XD1"),
    ("clinician", "Dr Ben Carter", "Sessional GP, Out of Hours", Role.CLINICIAN, "XD1"),
    # Professional standards: an appraiser, who sees their appraisees' appraisals only.
    ("appraiser", "Dr Lucy Grant", "Consultant Physician and Appraiser", Role.APPRAISER, "XD1"),
]


def build_users(region: DemoRegion, real_region=None) -> list[tuple[str, str]]:
    listing = []
    for username, name, title, role, code in DEMO_USERS:
        first, _, last = name.partition(" ")
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "job_title": title}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        organisation_code = region.region.ods_code if code == "REGION" else code
        grant_role(user, role, organisation_code, granted_by="oversight-demo")
        scope = region.region.name if code == "REGION" else region.trusts[code].name
        # Regional users also oversee a real NHS England region when its data is loaded.
        if code == "REGION" and real_region is not None:
            grant_role(user, role, real_region.ods_code, granted_by="oversight-demo")
            scope += f" and {real_region.name}"
        listing.append((username, f"{Role(role).label}, {scope}"))
    return listing
