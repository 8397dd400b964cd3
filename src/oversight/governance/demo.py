"""Governance demo records for the synthetic region (``oversight demo``).

Northbridge (XD1) and Westmoor (XD3) get 18 months of historical incidents and complaints, loaded
through the real import (as a trust would load its Datix history), and a handful of live cases at
every stage: a Never Event under a PSII, Duty of Candour clocks due soon and overdue, complaints
waiting for acknowledgement or past their response date, a complaint made after the 12-month limit,
professional concerns, actions (some overdue) and shared learning. Everything is synthetic: NHS
numbers are in the 999 test range, names are invented and registration numbers start 999.

Running it again changes nothing: the records are found by their demo references.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta

from django.utils import timezone

from oversight.accounts.models import User
from oversight.audit import auditor
from oversight.nhs_number import synthetic_nhs_numbers
from oversight.workforce.services import add_clinician

from .imports import import_file, load_mapping
from .models import Incident
from .services import actions, candour, complaints, concerns, incidents

TRUSTS = ("XD1", "XD3")
HISTORY_MONTHS = 18
HARMS = [("No harm", 58), ("Low", 29), ("Moderate", 9), ("Severe", 3), ("Death", 1)]
THEMES = ["Falls", "Medication", "Pressure ulcers", "Communication", "Deteriorating patient", "Discharge",
          "Staffing", "Infection prevention", "Diagnosis", "Maternity"]
WHAT_HAPPENED = [
    "Patient found on the floor beside the bed during the night; no injury seen; observations normal.",
    "Dose of enoxaparin given twice because the first dose was not signed for.",
    "Category 2 pressure ulcer found on the sacrum on admission to the ward.",
    "NEWS2 score of 7 not escalated for two hours; patient later moved to critical care.",
    "Patient discharged without their take-home medicines; pharmacy contacted next day.",
    "Delay in reviewing a CT report showing a new lung lesion.",
    "Cannula site infection; the cannula had been in place for five days.",
]
COMPLAINT_SUBJECTS = [
    "Long wait in the emergency department without pain relief.", "Cancelled operation with no explanation.",
    "Staff attitude on the ward during visiting.", "Lost hearing aids during the admission.",
    "Delay in receiving the results of a biopsy.", "Poor communication about discharge plans.",
]


def build(region, rng: random.Random) -> str:
    if Incident.objects.filter(external_reference__startswith="DEMO-", organisation__ods_code__in=TRUSTS).exists():
        return "governance: demo cases already present"
    today = timezone.localdate()
    people = {u.username: u for u in User.objects.filter(username__in=["governance", "safety", "cmo", "ro", "westmoor"])}
    lines = []
    for code in TRUSTS:
        trust = region.trusts[code]
        sites = [s.ods_code for s in region.sites[code]]
        result = import_file(_incident_history(sites, today, rng), load_mapping("incidents"),
                             file_name=f"{code}-datix-incidents-history.csv", actor_label="system:oversight-demo")
        complaint_result = import_file(_complaint_history(sites, today, rng), load_mapping("complaints"),
                                       file_name=f"{code}-datix-complaints-history.csv", actor_label="system:oversight-demo")
        assert result.ok and complaint_result.ok, (result.problems[:3], complaint_result.problems[:3])
        lines.append(f"{trust.name}: {result.created} historical incidents and {complaint_result.created} complaints imported")
    live = _live_cases(region, people, today)
    return "governance: " + "; ".join([*lines, live])


# --- history through the real importer ------------------------------------------------------------------


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def _incident_history(sites: list[str], today: date, rng: random.Random) -> bytes:
    numbers = synthetic_nhs_numbers(400, seed=rng.randrange(10**6))
    labels, weights = zip(*HARMS, strict=True)
    rows = [["ID", "Site code", "Incident date", "Reported date", "Location (exact)", "Description", "Physical harm",
             "Approval status", "Learning response", "Category", "NHS number", "DoC notification date", "DoC letter date"]]
    first = today - timedelta(days=30 * HISTORY_MONTHS)
    for n in range(rng.randrange(700, 900)):
        happened = first + timedelta(days=rng.randrange(0, 30 * HISTORY_MONTHS - 30))
        reported = happened + timedelta(days=rng.choice([0, 0, 0, 1, 1, 2, 5]))
        harm = rng.choices(labels, weights)[0]
        notified = written = ""
        if harm in ("Moderate", "Severe", "Death"):
            # Most notifications in time, some late: the compliance chart has something to show.
            notified_on = reported + timedelta(days=rng.choice([2, 4, 6, 8, 9, 12, 18]))
            written_on = notified_on + timedelta(days=rng.choice([3, 5, 8, 10, 16]))
            notified, written = f"{notified_on:%d/%m/%Y}", f"{written_on:%d/%m/%Y}" if written_on < today else ""
        response = "PSII" if harm == "Death" else rng.choice(["AAR", "SWARM", "None", "None", "MDT"])
        rows.append([f"DEMO-W{n + 1:05d}", rng.choice(sites), f"{happened:%d/%m/%Y}", f"{reported:%d/%m/%Y}",
                     f"Ward {rng.randrange(1, 30)}", rng.choice(WHAT_HAPPENED), harm, "Finally approved", response,
                     "; ".join(rng.sample(THEMES, rng.choice([0, 1, 1, 2]))), rng.choice(numbers), notified, written])
    return _csv(rows)


def _complaint_history(sites: list[str], today: date, rng: random.Random) -> bytes:
    rows = [["ID", "Site code", "Method of receipt", "Date received", "Incident date", "Description", "Date acknowledged",
             "Date response sent", "Outcome", "Subject", "Status"]]
    first = today - timedelta(days=30 * HISTORY_MONTHS)
    for n in range(rng.randrange(120, 160)):
        received = first + timedelta(days=rng.randrange(0, 30 * (HISTORY_MONTHS - 7)))
        events = received - timedelta(days=rng.randrange(3, 200))
        acknowledged = received + timedelta(days=rng.choice([1, 1, 2, 3, 3, 6]))
        responded = received + timedelta(days=rng.choice([25, 40, 60, 90, 120, 170, 200]))
        rows.append([f"DEMO-C{n + 1:05d}", rng.choice(sites), rng.choice(["Letter", "Email", "Telephone"]),
                     f"{received:%d/%m/%Y}", f"{events:%d/%m/%Y}", rng.choice(COMPLAINT_SUBJECTS),
                     f"{acknowledged:%d/%m/%Y}", f"{responded:%d/%m/%Y}",
                     rng.choice(["Upheld", "Partly upheld", "Not upheld"]), rng.choice(THEMES), "Closed"])
    return _csv(rows)


# --- live cases through the services -------------------------------------------------------------------


def _report(place, user, today, days_ago: int, **fields):
    fields.setdefault("event_type", "incident")
    fields.setdefault("psychological_harm", "none")
    incident = incidents.report_incident(place=place, user=user, occurred_on=today - timedelta(days=days_ago + 1), **fields)
    incident.reported_at = timezone.now() - timedelta(days=days_ago)
    incident.external_reference = f"DEMO-LIVE-{incident.reference}"
    auditor.update(incident)
    tracker = candour.ensure_tracker(incident)
    if tracker is not None:
        tracker.awareness_date = today - timedelta(days=days_ago)
        auditor.update(tracker)
    return Incident.objects.get(pk=incident.pk)


def _live_cases(region, people, today: date) -> str:
    northbridge, eastvale = region.sites["XD1"][0], region.sites["XD1"][1]
    westmoor = region.sites["XD3"][0]
    lead, safety, cmo, ro = people.get("governance"), people.get("safety"), people.get("cmo"), people.get("ro")
    numbers = iter(synthetic_nhs_numbers(20, seed=404))

    # A fall two days ago with moderate harm: waiting for review, Duty of Candour due soon.
    _report(northbridge, None, today, 2, location="Ward 7 (Elderly care)", physical_harm="moderate",
            description="Patient fell in the bathroom at night and fractured her wrist; she had been assessed as high falls risk.",
            immediate_actions="X-ray, orthopaedic review, family informed.", patient_name="Margaret Demo",
            patient_nhs_number=next(numbers), patient_date_of_birth=date(1938, 4, 2), themes="Falls")
    # A Never Event under a PSII: notified in person, written notification now overdue.
    swab = _report(northbridge, safety, today, 19, location="Theatre 3", physical_harm="moderate", never_event="NE03",
                   description="Swab retained after a laparotomy, found on a CT scan for abdominal pain.",
                   immediate_actions="Return to theatre; swab removed.", patient_name="David Demo",
                   patient_nhs_number=next(numbers), themes="Theatres, Swab counts")
    incidents.review(swab, lead, note="Confirmed Never Event; reported to the ICB.")
    incidents.choose_learning_response(swab, lead, "psii", note="National requirement: Never Event")
    candour.record_notification(swab.candour, cmo, notified_on=today - timedelta(days=17), relevant_person="patient",
                                notified_by="Consultant surgeon and ward manager", apology_given=True,
                                note="Explained what happened and the investigation; apologised.")
    actions.add_action(swab, lead, description="Introduce a two-person swab count at every closure", owner=safety,
                       due_on=today - timedelta(days=3))
    # A deterioration with severe harm: notification overdue.
    _report(eastvale, safety, today, 16, location="Ward 2", physical_harm="severe",
            description="NEWS2 of 8 not escalated overnight; the patient had a cardiac arrest and now has a hypoxic brain injury.",
            patient_name="Ruth Demo", patient_nhs_number=next(numbers), themes="Deteriorating patient")
    # A medication error taken through to closed, with learning shared.
    done = _report(northbridge, lead, today, 60, location="Ward 9", physical_harm="low",
                   description="Insulin prescribed as '10U' read as 100 units; caught at the bedside check.", themes="Medication")
    incidents.review(done, lead)
    incidents.choose_learning_response(done, lead, "swarm_huddle", note="Huddle the same afternoon")
    incidents.start_response(done, lead)
    incidents.share_learning(done, lead, title="Never abbreviate 'units'",
                             summary="The bedside double check caught a tenfold insulin error. Prescribers now write "
                                     "'units' in full and the e-prescribing system blocks 'U'.")
    incidents.close(done, lead)
    # An anonymous report, and one at Westmoor for its own governance lead.
    _report(eastvale, None, today, 1, physical_harm="none", event_type="risk",
            description="Oxygen cylinders stored in the corridor outside the day room.")
    west = _report(westmoor, people.get("westmoor"), today, 5, physical_harm="moderate", location="Maternity",
                   description="Delay in category 1 caesarean section because theatre was occupied.", themes="Maternity")
    incidents.review(west, people.get("westmoor"))

    # Complaints.
    trust = region.trusts["XD1"]
    fresh = complaints.register_complaint(place=northbridge, user=lead, channel="electronic", received_on=today,
                                          events_on=today - timedelta(days=9), summary=COMPLAINT_SUBJECTS[0],
                                          complainant_name="Sarah Demo", complainant_relationship="relative",
                                          patient_name="John Demo", patient_nhs_number=next(numbers), themes="Communication")
    waiting = complaints.register_complaint(place=eastvale, user=lead, channel="oral", received_on=today - timedelta(days=8),
                                            events_on=today - timedelta(days=30), summary="Told by telephone: " + COMPLAINT_SUBJECTS[3],
                                            complainant_name="Tom Demo", complainant_relationship="patient")
    slow = complaints.register_complaint(place=northbridge, user=lead, channel="written", received_on=today - timedelta(days=200),
                                         events_on=today - timedelta(days=260), summary=COMPLAINT_SUBJECTS[4],
                                         complainant_name="Priya Demo", complainant_relationship="patient", themes="Diagnosis")
    complaints.acknowledge(slow, lead, acknowledged_on=today - timedelta(days=198))
    complaints.start_investigation(slow, lead)
    complaints.send_holding_letter(slow, lead, sent_on=today - timedelta(days=15), reason="Awaiting the radiology review",
                                   expected_response_on=today + timedelta(days=20))
    old = complaints.register_complaint(place=northbridge, user=lead, channel="written", received_on=today - timedelta(days=40),
                                        events_on=today - timedelta(days=500), summary=COMPLAINT_SUBJECTS[1],
                                        complainant_name="Ann Demo", complainant_relationship="patient",
                                        time_limit_note="The complainant was abroad having treatment; the records are complete.")
    complaints.acknowledge(old, lead, acknowledged_on=today - timedelta(days=38))
    answered = complaints.register_complaint(place=northbridge, user=lead, channel="written", received_on=today - timedelta(days=150),
                                             events_on=today - timedelta(days=170), summary=COMPLAINT_SUBJECTS[2],
                                             complainant_name="Lee Demo", complainant_relationship="patient")
    complaints.acknowledge(answered, lead, acknowledged_on=today - timedelta(days=148))
    complaints.send_response(answered, lead, sent_on=today - timedelta(days=60), signed_by="Chief Executive", outcome="partly_upheld")
    complaints.refer_to_ombudsman(answered, lead, referred_on=today - timedelta(days=20), reference="PHSO-DEMO-1")
    for complaint in (fresh, waiting, slow, old, answered):
        complaint.external_reference = f"DEMO-LIVE-{complaint.reference}"
        auditor.update(complaint)
    actions.add_action(slow, lead, description="Chase the radiology review", owner=lead, due_on=today + timedelta(days=5))

    # Professional concerns.
    surgeon = add_clinician(organisation=trust, name="Dr Alex Demo-Surgeon", profession="doctor", registration_number="9990011")
    nurse = add_clinician(organisation=trust, name="Jamie Demo-Nurse", profession="nurse", registration_number="99A9011D")
    concern = concerns.raise_concern(clinician=surgeon, user=ro, raised_on=today - timedelta(days=40), source="data",
                                     category="capability", summary="Higher than expected return-to-theatre rate over two quarters.")
    concerns.move_to_stage(concern, ro, stage="initial_assessment", note="Decision-making group: review 20 sets of notes.",
                           on=today - timedelta(days=30))
    actions.add_action(concern, ro, description="Independent case-note review", owner=ro, due_on=today - timedelta(days=2))
    concerns.raise_concern(clinician=nurse, user=ro, raised_on=today - timedelta(days=3), source="colleague", category="conduct",
                           summary="Reported by two colleagues for falsifying observation charts.")
    return "live cases at every stage, 2 professional concerns, actions and shared learning"
