"""Call-level IUC events: one row per call, checked whole before anything is computed or written.

The schema (docs/iuc.md#call-events) is what a CAD, Adastra or Cleric extract can give without a patient
identifier: the call reference is the provider's own case number. Times are local clock times (England)
without a zone, as the clinical systems export them. A file with any bad row raises :class:`EventError`
naming the first bad row and column (and how many more rows share the problem); nothing is written.

Checks are Polars expressions over whole columns (no per-row Python), so 10 million calls validate in
seconds; only the first failing row of a failing check is turned into a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from oversight.iuc.errors import EventError
from oversight.iuc.rules import IucRules, default_rules

TEXT, TIME, FLAG, HOURS = "text", "time", "flag", "hours"
PRIORITY, DISPOSITION, CLINICIAN_TYPE = "priority", "disposition", "clinician_type"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool  # the column must be in the file (its cells may still be empty where the rules allow)
    meaning: str


COLUMNS: tuple[Column, ...] = (
    Column("call_reference", TEXT, True, "the provider's case number (not a patient identifier); unique"),
    Column("contract", TEXT, True, "IUC contract code (e.g. 111AC5)"),
    Column("service", TEXT, True, "service within the contract (e.g. NHS 111, out-of-hours GP)"),
    Column("site", TEXT, True, "site or hub that handled the call"),
    Column("received_at", TIME, True, "call received"),
    Column("answered_at", TIME, True, "call answered by a call handler; empty when abandoned"),
    Column("abandoned", FLAG, True, "true when the caller hung up before being answered"),
    Column("abandoned_at", TIME, False, "when the caller hung up (needed when abandoned)"),
    Column("priority", PRIORITY, False, "emergency, urgent, less_urgent or routine (rules.toml)"),
    Column("clinician_id", TEXT, False, "professional registration number or local staff id"),
    Column("clinician_type", CLINICIAN_TYPE, False, "gp, nurse, paramedic, pharmacist, ... (rules.toml)"),
    Column("call_back_at", TIME, False, "first clinical contact (call back)"),
    Column("definitive_assessment_at", TIME, False, "definitive clinical assessment completed"),
    Column("face_to_face_within_hours", HOURS, False, "face-to-face needed within 1, 2 or 6 hours; empty if none"),
    Column("face_to_face_at", TIME, False, "face-to-face consultation started"),
    Column("disposition", DISPOSITION, True, "ambulance, ed, primary_care, other or none (answered calls)"),
    Column("validated_at", TIME, False, "clinician validation of an ambulance or ED disposition"),
    Column("practice_notified_at", TIME, False, "details sent to the patient's registered practice"),
)
BY_NAME = {c.name: c for c in COLUMNS}
CLINICAL_TIMES = ("call_back_at", "definitive_assessment_at", "face_to_face_at", "validated_at", "practice_notified_at")

# A column whose name says it holds a patient identifier is refused: the KPIs never need one (rules file §8).
_IDENTIFYING = re.compile(r"nhs_?(number|no)|patient|date_?of_?birth|^dob$|post_?code|address|forename|surname")
_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M")
_TRUE, _FALSE = ("true", "t", "yes", "y", "1"), ("false", "f", "no", "n", "0")
# Codes repeat across millions of calls: held as categories, so grouping and comparing them is on integers.
CATEGORICAL = ("contract", "service", "site", "priority", "clinician_id", "clinician_type", "disposition")
SCHEMA = {c.name: (pl.Datetime("us") if c.kind == TIME else pl.Boolean if c.kind == FLAG else
                   pl.Int8 if c.kind == HOURS else pl.Categorical if c.name in CATEGORICAL else pl.String)
          for c in COLUMNS}  # fmt: skip


@dataclass(frozen=True)
class Events:
    """Checked calls (typed columns of :data:`SCHEMA` but the call reference, absent optional columns as nulls) and which optional
    columns the file carried: a KPI whose inputs were not in the file is not computed (not shown as 0%)."""

    file: str
    frame: pl.DataFrame
    present: frozenset[str]

    @property
    def calls(self) -> int:
        return self.frame.height


def read_events(path: str | Path, rules: IucRules | None = None) -> Events:
    """A CSV (all cells as text) or Parquet file of call events, checked. Raises EventError."""
    path = Path(path)
    if not path.is_file():
        raise EventError(path.name, None, None, f"no such file: {path}")
    parquet = path.suffix.lower() == ".parquet"
    try:
        if parquet:  # only the schema's columns: a wide extract's other columns are never read
            names = pl.read_parquet_schema(path)
            _check_columns(pl.DataFrame(schema=names), path.name)
            frame = pl.read_parquet(path, columns=[c for c in names if c.strip().lower() in BY_NAME])
        else:
            frame = pl.read_csv(path, infer_schema=False, comment_prefix="#", encoding="utf8-lossy")
    except pl.exceptions.PolarsError as exc:
        raise EventError(path.name, None, None, f"cannot be read: {str(exc).splitlines()[0]}") from exc
    return check_events(frame, path.name, rules, trim=not parquet)


def check_events(frame: pl.DataFrame, file: str = "events", rules: IucRules | None = None, *, trim: bool = True) -> Events:
    """Type and check a frame of call events (text cells or typed columns). Raises EventError.

    ``trim``: strip spaces from text cells and read empty text as missing, as a CSV export needs. A Parquet
    file's typed values are used as written (trimming 10 million references would copy them all)."""
    rules = rules or default_rules()
    frame = frame.rename({c: c.strip().lower() for c in frame.columns})
    present = _check_columns(frame, file)
    raw = frame.select(_raw(frame, c, trim) for c in COLUMNS)
    typed = raw.select(_typed(raw, c, rules).cast(SCHEMA[c.name]).alias(c.name) for c in COLUMNS)
    _refuse(raw, _cell_problems(raw, typed, rules), file)
    _refuse(typed, _row_problems(rules), file)
    _refuse_repeated_references(typed, file)
    # Checked, the reference is dropped: no KPI needs it, it is the one column that singles out a call, and
    # 10 million of them are a quarter of the frame's memory.
    return Events(file, typed.drop("call_reference"), frozenset(present))


