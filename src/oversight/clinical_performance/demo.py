"""Demo content for clinical performance (``oversight demo``): a SYNTHETIC out-of-hours service at the
demo's main trust (XD1), written only through this app's services, so every write is audited.

- 25 synthetic clinicians (GPs, advanced nurse practitioners, paramedics), each name ending
  "(synthetic)", registration numbers in valid formats but clearly made up (GMC 99960nn, NMC 99N9nnnS,
  HCPC PA99nnn). The demo user ``clinician`` is linked to Dr Ben Carter's record, ``auditor`` is his
  appraiser.
- Shifts (a rota file through ``import_shifts``) and the consultations worked in them (an Adastra-shaped
  file through ``import_consultations``): the previous quarter, the current one up to yesterday, and the
  month before, so that established clinicians are not taken for new starters. Case numbers start SYN;
  there is no patient identifier anywhere.
- The previous quarter's audit round complete: every case screened, some referred, each referred case
  reviewed by a quorate panel (auditor, auditor2, auditor3), all feedback released, Dr Carter's
  reflections written, and one low scorer flagged for re-audit.
- The current quarter's round drawn with its recorded seed and part-way through: some cases screened,
  the rest in the auditors' queues (most of ``auditor``'s still to do), and one referred case with one
  panel review of the three it needs.

Every free-text field starts "Synthetic demo". Running it again changes nothing: the rounds are found by
their names. See docs/clinical-performance-demo.md.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from oversight.accounts.models import User
from oversight.audit import auditor
from oversight.audit.context import Actor, acting_as
from oversight.workforce.services import add_clinician

from .configuration import read_export_shape
from .models import AuditCase, AuditRound, CaseStatus, PanelDecision, Rating, ScreenOutcome
from .services import reviews, rounds
from .services.consultations import import_consultations
from .services.shifts import import_shifts

MARK = "Synthetic demo"
CONSULTATIONS_FILE = "synthetic-demo-adastra-consultations.csv"  # what the summary calls the generated export
ROTA_FILE = "synthetic-demo-rota.csv"
EXPORT_SHAPE = "adastra"
AUDITORS = ("auditor", "auditor2", "auditor3")
# Days of history before the previous quarter: without them, everyone's first consultation would fall in
# the previous round's period and the sampling would take every clinician for a new starter.
LEAD_IN_DAYS = 30
# The current round's quarter is the one 15 days ago, so that it always has a fortnight of consultations.
CURRENT_ROUND_LAG_DAYS = 15
COMPLETED_ROUND_PER_CLINICIAN = 2
REST_HOURS = 11  # between the end of one shift and the start of the next, as a rota would allow
# A sessional clinician works at least once in this many days (to keep their skills up), and every
# clinician works on their first day: the new-starter rule reads the first consultation on record.
LONGEST_GAP_DAYS = 21
LONG_WEEKEND_SESSION = (time(8, 0), 12)

GP, ANP, PARAMEDIC = "GP", "Advanced nurse practitioner", "Paramedic"
PROFESSION = {GP: "doctor", ANP: "nurse", PARAMEDIC: "paramedic"}
OUT_OF_HOURS, CAS = "GP out of hours", "Integrated urgent care clinical assessment service"
BASES = ("Northbridge General Hospital out-of-hours base", "Eastvale Community Hospital out-of-hours base")
HUB = "Northbridge remote clinical hub"


@dataclass(frozen=True)
class DemoClinician:
    name: str
    role: str
    registration_number: str
    shifts_per_week: float
    cases_per_hour: float
    quality: float  # the share of audit criteria met, roughly
    starts_after_days: int = 0  # from the start of the history: new starters join later
    emergency_referral_bias: float = 1.0  # more (or fewer) emergency department referrals than peers
    long_weekends: bool = False  # a salaried out-of-hours GP: 08:00 to 20:00 every Saturday and Sunday


def _gp(n, name, shifts=0.3, pace=2.8, quality=0.88, **kw):
    return DemoClinician(f"{name} (synthetic)", GP, f"99960{n:02d}", shifts, pace, quality, **kw)


def _anp(n, name, shifts=0.35, pace=2.4, quality=0.86, **kw):
    return DemoClinician(f"{name} (synthetic)", ANP, f"99N9{n:03d}S", shifts, pace, quality, **kw)


def _paramedic(n, name, shifts=0.35, pace=1.2, quality=0.85, **kw):
    return DemoClinician(f"{name} (synthetic)", PARAMEDIC, f"PA99{n:03d}", shifts, pace, quality, **kw)


DEMO_CLINICIAN = "Dr Ben Carter (synthetic)"  # linked to the demo user ``clinician``
LOW_SCORER = "Dr Peter Lindqvist (synthetic)"  # flagged for re-audit in the previous round
CLINICIANS = [
    _gp(1, "Dr Ben Carter", shifts=0.6, quality=0.9),
    _gp(2, "Dr Amara Okoye", pace=2.0, quality=0.9, long_weekends=True),  # many hours: sampled more
    _gp(3, "Dr Daniel Hughes"),
    _gp(4, "Dr Fiona Grant", quality=0.93),
    _gp(5, "Dr Imran Qureshi", pace=4.2, quality=0.82),
    _gp(6, "Dr Laura Bennett", shifts=0.5),
    _gp(7, "Dr Michael Osei", emergency_referral_bias=1.8),
    _gp(8, "Dr Sophie Turner", quality=0.92, starts_after_days=LEAD_IN_DAYS + 40),  # new starter last quarter
    _gp(9, "Dr Rajesh Nair", pace=2.6),
    _gp(10, "Dr Hannah Wright", shifts=0.45),
    _gp(11, "Dr Peter Lindqvist", pace=4.5, quality=0.5),
    _gp(12, "Dr Zainab Ahmed", shifts=0.7, starts_after_days=LEAD_IN_DAYS + 100),  # joined this quarter
    _anp(1, "Claire Donovan", quality=0.9),
    _anp(2, "Marcus Reid"),
    _anp(3, "Joanne Kelly", shifts=0.55),
    _anp(4, "Priya Menon", pace=2.9, quality=0.8),
    _anp(5, "Rachel Adams", starts_after_days=LEAD_IN_DAYS + 45),  # new starter last quarter
    _anp(6, "Tomasz Nowak"),
    _anp(7, "Emma Fielding", quality=0.91),
    _paramedic(1, "Gareth Jones", emergency_referral_bias=2.2),
    _paramedic(2, "Lucy Chapman", quality=0.9),
    _paramedic(3, "Ahmed Hassan"),
    _paramedic(4, "Nicola Barnes", shifts=0.5),
    _paramedic(5, "Sean O'Brien", quality=0.8),
    _paramedic(6, "Kirsty Walsh"),
]

# Where each role works and how it sees patients: (service, site, contact type weights).
WORK = {
    GP: [(OUT_OF_HOURS, BASES[0], {"telephone": 35, "face_to_face_base": 45, "home_visit": 18, "video": 2}),
         (OUT_OF_HOURS, BASES[1], {"telephone": 35, "face_to_face_base": 45, "home_visit": 18, "video": 2}),
         (CAS, HUB, {"telephone": 92, "video": 8})],
    ANP: [(OUT_OF_HOURS, BASES[0], {"face_to_face_base": 72, "telephone": 23, "video": 5}),
          (OUT_OF_HOURS, BASES[1], {"face_to_face_base": 72, "telephone": 23, "video": 5}),
          (CAS, HUB, {"telephone": 90, "video": 10})],
    PARAMEDIC: [(OUT_OF_HOURS, BASES[0], {"home_visit": 85, "telephone": 15}),
                (OUT_OF_HOURS, BASES[1], {"home_visit": 85, "telephone": 15})],
}
# How the Adastra export writes each contact type (its mapping, rules/exports/adastra.toml).
ADASTRA_CASE_TYPE = {"telephone": "Telephone Advice", "face_to_face_base": "Base", "home_visit": "Home Visit",
                     "video": "Video"}
EMERGENCY = "Referred to emergency department"
DISPOSITIONS = {
    "telephone": {"Self care advice": 30, "Prescription issued": 15, "Advised to contact own GP": 20,
                  "Base appointment booked": 15, "Home visit arranged": 5, EMERGENCY: 8,
                  "Ambulance requested (999)": 3, "Referred to specialty for admission": 4},
    "face_to_face_base": {"Self care advice": 25, "Prescription issued": 35, "Advised to contact own GP": 15,
                          EMERGENCY: 10, "Referred to specialty for admission": 8, "Ambulance requested (999)": 2,
                          "Referred to community services": 5},
    "home_visit": {"Prescription issued": 25, "Self care advice": 15, "Referred to specialty for admission": 20,
                   "Referred to community services": 15, "Palliative care support": 10,
                   "Ambulance requested (999)": 8, "Advised to contact own GP": 7},
    "video": {"Self care advice": 40, "Prescription issued": 30, "Advised to contact own GP": 20,
              "Base appointment booked": 10},
}
# Out-of-hours sessions, as (start, length in hours): weekday evenings and nights, and weekends all day.
WEEKDAY_SESSIONS = [(time(18, 30), 5), (time(23, 0), 9)]
WEEKEND_SESSIONS = [(time(8, 0), 6), (time(14, 0), 6), (time(18, 30), 5), (time(23, 0), 9)]


def build(region, rng: random.Random) -> str:
    organisation = region.main_trust
    if AuditRound.objects.filter(organisation=organisation, name__startswith=MARK).exists():
        return "clinical performance: synthetic demo clinicians, consultations and audit rounds already present"
    people = _demo_users()
    rng = random.Random(rng.randrange(2**32))  # this step's own stream: the same demo seed, the same records
    previous_start, current_start, last_day = _dates(timezone.localdate())
    first_day = previous_start - timedelta(days=LEAD_IN_DAYS)
    clinicians = _add_clinicians(organisation, people)
    shifts = _shifts(clinicians, first_day, last_day, rng)
    _import_rota(organisation, shifts)
    consultations = _import_consultations(organisation, shifts, rng)
    previous = _completed_round(organisation, previous_start, people, rng)
    current = _round_under_way(organisation, current_start, people, rng)
    return (f"clinical performance: {len(clinicians)} SYNTHETIC clinicians at {organisation.name} "
            f"({people['clinician'].username} is {DEMO_CLINICIAN}, appraiser {people['auditor'].username}); "
            f"{len(shifts):,} shifts ({ROTA_FILE}) and {consultations:,} consultations ({CONSULTATIONS_FILE}) "
            f"from {first_day:%d %B %Y} to {last_day:%d %B %Y}; rounds: {_round_line(previous)}; {_round_line(current)}")


def _demo_users() -> dict[str, User]:
    names = ("clinlead", "clinician", *AUDITORS)
    people = {u.username: u for u in User.objects.filter(username__in=names)}
    missing = sorted(set(names) - set(people))
    if missing:
        raise RuntimeError(f"The clinical performance demo needs the demo users {', '.join(missing)} "
                           f"(oversight.demo.users builds them first)")
    return people


def quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _dates(today: date) -> tuple[date, date, date]:
    """The previous round's quarter start, the current round's, and the last day with consultations."""
    current = quarter_start(today - timedelta(days=CURRENT_ROUND_LAG_DAYS))
    return quarter_start(current - timedelta(days=1)), current, today - timedelta(days=1)


# ------------------------------------------------------------------------------------ clinicians ----


def _add_clinicians(organisation, people) -> dict[str, tuple]:
    """Each demo clinician's record, keyed by registration number, with their DemoClinician."""
    added = {}
    for spec in CLINICIANS:
        record = add_clinician(organisation=organisation, name=spec.name, profession=PROFESSION[spec.role],
                               registration_number=spec.registration_number)
        if spec.name == DEMO_CLINICIAN:
            record.user, record.appraiser = people["clinician"], people["auditor"]
            auditor.update(record, reason=f"{MARK}: the demo clinician's own account and appraiser")
        added[record.registration_number] = (record, spec)
    return added


