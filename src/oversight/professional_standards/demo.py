"""Demo content for professional standards (``oversight demo``): a SYNTHETIC designated body of about
120 doctors at the demo's main trust (XD1), in every state the Responsible Officer's dashboard shows,
written only through the services, so every write is audited.

- The doctors the earlier steps made (the governance demo's surgeon with an open concern, the out-of-hours
  GPs) join the register properly, and about 100 more are added: each name ends "(synthetic)", GMC numbers
  are 7 digits in a made-up range (9997nnn), ESR numbers start SYN.
- Each doctor has a story (``STORIES``): ready to recommend, under notice but not ready, deferred, due a
  second deferral (so the Employer Liaison Service must be contacted first), heading for non-engagement,
  on hold at the GMC, appraisal due, overdue or approved as missed, checks or training expiring or expired,
  newly connected, or simply up to date.
- Four years of appraisals behind each, with appraisers rotated so no one appraises a doctor more than
  three years running; employment checks and training with real expiry dates.
- Demo incidents and complaints at the trust name some of the doctors as staff involved; claims, an inquest
  and information from another setting are noted on a few records.

Every free-text field starts "Synthetic demo". Running it again changes nothing: the doctors are found by
their GMC numbers. See docs/professional-standards-demo.md.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from oversight.accounts.models import User
from oversight.accounts.roles import Role
from oversight.accounts.services import grant_role
from oversight.workforce.models import Clinician, Grade, LicenceStatus, PerformersListStatus
from oversight.workforce.services import add_clinician, update_clinician
from oversight.workforce.services.checks import record_dbs_check, record_indemnity, record_training

from . import appraisals as appraisal_rules
from .models import DEFERRAL_CRITERIA, GmcOutcome, Recommendation, RecommendationKind
from .services import appraisals, revalidation

MARK = "Synthetic demo"
GMC_PREFIX = "9997"
DOCTORS = 120
# Extra appraisers (no password: they exist so allocations can rotate); "appraiser" is the demo user.
APPRAISERS = [("appraiser", "Dr Lucy Grant")] + [
    (f"appraiser{n}", f"Dr {name} (synthetic)") for n, name in enumerate(
        ["Imran Siddiqui", "Fiona Walsh", "George Obi", "Hannah Cole", "Ravi Menon", "Sofia Rossi", "Tariq Aziz"], start=2)
]
FIRST = ["Aisha", "Ben", "Catherine", "Daniel", "Elena", "Farhan", "Grace", "Harry", "Ines", "James", "Kavya", "Liam",
         "Maya", "Nathan", "Olivia", "Pavel", "Queenie", "Rohan", "Sara", "Theo", "Uma", "Victor", "Wen", "Yusuf", "Zara"]
LAST = ["Adeyemi", "Brennan", "Chowdhury", "Dempsey", "Evans", "Fischer", "Gupta", "Hughes", "Iqbal", "Jones", "Kowalski",
        "Lindqvist", "Morgan", "Nwosu", "O'Neill", "Patel", "Quinn", "Rahman", "Singh", "Thompson", "Usman", "Varga", "Wright"]
SPECIALTIES = ["General medicine", "Cardiology", "Emergency medicine", "General surgery", "Trauma and orthopaedics",
               "Anaesthetics", "Paediatrics", "Obstetrics and gynaecology", "Psychiatry", "Radiology", "Geriatric medicine"]

# Each story, and how many doctors tell it. The rest are "up_to_date".
STORIES = {
    "ready": 10, "not_ready": 4, "deferred": 4, "second_deferral": 2, "non_engagement": 2, "on_hold": 1,
    "appraisal_due": 10, "appraisal_overdue": 6, "approved_missed": 3, "checks_expiring": 8, "checks_expired": 4,
    "newly_connected": 3, "revalidated": 12,
}


@dataclass
class DemoDoctor:
    clinician: Clinician
    story: str
    due_month: int  # the appraisal month, 1-12


def build(region, rng: random.Random) -> str:
    body = region.main_trust
    if Clinician.objects.filter(organisation=body, registration_number__startswith=GMC_PREFIX).exists():
        return "professional standards: the synthetic designated body is already in place"
    today = timezone.localdate()
    people = _people(body)
    doctors = _register(region, people, rng, today)
    _checks(doctors, rng, today)
    _appraisals(doctors, people, rng, today)
    _revalidation(doctors, people, rng, today)
    _links(doctors, region, people, rng, today)
    told = sorted({d.story for d in doctors})
    return (f"professional standards: {len(doctors)} synthetic doctors connected to {body.ods_code} "
            f"({len(told)} kinds of state), their appraisals, checks, training and revalidation")


# ------------------------------------------------------------------------------------- people ----


def _people(body) -> dict[str, User]:
    people = {u.username: u for u in User.objects.filter(username__in=["ro", "cmo", "clinician"])}
    for username, name in APPRAISERS:
        first, _, last = name.removeprefix("Dr ").partition(" ")
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": f"Dr {first}", "last_name": last, "job_title": "Appraiser"})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        grant_role(user, Role.APPRAISER, body.ods_code, granted_by="oversight-demo")
        people[username] = user
    return people


def _appraisers(people) -> list[User]:
    return [people[username] for username, _ in APPRAISERS]


# ----------------------------------------------------------------------------------- register ----


def _stories(count: int, rng: random.Random) -> list[str]:
    told = [story for story, n in STORIES.items() for _ in range(n)]
    told += ["up_to_date"] * max(0, count - len(told))
    rng.shuffle(told)
    return told[:count]


def _register(region, people, rng: random.Random, today: date) -> list[DemoDoctor]:
    body = region.main_trust
    others = [region.trusts["XD2"], region.trusts["XD3"], *region.sites["XD1"]]
    existing = list(Clinician.objects.filter(organisation=body, profession="doctor").order_by("registration_number"))
    stories = _stories(DOCTORS, rng)
    doctors = []
    for n, story in enumerate(stories):
        clinician = existing[n] if n < len(existing) else None
        connected = (today - timedelta(days=rng.randint(30, 80)) if story == "newly_connected"
                     else today - timedelta(days=rng.randint(2 * 365, 12 * 365)))
        fields = {
            "licence_status": LicenceStatus.LICENSED, "designated_body": body, "responsible_officer": people.get("ro"),
            "connection_started_on": connected,
        }
        if clinician is None or not clinician.grade:
            grade = rng.choices([Grade.CONSULTANT, Grade.SAS, Grade.GP, Grade.LOCALLY_EMPLOYED], weights=[55, 20, 15, 10])[0]
            if clinician is not None and "GP" in (clinician.name or ""):
                grade = Grade.GP
            fields.update(grade=grade, specialty="General practice" if grade == Grade.GP else rng.choice(SPECIALTIES),
                          on_gp_register=grade == Grade.GP, on_specialist_register=grade == Grade.CONSULTANT,
                          performers_list_status=PerformersListStatus.INCLUDED if grade == Grade.GP else "")
        worked_at = rng.sample(others, k=rng.choice([0, 0, 1, 2]))
        if clinician is None:
            name = f"Dr {rng.choice(FIRST)} {rng.choice(LAST)} (synthetic)"
            clinician = add_clinician(organisation=body, name=name, profession="doctor",
                                      registration_number=f"{GMC_PREFIX}{n:03d}", employee_number=f"SYN{n:05d}",
                                      organisations_worked_at=worked_at, reason=MARK, **fields)
        else:
            clinician = update_clinician(clinician, None, organisations_worked_at=worked_at, reason=MARK, **fields)
        doctors.append(DemoDoctor(clinician, story, rng.randint(1, 12)))
    _link_demo_users(doctors, people)
    return doctors


def _link_demo_users(doctors: list[DemoDoctor], people) -> None:
    """The demo ``clinician`` (Dr Carter, from the clinical performance demo) is up to date, and his
    appraiser is the demo ``appraiser``."""
    for doctor in doctors:
        if people.get("clinician") and doctor.clinician.user_id == people["clinician"].pk:
            doctor.story = "up_to_date"


# ------------------------------------------------------------------------- checks and training ----

TRAINING = [("conflict_resolution", None), ("equality_diversity", None), ("fire_safety", None), ("health_safety", None),
            ("information_governance", None), ("preventing_radicalisation", None), ("infection_prevention", 2),
            ("moving_handling", 2), ("resuscitation", 2), ("safeguarding_adults", 2), ("safeguarding_children", 2)]
YEARLY = {"fire_safety", "information_governance", "resuscitation"}


def _checks(doctors: list[DemoDoctor], rng: random.Random, today: date) -> None:
    for n, doctor in enumerate(doctors):
        clinician = doctor.clinician
        gp = clinician.grade == Grade.GP
        # Expiring: the yearly subjects completed 11 months ago; expired: 13 months ago.
        age = {"checks_expiring": 335, "checks_expired": 400}.get(doctor.story)
        for subject, level in TRAINING:
            if subject.startswith("safeguarding") and gp:
                level = 3
            days = age if age and subject in YEARLY else rng.randint(20, 300)
            record_training(clinician=clinician, subject=subject, level=level, completed_on=today - timedelta(days=days),
                            evidence_note=f"{MARK}: certificate seen")
        issued = today - timedelta(days=rng.randint(60, 900))
        on_update_service = rng.random() < 0.6
        record_dbs_check(clinician=clinician, level="enhanced_barred", certificate_number=f"00{rng.randint(10**9, 10**10 - 1)}",
                         issued_on=issued, on_update_service=on_update_service,
                         update_service_joined_on=issued + timedelta(days=rng.randint(1, 25)) if on_update_service else None)
        if not gp:
            # Hospital doctors' NHS work is covered by the state-backed scheme, with no renewal date.
            record_indemnity(clinician=clinician, provider="cnst", kind="state_backed", starts_on=clinician.connection_started_on)
            continue
        expires = today + timedelta(days=rng.randint(90, 330))
        if doctor.story == "checks_expiring":
            expires = today + timedelta(days=rng.randint(10, 50))
        elif doctor.story == "checks_expired":
            expires = today - timedelta(days=rng.randint(5, 40))
        record_indemnity(clinician=clinician, provider=rng.choice(["mdu", "mps", "mddus"]), kind="membership",
                         starts_on=expires - timedelta(days=365), expires_on=expires, reference=f"SYN-IND-{n:04d}")


# ---------------------------------------------------------------------------------- appraisals ----


def _due_on(year: int, month: int) -> date:
    return date(year if month >= 4 else year + 1, month, 1)


def _appraiser_for(n: int, year: int, appraisers: list[User], base: int) -> User:
    # Blocks of three years: no appraiser sees the same doctor more than three years running.
    return appraisers[(n + (year - base) // 3) % len(appraisers)]


def _appraisals(doctors: list[DemoDoctor], people, rng: random.Random, today: date) -> None:
    ro = people.get("ro")
    current = appraisal_rules.appraisal_year_of(today)
    base = current - 4
    appraisers = _appraisers(people)
    for n, doctor in enumerate(doctors):
        first_year = max(base, appraisal_rules.appraisal_year_of(doctor.clinician.connection_started_on))
        for year in range(first_year, current + 1):
            appraiser = _appraiser_for(n, year, appraisers, base)
            own = doctor.clinician.user_id is not None and doctor.clinician.user_id == getattr(people.get("clinician"), "pk", None)
            if year == current and (n % 7 == 0 or own) and _may_take(doctor.clinician, people["appraiser"], year):
                appraiser = people["appraiser"]  # the demo appraiser's list: this year's appraisees
            _one_year(doctor, year, current, appraiser, ro, rng, today)


def _may_take(clinician, appraiser, year: int) -> bool:
    return not appraisal_rules.conflicts(clinician, appraiser, year)


def _current_due(doctor: DemoDoctor, year: int, today: date) -> date:
    if doctor.story == "appraisal_overdue":
        return (today.replace(day=1) - timedelta(days=75)).replace(day=1)
    if doctor.story == "appraisal_due":
        return (today.replace(day=1) + timedelta(days=35)).replace(day=1)
    return _due_on(year, doctor.due_month)


def _one_year(doctor: DemoDoctor, year: int, current: int, appraiser: User, ro, rng: random.Random, today: date) -> None:
    clinician, story = doctor.clinician, doctor.story
    due = _current_due(doctor, year, today) if year == current else _due_on(year, doctor.due_month)
    appraisal = appraisals.allocate_appraiser(clinician, appraiser, year, ro, due_on=due)
    if story == "approved_missed" and year == current - 1:
        appraisals.approve_missed(appraisal, "parental_leave", f"{MARK}: on parental leave for most of the year", ro,
                                  day=due + timedelta(days=10))
        return
    if story == "non_engagement" and year >= current - 2:
        return  # no meeting: unapproved missed appraisals
    if year == current and story in ("appraisal_due", "appraisal_overdue"):
        return
    meeting = due - timedelta(days=rng.randint(5, 60))
    if meeting > today - timedelta(days=3):
        return  # not yet held
    late = rng.random() < 0.12
    signed = min(meeting + timedelta(days=rng.randint(40, 70) if late else rng.randint(3, 25)), today)
    feedback_year = year == current - 2 or (year == current - 1 and story == "newly_connected")
    appraisals.record_appraisal(
        appraisal, ro, day=today, meeting_on=meeting, signed_off_on=signed,
        outputs=f"{MARK}: appraisal outputs agreed, personal development plan reviewed.", pdp_agreed=True,
        si_cpd=True, si_quality_improvement=True, si_significant_events=rng.random() < 0.8,
        si_complaints_and_compliments=True,
        colleague_feedback_on=meeting - timedelta(days=40) if feedback_year and story != "non_engagement" else None,
        patient_feedback_on=meeting - timedelta(days=30) if feedback_year and story not in ("not_ready", "non_engagement") else None,
        declared_issues=False, on_track=story != "not_ready",
    )


# --------------------------------------------------------------------------------- revalidation ----


IN_WINDOW = ("ready", "not_ready", "second_deferral", "non_engagement", "deferred", "revalidated")


def _years_before(day: date, years: int) -> date:
    return day.replace(year=day.year - years, day=min(day.day, 28))


def _revalidation(doctors: list[DemoDoctor], people, rng: random.Random, today: date) -> None:
    """Each doctor's GMC state, then what the RO has already done: deferrals made and accepted, and the
    positive recommendations submitted earlier (the ``revalidated`` doctors, in one batch)."""
    ro = people.get("ro")
    for doctor in doctors:
        if doctor.story in IN_WINDOW:
            due = today + timedelta(days=rng.randint(15, 100))
        elif doctor.story == "on_hold":
            due = today + timedelta(days=rng.randint(20, 60))
        else:
            due = today + timedelta(days=rng.randint(130, 5 * 365 - 30))
        started = max(_years_before(due, 5), doctor.clinician.connection_started_on)
        revalidation.update_gmc_state(doctor.clinician, ro, submission_due_on=due, cycle_started_on=started,
                                      last_revalidated_on=_years_before(due, 5) if started < today - timedelta(days=365) else None,
                                      under_notice=doctor.story in IN_WINDOW, on_hold=doctor.story == "on_hold",
                                      raised_public_interest_concern=False)
    for doctor in doctors:
        if doctor.story in ("deferred", "second_deferral"):
            _defer(doctor, ro, rng, today)
    disengaged = next((d for d in doctors if d.story == "non_engagement"), None)
    if disengaged is not None:
        # Local processes exhausted: the Employer Liaison Service first, then the recommendation.
        revalidation.record_els_contact(disengaged.clinician, ro, contacted_on=today - timedelta(days=7),
                                        adviser_name="Employer Liaison Adviser (synthetic)",
                                        summary=f"{MARK}: agreed that a non-engagement recommendation is appropriate.")
        revalidation.make_recommendation(disengaged.clinician, ro, kind=RecommendationKind.NON_ENGAGEMENT, submit_now=True,
                                         day=today, local_processes_exhausted=True,
                                         comments=f"{MARK}: no appraisal for two years despite repeated contact.")
    chosen = [d.clinician for d in doctors if d.story == "revalidated"]
    if chosen:
        for recommendation in _submitted(revalidation.submit_ready(chosen, ro, day=today)):
            revalidation.record_gmc_outcome(recommendation, ro, outcome=GmcOutcome.APPROVED, on=today)


def _submitted(batches) -> list[Recommendation]:
    return list(Recommendation.objects.filter(batch__in=batches).select_related("clinician"))


def _defer(doctor: DemoDoctor, ro, rng: random.Random, today: date) -> None:
    """A deferral made and accepted by the GMC. For a ``second_deferral`` doctor the new date falls in the
    window again, so a second deferral now needs the Employer Liaison Service first."""
    clinician = doctor.clinician
    due = clinician.revalidation.submission_due_on
    new_date = due + timedelta(days=rng.randint(20, 40) if doctor.story == "second_deferral" else rng.randint(200, 300))
    recommendation = revalidation.make_recommendation(
        clinician, ro, kind=RecommendationKind.DEFER, submit_now=True, day=today,
        deferral_reason="insufficient_evidence", defer_to=new_date,
        missing_information=f"{MARK}: patient feedback is due from the survey provider within three months.",
        **{name: True for name, _ in DEFERRAL_CRITERIA})
    revalidation.record_gmc_outcome(recommendation, ro, outcome=GmcOutcome.APPROVED, on=today)
    if doctor.story == "deferred":
        # Deferred well ahead: no longer under notice.
        revalidation.update_gmc_state(clinician, ro, under_notice=False)


# ------------------------------------------------------------------------ links to governance ----


NOTES = [
    ("claim", "NHS Resolution", "SYN-CNST-2301", "A clinical negligence claim about a delayed diagnosis.", "Settled without admission"),
    ("claim", "NHS Resolution", "SYN-CNST-2417", "A claim about consent before surgery.", ""),
    ("inquest", "Northbridge Coroner's Court (synthetic)", "SYN-INQ-118", "Gave evidence at an inquest.", "Narrative conclusion"),
    ("other_setting", "Eastvale Private Hospital (synthetic)", "", "The independent hospital reports no concerns about "
     "the doctor's private practice this year.", ""),
    ("other_setting", "Riverside Hospice (synthetic)", "", "A complaint about communication at the hospice, resolved locally.", ""),
    ("compliment", "", "", "Thanks from a patient's family for care at the end of life.", ""),
]


def _links(doctors: list[DemoDoctor], region, people, rng: random.Random, today: date) -> None:
    """Name some doctors on the demo's incidents and complaints, and note claims, an inquest, information
    from other settings and a compliment on a few records."""
    from oversight.governance.models import Complaint, Incident
    from oversight.governance.services.complaints import set_staff_named
    from oversight.governance.services.incidents import set_staff_involved

    from .services.record import add_note

    ro = people.get("ro")
    body = region.main_trust
    numbers = [d.clinician.registration_number for d in doctors]
    for incident in Incident.objects.filter(organisation=body).order_by("reported_at")[:30]:
        set_staff_involved(incident, ro, rng.sample(numbers, k=rng.choice([1, 1, 2])))
    for complaint in Complaint.objects.filter(organisation=body).order_by("received_on")[:15]:
        set_staff_named(complaint, ro, rng.sample(numbers, k=1))
    _mhps(body, people, today)
    chosen = rng.sample(doctors, k=len(NOTES))
    for doctor, (kind, setting, reference, summary, outcome) in zip(chosen, NOTES, strict=True):
        occurred = today - timedelta(days=rng.randint(60, 700))
        add_note(doctor.clinician, ro, kind=kind, occurred_on=occurred, summary=f"{MARK}: {summary}", setting=setting,
                 reference=reference, outcome=outcome, closed_on=occurred + timedelta(days=30) if outcome else None)


def _mhps(body, people, today: date) -> None:
    """The governance demo's open capability concern about a surgeon goes into MHPS: a case manager and
    investigator, Practitioner Performance Advice contacted, and a restriction of practice in force."""
    from oversight.governance.models import ProfessionalConcern
    from oversight.governance.services import mhps

    concern = (ProfessionalConcern.objects.filter(organisation=body, clinician__profession="doctor", closed_on__isnull=True,
                                                  mhps__isnull=True).order_by("raised_on").first())
    if concern is None:
        return
    ro = people.get("ro")
    started = max(concern.raised_on, today - timedelta(days=30))
    case = mhps.start_mhps(concern, ro, started_on=started, case_manager=people.get("cmo"),
                           case_investigator_name="Dr Ivy Lane (synthetic)",
                           designated_board_member="Non-executive Director (synthetic)",
                           ppa_contacted_on=started, ppa_advice_summary=f"{MARK}: advice to restrict practice while investigated.")
    mhps.record_exclusion(case, ro, kind="restriction", starts_on=started + timedelta(days=1),
                          ends_on=today + timedelta(days=30))
