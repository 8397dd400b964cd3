"""The subject access request clock: when a response is due, the extension, stopping the clock, and
the serious-harm opinion for health records.

Framework-free (no Django), built on :mod:`oversight.deadlines` and its ``subject_access_request`` rule.
Rules: ``nhs-governance-rules.md`` §8, "Subject access requests" (ICO guidance [S147], confirmed;
the Data (Use and Access) Act 2025 [S148], secondary; health records [S149]).

The rules
    * **Day one is the day of receipt**, a working day or not. The response is due on the
      **corresponding date next month** (received 3 September, due 3 October); when that date does not
      exist, the **last day of that month** (received 31 January 2025, due 28 February 2025).
    * A due date on a **weekend or bank holiday** (England and Wales) moves to the **next working day**.
    * **Extension** for complex or numerous requests: two further months, so three months from receipt by
      the same rules; the requester must be told **within the first month** (on or before the unextended
      due date), with reasons.
    * Never "+30 days" (nor the ICO's optional fixed 28 days): the arithmetic is the deadline policy's
      calendar-month rule (``default_policy()["subject_access_request"]``), so a trust's override of the
      policy (``policy=``) changes it here too.
    * **Serious-harm test** (DPA 2018 Sch. 3 Pt 2): a controller that is not a health professional may
      disclose health data only if an appropriate health professional said, **within the last 6 months**,
      that the test is not met.

The choices (Oversight's, documented here because the sources leave them open)
    * **Stopping the clock** (clarification or proof of identity sought): the ICO's text says the clock
      pauses and resumes, so a stop is a **pause**, not a restart. A stop ``(sought_on, received_on)``
      pauses the calendar days from the day clarification was sought up to the day before it arrived
      (``received_on - sought_on`` days); the due date moves later by the paused days. The pause is added
      to the *unrolled* due date (the corresponding date) and only then is the result rolled to a working
      day, so a weekend before the pause never adds days of its own.
    * **Overlapping stops count once** (the union of the paused days).
    * **An open stop** (``received_on`` is ``None``: still waiting) means there is **no due date** while
      the clock is stopped: :func:`sar_due` returns ``None``.
    * A stop that begins **after the due date had already passed** (taking earlier stops into account)
      does not count: a lapsed deadline is not revived by asking a question late. Such an open stop does
      not make the due date ``None`` either.
    * The serious-harm opinion is "within the last 6 months" counted back from the disclosure date in
      calendar months (``add_calendar_months(disclosure_on, -6)``, inclusive); an opinion dated after the
      disclosure does not cover it.

Example::

    from datetime import date
    sar_due(date(2024, 9, 3))                                            # date(2024, 10, 3)
    sar_due(date(2024, 9, 3), stops=[(date(2024, 9, 10), date(2024, 9, 20))])  # date(2024, 10, 14)
    sar_due(date(2024, 9, 3), extended=True)                             # date(2024, 12, 3)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from oversight.deadlines import DeadlinePolicy, add_calendar_months, default_policy

__all__ = [
    "RULE",
    "SarProblem",
    "Stop",
    "check_sar_dates",
    "extension_allowed",
    "paused_days",
    "sar_due",
    "serious_harm_opinion_current",
]

#: The deadline policy's rule for subject access requests.
RULE = "subject_access_request"
#: How long a health professional's serious-harm opinion stays current, in calendar months [S149].
SERIOUS_HARM_OPINION_MONTHS = 6

#: A clock stop: (the day clarification or identity was sought, the day it arrived or None if awaited).
Stop = tuple[date, date | None]


class SarProblem(ValueError):
    """Dates of a subject access request that cannot be right; ``field`` names the form field."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(message)