# ---------------------------------------------------------------------------- shifts and activity ----


def _shifts(clinicians: dict, first_day: date, last_day: date, rng: random.Random) -> list[dict]:
    shifts = []
    for number, (_record, spec) in clinicians.items():
        last_end = None
        day = first_day + timedelta(days=spec.starts_after_days)
        while day <= last_day:
            start_time, hours = _session(spec, day, rng)
            start, end = datetime.combine(day, start_time), datetime.combine(day, start_time) + timedelta(hours=hours)
            if end <= datetime.combine(last_day + timedelta(days=1), time(0)) and _works(spec, day, start, last_end, rng):
                service, site, contacts = rng.choice(WORK[spec.role])
                shifts.append({"registration_number": number, "spec": spec, "start": start, "end": end,
                               "service": service, "site": site, "contacts": contacts})
                last_end = end
            day += timedelta(days=1)
    return shifts


def _session(spec: DemoClinician, day: date, rng: random.Random) -> tuple[time, int]:
    if day.weekday() >= 5:
        return LONG_WEEKEND_SESSION if spec.long_weekends else rng.choice(WEEKEND_SESSIONS)
    return rng.choice(WEEKDAY_SESSIONS)


def _works(spec: DemoClinician, day: date, start: datetime, last_end: datetime | None, rng: random.Random) -> bool:
    if last_end is None:
        return True
    if start < last_end + timedelta(hours=REST_HOURS):
        return False
    if (spec.long_weekends and day.weekday() >= 5) or start - last_end >= timedelta(days=LONGEST_GAP_DAYS):
        return True
    # Weekends are busier, so clinicians are rostered on them more often.
    return rng.random() < spec.shifts_per_week / 7 * (1.6 if day.weekday() >= 5 else 0.76)