def _check_columns(frame: pl.DataFrame, file: str) -> set[str]:
    identifying = [c for c in frame.columns if _IDENTIFYING.search(c)]
    if identifying:
        raise EventError(file, None, identifying[0], "looks like a patient identifier; remove it: the KPIs never need one")
    missing = [c.name for c in COLUMNS if c.required and c.name not in frame.columns]
    if missing:
        raise EventError(file, None, missing[0], f"required column(s) missing: {', '.join(missing)} (docs/iuc.md)")
    return {c.name for c in COLUMNS if c.name in frame.columns}


def _raw(frame: pl.DataFrame, column: Column, trim: bool) -> pl.Expr:
    if column.name not in frame.columns:
        return pl.lit(None, dtype=SCHEMA[column.name]).alias(column.name)
    expr = pl.col(column.name)
    if frame.schema[column.name] == pl.String and (trim or column.kind != TEXT):  # trim, and empty means missing
        expr = expr.str.strip_chars()
        expr = pl.when(expr == "").then(None).otherwise(expr)
    elif column.kind == TIME and frame.schema[column.name] != pl.Datetime("us"):
        expr = expr.cast(pl.Datetime("us"))  # parquet written in ns or ms: one unit for the arithmetic
    return expr.alias(column.name)


def _typed(raw: pl.DataFrame, column: Column, rules: IucRules) -> pl.Expr:
    expr = pl.col(column.name)
    if raw.schema[column.name] == pl.Categorical:  # already codes (Parquet): used as written
        return expr
    if raw.schema[column.name] != pl.String:
        return expr.cast(SCHEMA[column.name], strict=False)
    if column.kind == TIME:
        return pl.coalesce([expr.str.strptime(pl.Datetime("us"), f, strict=False) for f in _TIME_FORMATS])
    if column.kind == FLAG:
        low = expr.str.to_lowercase()
        return pl.when(low.is_in(_TRUE)).then(True).when(low.is_in(_FALSE)).then(False)
    if column.kind == HOURS:
        return expr.cast(pl.Int8, strict=False)
    if column.kind in (PRIORITY, DISPOSITION, CLINICIAN_TYPE):
        return expr.str.to_lowercase().str.replace_all(r"[\s-]+", "_")
    return expr