def _day(value: object, field: str, what: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise SarProblem(field, f"{what} must be a date (a day, without a time).")
    return value


def _checked_stops(received: date, stops: Iterable[Stop]) -> list[Stop]:
    checked = []
    for stop in stops:
        try:
            sought, arrived = stop
        except (TypeError, ValueError):
            raise SarProblem(
                "stops", "Each clock stop needs the day clarification was sought and the day it arrived."
            ) from None
        _day(sought, "stops", "The day clarification was sought")
        if arrived is not None:
            _day(arrived, "stops", "The day clarification arrived")
        if sought < received:
            raise SarProblem(
                "stops",
                f"The clock was stopped on {sought:%d %B %Y}, before the request was received on "
                f"{received:%d %B %Y}.",
            )
        if arrived is not None and arrived < sought:
            raise SarProblem(
                "stops",
                f"The clarification arrived on {arrived:%d %B %Y}, before it was sought on {sought:%d %B %Y}.",
            )
        checked.append((sought, arrived))
    return checked


def _merged(stops: list[Stop]) -> list[Stop]:
    """The stops as non-overlapping pauses in date order (an open stop swallows everything after it)."""
    merged: list[list[date | None]] = []
    for sought, arrived in sorted(stops, key=lambda s: s[0]):
        if merged:
            last = merged[-1]
            if last[1] is None:
                break
            if sought <= last[1]:
                last[1] = None if arrived is None else max(last[1], arrived)
                continue
        merged.append([sought, arrived])
    return [(s, a) for s, a in merged]  # type: ignore[misc]


def _base_due(received: date, extended: bool, policy: DeadlinePolicy) -> tuple[date, bool]:
    """The policy's due date before any roll to a working day, and whether the rule rolls."""
    rule = policy.rule(RULE)
    unrolled = dataclasses.replace(rule, roll_to_working_day=False)
    return unrolled.due(received, extended=extended, calendar=policy.calendar), rule.roll_to_working_day


def _paused(base: date, roll: bool, stops: list[Stop], policy: DeadlinePolicy) -> int | None:
    paused = 0
    for sought, arrived in _merged(stops):
        running = base + timedelta(days=paused)
        if roll:
            running = policy.calendar.next_working_day_on_or_after(running)
        if sought > running:
            break  # the deadline had already passed: a later stop does not revive it
        if arrived is None:
            return None
        paused += (arrived - sought).days
    return paused


def paused_days(
    received: date, stops: Iterable[Stop] = (), *, extended: bool = False, policy: DeadlinePolicy | None = None
) -> int | None:
    """Calendar days the clock stood still (overlaps counted once), or None while a stop is open."""
    policy = policy or default_policy()
    _day(received, "received_on", "The day the request was received")
    checked = _checked_stops(received, stops)
    base, roll = _base_due(received, extended, policy)
    return _paused(base, roll, checked, policy)


def sar_due(
    received: date,
    *,
    stops: Iterable[Stop] = (),
    extended: bool = False,
    policy: DeadlinePolicy | None = None,
) -> date | None:
    """The day the response is due, or ``None`` while the clock is stopped (a stop with no end).

    ``received`` is day one. ``stops`` are ``(sought_on, arrived_on)`` pairs (``arrived_on`` None while
    waiting). ``extended=True``: three months from receipt. ``policy``: the deadline policy to use (the
    packaged one by default). Raises :class:`SarProblem` for a stop before receipt or ending before it began.
    """
    policy = policy or default_policy()
    _day(received, "received_on", "The day the request was received")
    checked = _checked_stops(received, stops)
    base, roll = _base_due(received, extended, policy)
    paused = _paused(base, roll, checked, policy)
    if paused is None:
        return None
    due = base + timedelta(days=paused)
    return policy.calendar.next_working_day_on_or_after(due) if roll else due


def extension_allowed(
    received: date,
    decided_on: date,
    stops: Iterable[Stop] = (),
    *,
    policy: DeadlinePolicy | None = None,
) -> bool:
    """True if an extension decided (and told to the requester) on ``decided_on`` is within the first month.

    The first month ends on the unextended due date (stops included); while the clock is stopped it has
    not ended. An extension decided before the request was received is not allowed either.
    """
    _day(decided_on, "extended_on", "The day the extension was decided")
    due = sar_due(received, stops=stops, policy=policy)
    return decided_on >= received and (due is None or decided_on <= due)


def serious_harm_opinion_current(opinion_on: date, disclosure_on: date) -> bool:
    """True if a health professional's opinion given on ``opinion_on`` was within the 6 months before
    ``disclosure_on`` (calendar months, inclusive; an opinion after the disclosure does not count)."""
    _day(opinion_on, "opinion_on", "The day of the health professional's opinion")
    _day(disclosure_on, "disclosure_on", "The day of disclosure")
    earliest = add_calendar_months(disclosure_on, -SERIOUS_HARM_OPINION_MONTHS)
    return earliest <= opinion_on <= disclosure_on


def check_sar_dates(
    received: date,
    today: date,
    stops: Iterable[Stop] = (),
    extended_on: date | None = None,
    responded_on: date | None = None,
    *,
    policy: DeadlinePolicy | None = None,
) -> None:
    """Raise :class:`SarProblem` naming the field if the request's dates cannot be right; else None."""
    _day(received, "received_on", "The day the request was received")
    _day(today, "received_on", "Today")
    if received > today:
        raise SarProblem(
            "received_on", f"The request cannot have been received on {received:%d %B %Y}: that is in the future."
        )
    stops = _checked_stops(received, stops)
    if extended_on is not None and not extension_allowed(received, extended_on, stops, policy=policy):
        if extended_on < received:
            message = f"The extension on {extended_on:%d %B %Y} is before the request was received."
        else:
            due = sar_due(received, stops=stops, policy=policy)
            message = (
                f"The request can no longer be extended: the requester must be told within the first month, "
                f"which ended on {due:%d %B %Y}."
            )
        raise SarProblem("extended_on", message)
    if responded_on is not None:
        _day(responded_on, "responded_on", "The day of the response")
        if responded_on < received:
            raise SarProblem(
                "responded_on",
                f"The response on {responded_on:%d %B %Y} is before the request was received on "
                f"{received:%d %B %Y}.",
            )