def _import_rota(organisation, shifts: list[dict]) -> None:
    rows = [[s["registration_number"], f"{s['start']:%Y-%m-%d %H:%M}", f"{s['end']:%Y-%m-%d %H:%M}", s["service"],
             s["site"], s["spec"].role] for s in shifts]
    result = import_shifts(data=_csv(["registration_number", "start", "end", "service", "site", "role"], rows),
                           organisation=organisation)
    if not result.ok:
        raise RuntimeError(f"The synthetic rota was refused: {result.problems[:3]}")


def _import_consultations(organisation, shifts: list[dict], rng: random.Random) -> int:
    export = read_export_shape(EXPORT_SHAPE)
    columns = export.columns
    headings = [columns[name] for name in ("case_reference", "registration_number", "role", "consulted_at", "service",
                                           "contact_type", "disposition")]
    rows = []
    for shift in shifts:
        for when in _consultation_times(shift, rng):
            contact = _pick(shift["contacts"], rng)
            rows.append([f"SYN{len(rows) + 1:07d}", shift["registration_number"], shift["spec"].role,
                         f"{when:%d/%m/%Y %H:%M}", shift["service"], ADASTRA_CASE_TYPE[contact],
                         _disposition(contact, shift["spec"], rng)])
    result = import_consultations(organisation=organisation, shape=export, data=_csv(headings, rows))
    if not result.imported:
        raise RuntimeError(f"The synthetic consultations were refused: {result.problems[:3]}")
    return result.created