def _cell_problems(raw: pl.DataFrame, typed: pl.DataFrame, rules: IucRules) -> list[tuple[str, pl.Expr, str]]:
    """(column, condition on the raw frame, problem) for cells that do not parse or are not in the vocabulary."""
    vocabularies = {PRIORITY: rules.priorities, DISPOSITION: rules.dispositions, CLINICIAN_TYPE: rules.clinician_types}
    problems = []
    for column in COLUMNS:
        cell, parsed = pl.col(column.name), typed[column.name]
        if column.kind in vocabularies:
            # Checked on the distinct values (a handful), so 10 million calls are not turned back into text.
            allowed = vocabularies[column.kind]
            seen = parsed.drop_nulls().unique().cast(pl.String).to_list()
            bad = [v for v in seen if v not in allowed]
            problems.append((column.name, pl.lit(parsed).cast(pl.String).is_in(bad) if bad else pl.lit(False),
                             f"is not one of {', '.join(allowed)}"))  # fmt: skip
        elif column.kind == HOURS:
            tiers = rules.face_to_face_tiers
            problems.append((column.name, cell.is_not_null() & ~pl.lit(parsed).is_in(tiers),
                             f"is not one of the face-to-face tiers {', '.join(map(str, tiers))} (hours)"))  # fmt: skip
        elif column.kind in (TIME, FLAG):
            expected = "a date and time (YYYY-MM-DD HH:MM:SS)" if column.kind == TIME else "true or false"
            problems.append((column.name, cell.is_not_null() & pl.lit(parsed).is_null(), f"is not {expected}"))
        if column.name in ("call_reference", "contract", "service", "site", "received_at", "abandoned"):
            problems.append((column.name, cell.is_null(), "is empty; every call needs it"))
    return problems


def _row_problems(rules: IucRules) -> list[tuple[str, pl.Expr, str]]:
    """Rules across a row's cells, on the typed frame: an end before its start, times missing where required."""
    abandoned, answered = pl.col("abandoned"), pl.col("answered_at")
    clinical = pl.col("call_back_at").is_not_null() | pl.col("definitive_assessment_at").is_not_null()
    problems = [
        ("abandoned_at", abandoned & pl.col("abandoned_at").is_null(), "is empty for an abandoned call"),
        ("answered_at", abandoned & answered.is_not_null(), "is set for a call marked abandoned"),
        ("answered_at", ~abandoned & answered.is_null(), "is empty for a call not abandoned"),
        ("disposition", ~abandoned & pl.col("disposition").is_null(),
         "is empty for an answered call (use 'none' when the call ended without one)"),
        ("answered_at", answered < pl.col("received_at"), "is before received_at"),
        ("abandoned_at", pl.col("abandoned_at") < pl.col("received_at"), "is before received_at"),
        ("face_to_face_within_hours", pl.col("face_to_face_at").is_not_null() & pl.col("face_to_face_within_hours").is_null(),
         "is empty but face_to_face_at is set"),
    ]  # fmt: skip
    for name in CLINICAL_TIMES:
        problems.append((name, pl.col(name).is_not_null() & answered.is_null(), "is set for a call never answered"))
        problems.append((name, pl.col(name) < answered, "is before answered_at"))
    for name in ("clinician_id", "clinician_type", "priority"):
        problems.append((name, clinical & pl.col(name).is_null(), "is empty for a call with clinical contact"))
    return problems


def _refuse(checked: pl.DataFrame, problems: list[tuple[str, pl.Expr, str]], file: str) -> None:
    """Evaluate every condition in one pass; raise for the first failing one at its first row (rows count
    from 1 in file order: nothing is filtered before the checks)."""
    flags = checked.select(cond.fill_null(False).alias(str(i)) for i, (_, cond, _) in enumerate(problems))
    counts = flags.sum().row(0)
    for (column, _, problem), count, name in zip(problems, counts, flags.columns, strict=True):
        if count:
            index = int(flags[name].arg_true()[0])
            value = checked[column][index]
            raise EventError(file, index + 1, column, f"{value!r} {problem}" if value is not None else problem,
                             others=int(count) - 1)  # fmt: skip


def _refuse_repeated_references(typed: pl.DataFrame, file: str) -> None:
    # The common case, cheaply: distinct 64-bit hashes of the references (equal hashes for distinct references
    # are astronomically rare and only send the check down the exact path below).
    if typed.select(pl.col("call_reference").hash().n_unique()).item() == typed.height:
        return
    repeated = typed.select(pl.col("call_reference").is_duplicated()).to_series()
    if repeated.any():
        rows = typed.select("call_reference").with_row_index("row", offset=1).filter(repeated)
        first = rows["call_reference"][0]
        lines = rows.filter(pl.col("call_reference") == first)["row"].to_list()
        raise EventError(file, lines[1], "call_reference", f"{first!r} is repeated (rows {lines[:5]}); each call once",
                         others=rows.height - len(lines))  # fmt: skip
