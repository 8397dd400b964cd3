"""SYNTHETIC call events for the demo and the benchmark: seeded, vectorised (NumPy), plausibly shaped.

Nothing here is real: every code starts ``SYN-``, every frame carries ``synthetic = true`` and a CSV written
by :func:`write_events` starts with a ``# SYNTHETIC`` comment line. The shapes are rough, for exercising the
KPIs (about 3% abandoned, most calls answered within a minute, 45% with clinical input, call-back and
assessment delays longer for less urgent calls, some late or missing practice notifications); they are not
calibrated to any published figure.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date, datetime
from pathlib import Path

import numpy as np
import polars as pl

from oversight.iuc.events import CATEGORICAL
from oversight.iuc.rules import IucRules, default_rules

SYNTHETIC_NOTE = "# SYNTHETIC call events made by oversight.iuc.synthetic: not real calls, not for reporting"
_MINUTE = 60_000_000  # microseconds
_SERVICES = np.array(["SYN NHS 111", "SYN out-of-hours GP", "SYN clinical assessment service"])
_PRIORITY_WEIGHTS = (0.05, 0.25, 0.30, 0.40)
_PRIORITY_CALL_BACK_MINUTES = (8.0, 14.0, 30.0, 45.0)  # mean minutes to call back, by priority
_DISPOSITION_WEIGHTS = {"ambulance": 0.12, "ed": 0.10, "primary_care": 0.45, "other": 0.25, "none": 0.08}
_TYPE_WEIGHTS = {"gp": 0.45, "nurse": 0.25, "paramedic": 0.15, "pharmacist": 0.08, "mental_health_practitioner": 0.07}
# Calls by hour of day: quiet overnight, busiest in the evening (out-of-hours peaks).
_HOUR_WEIGHTS = np.array([3, 2, 1.5, 1, 1, 1, 1.5, 3, 5, 6, 6, 6, 6, 6, 5, 5, 6, 7, 9, 9, 8, 7, 5, 4], dtype=float)


def synthetic_events(
    calls: int,
    seed: int = 0,
    *,
    start: date = date(2025, 4, 1),
    months: int = 12,
    contracts: int = 6,
    sites_per_contract: int = 3,
    clinicians: int | None = None,
    first_reference: int = 0,
    rules: IucRules | None = None,
) -> pl.DataFrame:
    """``calls`` SYNTHETIC call events in the schema of oversight.iuc.events (plus ``synthetic``).
    ``first_reference`` numbers the calls from there, so chunks made with different seeds join up."""
    rules = rules or default_rules()
    rng = np.random.default_rng(seed)
    n = int(calls)
    clinicians = clinicians or max(10, min(5000, n // 4000))
    received = _received(rng, n, start, months)
    contract = rng.integers(0, contracts, n)
    site = contract * sites_per_contract + rng.integers(0, sites_per_contract, n)
    abandoned = rng.random(n) < 0.03
    answered = ~abandoned
    wait = _minutes(rng.exponential(0.7, n))  # mean 42 s to answer
    clinical = answered & (rng.random(n) < 0.45)
    priority = rng.choice(len(rules.priorities), n, p=_PRIORITY_WEIGHTS[: len(rules.priorities)] / np.sum(
        _PRIORITY_WEIGHTS[: len(rules.priorities)]))  # fmt: skip
    answered_at = received + wait
    call_back = answered_at + _minutes(rng.exponential(np.array(_PRIORITY_CALL_BACK_MINUTES)[priority]))
    assessment = call_back + _minutes(rng.exponential(8.0, n))
    assessed = clinical & (rng.random(n) < 0.92)
    disposition = _disposition(rng, n, rules)
    tier = np.array(rules.face_to_face_tiers)[rng.choice(len(rules.face_to_face_tiers), n)]
    needs_f2f = clinical & (rng.random(n) < 0.2)
    f2f_at = assessment + _minutes(rng.exponential(tier * 36.0))  # mean 60% of the tier
    f2f_done = needs_f2f & (rng.random(n) < 0.95)
    validate = answered & np.isin(disposition, rules.validation_dispositions)
    validated = validate & (rng.random(n) < 0.85)
    validated_at = answered_at + _minutes(rng.exponential(20.0, n))
    last_contact = np.where(f2f_done, f2f_at, np.where(assessed, assessment, call_back))
    notified = clinical & (rng.random(n) < 0.97)
    notified_at = last_contact + _minutes(rng.exponential(360.0, n))
    clinician = rng.integers(0, clinicians, n)
    types = np.array(list(_TYPE_WEIGHTS))[_clinician_types(rng, clinicians)][clinician]

    def at(values: np.ndarray, when: np.ndarray) -> pl.Series:
        return pl.Series(np.where(when, values, np.iinfo(np.int64).min)).cast(pl.Int64)

    frame = pl.DataFrame({
        "call_reference": pl.int_range(first_reference, first_reference + n, eager=True).cast(pl.String),
        "contract": contract, "service": rng.integers(0, len(_SERVICES), n), "site": site,
        "received_at": received, "answered_at": at(answered_at, answered), "abandoned": abandoned,
        "abandoned_at": at(received + _minutes(rng.exponential(1.0, n)), abandoned),
        "priority": np.where(clinical, priority, -1), "clinician_id": np.where(clinical, clinician, -1),
        "clinician_type": types, "clinical": clinical, "call_back_at": at(call_back, clinical),
        "definitive_assessment_at": at(assessment, assessed),
        "face_to_face_within_hours": np.where(needs_f2f, tier, 0),
        "face_to_face_at": at(f2f_at, f2f_done), "disposition": disposition,
        "validated_at": at(validated_at, validated), "practice_notified_at": at(notified_at, notified),
    })  # fmt: skip
    return _labelled(frame, rules)


def _received(rng: np.random.Generator, n: int, start: date, months: int) -> np.ndarray:
    first = np.datetime64(start, "D")
    end = np.datetime64(f"{start.year + (start.month - 1 + months) // 12}-{(start.month - 1 + months) % 12 + 1:02d}-01")
    days = rng.integers(0, int((end - first).astype(int)), n)
    hours = rng.choice(24, n, p=_HOUR_WEIGHTS / _HOUR_WEIGHTS.sum())
    micros = (days.astype(np.int64) * 24 + hours) * 60 * _MINUTE + rng.integers(0, 60 * _MINUTE, n)
    return first.astype("datetime64[us]").astype(np.int64) + micros


def _minutes(values: np.ndarray) -> np.ndarray:
    return (values * _MINUTE).astype(np.int64)


def _disposition(rng: np.random.Generator, n: int, rules: IucRules) -> np.ndarray:
    weights = np.array([_DISPOSITION_WEIGHTS.get(d, 0.05) for d in rules.dispositions])
    return np.array(rules.dispositions)[rng.choice(len(rules.dispositions), n, p=weights / weights.sum())]


def _clinician_types(rng: np.random.Generator, clinicians: int) -> np.ndarray:
    weights = np.array(list(_TYPE_WEIGHTS.values()))
    return rng.choice(len(weights), clinicians, p=weights / weights.sum())


def _labelled(frame: pl.DataFrame, rules: IucRules) -> pl.DataFrame:
    """Codes as text (every one starting SYN-), times as datetimes, empty cells as nulls."""
    times = ["received_at", "answered_at", "abandoned_at", "call_back_at", "definitive_assessment_at",
             "face_to_face_at", "validated_at", "practice_notified_at"]  # fmt: skip
    missing = np.iinfo(np.int64).min
    return frame.select(
        ("SYN-" + pl.col("call_reference").str.zfill(9)).alias("call_reference"),
        ("SYN-111-" + (pl.col("contract") + 1).cast(pl.String).str.zfill(2)).alias("contract"),
        pl.col("service").replace_strict(list(range(len(_SERVICES))), list(_SERVICES), return_dtype=pl.String),
        ("SYN-SITE-" + (pl.col("site") + 1).cast(pl.String).str.zfill(3)).alias("site"),
        *[pl.when(pl.col(t) != missing).then(pl.col(t)).cast(pl.Datetime("us")).alias(t) for t in times],
        "abandoned",
        pl.when(pl.col("priority") >= 0).then(
            pl.col("priority").replace_strict(list(range(len(rules.priorities))), list(rules.priorities),
                                              default=None, return_dtype=pl.String)).alias("priority"),
        pl.when(pl.col("clinician_id") >= 0).then(
            "SYN-CLIN-" + (pl.col("clinician_id") + 1).cast(pl.String).str.zfill(4)).alias("clinician_id"),
        pl.when("clinical").then(pl.col("clinician_type")).alias("clinician_type"),
        pl.when(pl.col("face_to_face_within_hours") > 0).then(pl.col("face_to_face_within_hours"))
        .cast(pl.Int8).alias("face_to_face_within_hours"),
        pl.when(~pl.col("abandoned")).then(pl.col("disposition")).alias("disposition"),
        pl.lit(True).alias("synthetic"),
    ).select("call_reference", "contract", "service", "site", "received_at", "answered_at", "abandoned",
             "abandoned_at", "priority", "clinician_id", "clinician_type", "call_back_at",
             "definitive_assessment_at", "face_to_face_within_hours", "face_to_face_at", "disposition",
             "validated_at", "practice_notified_at", "synthetic",
    ).with_columns(pl.col(CATEGORICAL).cast(pl.Categorical))  # fmt: skip


def write_events(frame: pl.DataFrame, path: str | Path) -> Path:
    """Parquet (with a ``synthetic`` key in its metadata) or CSV (first line ``# SYNTHETIC ...``), by extension,
    through a temporary file so a failure leaves nothing half-written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise ValueError(f"{path}: use a .csv or .parquet file")
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=suffix, prefix=f".{path.name}.")
    os.close(handle)
    try:
        if suffix == ".parquet":
            frame.write_parquet(temporary, metadata={"synthetic": SYNTHETIC_NOTE.lstrip("# ")})
        else:
            with open(temporary, "w", encoding="utf-8", newline="") as out:
                out.write(SYNTHETIC_NOTE + f" (written {datetime.now():%Y-%m-%d})\n")
                frame.write_csv(out, datetime_format="%Y-%m-%d %H:%M:%S")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