def _consultation_times(shift: dict, rng: random.Random) -> list[datetime]:
    """Minutes within the shift, one per consultation, busier or quieter than the clinician's usual pace."""
    minutes = int((shift["end"] - shift["start"]).total_seconds() // 60)
    count = max(1, round(minutes / 60 * shift["spec"].cases_per_hour * rng.uniform(0.75, 1.25)))
    return [shift["start"] + timedelta(minutes=m) for m in sorted(rng.sample(range(minutes), min(count, minutes)))]


def _disposition(contact: str, spec: DemoClinician, rng: random.Random) -> str:
    weights = dict(DISPOSITIONS[contact])
    if EMERGENCY in weights:
        weights[EMERGENCY] *= spec.emergency_referral_bias
    return _pick(weights, rng)


def _pick(weights: dict, rng: random.Random) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _csv(headings: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    writer.writerows(rows)
    return out.getvalue().encode()


# -------------------------------------------------------------------------------------- rounds ----


def _round_name(start: date) -> str:
    end = rounds.default_period_end(start)
    return f"{MARK} audit, {start:%B} to {end:%B %Y}"


def _draw(organisation, start: date, people, rng: random.Random, **sampling) -> AuditRound:
    with acting_as(Actor(user=people["clinlead"])):
        audit_round = rounds.create_round(organisation=organisation, name=_round_name(start), period_start=start,
                                          created_by=people["clinlead"], **sampling)
        return rounds.draw_sample(audit_round=audit_round, seed=rng.randrange(rounds.MAX_SEED),
                                  auditors=[people[name] for name in AUDITORS])


def _cases(audit_round: AuditRound) -> list[AuditCase]:
    return list(audit_round.cases.select_related("clinician", "consultation", "auditor", "round__template")
                .prefetch_related("round__template__criteria").order_by("consultation__consulted_at", "consultation__case_reference"))


def _spec_of(case: AuditCase) -> DemoClinician:
    return next(s for s in CLINICIANS if s.registration_number == case.clinician.registration_number)


def _criteria(audit_round: AuditRound) -> list[str]:
    return [criterion.code for criterion in audit_round.template.criteria.all()]


def _ratings(codes: list[str], quality: float, rng: random.Random) -> dict[str, str]:
    """A rating for each criterion: met with chance ``quality``, otherwise mostly partly met."""
    ratings = {}
    for code in codes:
        draw = rng.random()
        ratings[code] = (Rating.COMPLIANT if draw < quality else
                         Rating.PARTIALLY_COMPLIANT if draw < quality + (1 - quality) * 0.6 else Rating.NON_COMPLIANT)
    return ratings


def _below_standard(audit_round: AuditRound, ratings: dict[str, str]) -> dict[str, str]:
    """The ratings, marked down criterion by criterion until the score is under the re-audit threshold."""
    template = audit_round.template
    for code in ratings:
        if reviews.score_of(template, ratings) < template.reaudit_below:
            break
        ratings[code] = Rating.NON_COMPLIANT
    return ratings


def _screen_ratings(case: AuditCase, rng: random.Random) -> dict[str, str]:
    spec = _spec_of(case)
    ratings = _ratings(_criteria(case.round), spec.quality, rng)
    return _below_standard(case.round, ratings) if spec.name == LOW_SCORER else ratings


def _is_low(case: AuditCase, ratings: dict[str, str]) -> bool:
    return reviews.score_of(case.round.template, ratings) < case.round.template.reaudit_below


def _screen(case: AuditCase, ratings: dict[str, str], *, refer: bool = False) -> AuditCase:
    """The assigned auditor's first screen: a pass, or a referral when the score is under the standard
    (the service refuses a pass there) or ``refer`` asks for a second opinion."""
    low = _is_low(case, ratings)
    with acting_as(Actor(user=case.auditor)):
        if low or refer:
            reason = "scored below the standard at the first screen" if low else "a second opinion on the safety-netting"
            return reviews.screen_case(case=case, reviewer=case.auditor, outcome=ScreenOutcome.REFER, ratings=ratings,
                                       comment=f"{MARK}: {reason}; for the panel.")
        return reviews.screen_case(case=case, reviewer=case.auditor, outcome=ScreenOutcome.PASS, ratings=ratings)


def _panel_review(case: AuditCase, reviewer: User, rng: random.Random) -> AuditCase:
    ratings = _screen_ratings(case, rng)
    decision = PanelDecision.CONCERNS_CONFIRMED if _is_low(case, ratings) else PanelDecision.NO_CONCERNS
    with acting_as(Actor(user=reviewer)):
        return reviews.review_at_panel(case=case, reviewer=reviewer, decision=decision, ratings=ratings,
                                       comment=f"{MARK}: panel member's review.")


def _feedback(case: AuditCase) -> str:
    if reviews.feedback_kind(case) == "negative":
        return (f"{MARK} feedback from the panel: this consultation scored {case.score:g}% ({case.grade}), below the "
                "standard. Learning points: record red flags asked about, and give and record safety-netting advice. "
                "A re-audit of your consultations is part of next quarter's round.")
    return (f"{MARK} feedback: a well-recorded consultation, scoring {case.score:g}% ({case.grade}). "
            "Safety-netting advice was clear.")


def _completed_round(organisation, start: date, people, rng: random.Random) -> AuditRound:
    # Two per clinician rather than the programme's four: every case is scored on every criterion through
    # the audited services, and this keeps the demo quick to build. The current round uses the default.
    audit_round = _draw(organisation, start, people, rng, per_clinician=COMPLETED_ROUND_PER_CLINICIAN)
    cases = _cases(audit_round)
    demo_cases = [c for c in cases if c.clinician.name == DEMO_CLINICIAN]
    for case in cases:
        # One of Dr Carter's cases goes to the panel, so his record shows a panel's feedback and his reflection.
        _screen(case, _screen_ratings(case, rng), refer=case in demo_cases[:1] or rng.random() < 0.05)
    for case in audit_round.cases.filter(status=CaseStatus.REFERRED).select_related("clinician", "round__template"):
        for name in AUDITORS:
            case = _panel_review(case, people[name], rng)
    with acting_as(Actor(user=people["clinlead"])):
        for case in _cases(audit_round):
            reviews.release_feedback(case=case, feedback=_feedback(case))
    with acting_as(Actor(user=people["clinlead"])):
        audit_round = rounds.close_round(audit_round=audit_round)
    _reflect(audit_round, people["clinician"])  # clinicians reflect after the round closes, too
    return audit_round


def _reflect(audit_round: AuditRound, user: User) -> None:
    with acting_as(Actor(user=user)):
        for case in audit_round.cases.filter(clinician__user=user).order_by("-screen_outcome")[:2]:
            reviews.write_reflection(case=case, user=user, reflection=(
                f"{MARK} reflection: I have read the feedback. I will record the safety-netting advice I give in "
                "the words I used, and check red flags explicitly on every telephone assessment."))


def _round_under_way(organisation, start: date, people, rng: random.Random) -> AuditRound:
    """Drawn with its seed; about half the other auditors' cases screened, two of ``auditor``'s, and one
    case referred, with one panel review of the three it needs. Any other case that would need the panel
    stays in its auditor's queue, so exactly one waits for the panel."""
    audit_round = _draw(organisation, start, people, rng)
    screened = dict.fromkeys(AUDITORS, 0)
    referred = None
    for case in _cases(audit_round):
        name = case.auditor.username
        if (name == "auditor" and screened[name] >= 2) or (name != "auditor" and rng.random() < 0.5):
            continue
        ratings = _screen_ratings(case, rng)
        if referred is not None and _is_low(case, ratings):
            continue
        case = _screen(case, ratings, refer=referred is None and name == "auditor2")
        screened[name] += 1
        if case.status == CaseStatus.REFERRED:
            referred = _panel_review(case, people["auditor3"] if name != "auditor3" else people["auditor"], rng)
    return audit_round


def _round_line(audit_round: AuditRound) -> str:
    counts = {label: audit_round.cases.filter(status=value).count() for value, label in CaseStatus.choices}
    shown = ", ".join(f"{n} {label.lower()}" for label, n in counts.items() if n)
    return f"{audit_round.name} (seed {audit_round.seed}): {shown}"
