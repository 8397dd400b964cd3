"""The SPC analyst page's work: keep an uploaded CSV for its owner, run ``oversight.spc`` on it, and
shape the results (summary matrix, series table, charts) for the page, the CSV downloads and tests.

An upload is stored under ``MEDIA_ROOT/surveillance/spc-uploads/<user id>/<uuid>.csv`` and named in the
user's session, so only its owner can analyse it; uploads older than a day are removed when the next
one arrives. The CSV is read as text (``dtype=str``): the engine parses dates and numbers itself and names
the series and date of any value it cannot read.
"""

from __future__ import annotations

import io
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from django.conf import settings

from oversight.indicators import VARIATION_FAMILIES, describe_series, render_chart
from oversight.spc import SPCInputError, spc_analysis
from oversight.spc.matrix import ASSURANCE_COLUMNS, VARIATION_ROWS, summary_matrix

SESSION_KEY = "surveillance_spc_upload"
MAX_AGE_SECONDS = 24 * 3600
MAX_CHARTS = 6
#: The summary matrix's rows (spc.matrix.VARIATION_ROWS) in the indicators' words.
MATRIX_ROW_NAMES = {row: VARIATION_FAMILIES[row.removeprefix("special_cause_")] for row in VARIATION_ROWS}
PRIORITY = {"special_cause_concern": 0, "special_cause_improvement": 1, "special_cause_neutral": 2, "common_cause": 3}


class UploadError(ValueError):
    pass


def _folder(user) -> Path:
    return Path(settings.MEDIA_ROOT) / "surveillance" / "spc-uploads" / str(user.pk)


def save_upload(user, uploaded) -> dict:
    """Check the file reads as CSV and keep it; returns what the session remembers."""
    content = uploaded.read()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadError("The file is not UTF-8 text: save it as CSV UTF-8 and upload it again") from exc
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise UploadError(f"The file could not be read as CSV: {str(exc).strip()}") from exc
    columns = [str(c) for c in frame.columns]
    if len(columns) < 2:
        raise UploadError("The file needs at least two columns: a date and a value")
    if frame.empty:
        raise UploadError("The file has a header but no rows")
    folder = _folder(user)
    folder.mkdir(parents=True, exist_ok=True)
    _tidy(folder)
    upload_id = uuid.uuid4().hex
    (folder / f"{upload_id}.csv").write_text(text, encoding="utf-8")
    return {
        "id": upload_id,
        "name": Path(uploaded.name or "upload.csv").name[:200],
        "columns": columns,
        "rows": len(frame),
        "guess": guess_columns(frame),
    }


def _tidy(folder: Path) -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for old in folder.glob("*.csv"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except FileNotFoundError:
            pass


def upload_of(request, session_key: str = SESSION_KEY) -> dict | None:
    """The user's uploaded file kept under ``session_key`` (each analyst page keeps its own), if still there."""
    info = request.session.get(session_key)
    if not info or not (_folder(request.user) / f"{info.get('id', '')}.csv").is_file():
        return None
    return info


def read_upload(user, info: dict) -> pd.DataFrame:
    path = _folder(user) / f"{info['id']}.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])


def guess_columns(frame: pd.DataFrame) -> dict:
    """A first guess at the date, value and series columns from the header and the first rows."""
    names = list(frame.columns)
    sample = frame.head(50)
    date_column = next((c for c in names if any(w in c.lower() for w in ("date", "month", "period", "week"))), "")
    if not date_column:
        for c in names:
            if pd.to_datetime(sample[c], errors="coerce", format="ISO8601").notna().all():
                date_column = c
                break
    numeric = [
        c for c in names if c != date_column and pd.to_numeric(sample[c], errors="coerce").notna().all()
    ]
    value_column = numeric[-1] if numeric else ""
    by = [c for c in names if c not in (date_column, value_column) and c not in numeric][:2]
    return {"date": date_column, "value": value_column, "by": by}


@dataclass
class Analysis:
    result: object  # SPCResult
    by: list[str]
    value: str
    date: str
    target: float | None
    series_names: dict = field(default_factory=dict)  # name -> key

    @property
    def points(self) -> pd.DataFrame:
        return self.result.points

    @property
    def summary(self) -> pd.DataFrame:
        return self.result.summary

    def latest(self) -> pd.DataFrame:
        frame = self.summary
        return frame[frame["latest"]].reset_index(drop=True)

    def name_of(self, row) -> str:
        if not self.by:
            return self.value
        return " / ".join(str(row[c]) for c in self.by)

    def key_of(self, row):
        if not self.by:
            return None
        values = tuple(row[c] for c in self.by)
        return values[0] if len(values) == 1 else values

    def matrix(self) -> list[dict]:
        """The variation x assurance matrix: one dict per row with its cells (count, series names)."""
        cells = summary_matrix(self.summary, by=self.by or None)
        lookup = {(r["variation"], r["assurance"]): r for r in cells.to_dict("records")}
        rows = []
        for variation in VARIATION_ROWS:
            row = {"name": MATRIX_ROW_NAMES[variation], "cells": []}
            for assurance in ASSURANCE_COLUMNS:
                cell = lookup.get((variation, assurance), {"count": 0, "series": []})
                names = cell["series"] if self.by else ([self.value] if cell["count"] else [])
                row["cells"].append({"count": int(cell["count"]), "series": names})
            rows.append(row)
        return rows

    def series_rows(self) -> list[dict]:
        rows = []
        for row in self.latest().to_dict("records"):
            rows.append(
                {
                    "name": self.name_of(row),
                    "n": int(row["n"]),
                    "last_date": row["last_date"],
                    "mean": row["mean"],
                    "lpl": row["lpl"],
                    "upl": row["upl"],
                    "variation_icon": str(row["variation_icon"]),
                    "assurance_icon": "" if pd.isna(row["assurance_icon"]) else str(row["assurance_icon"]),
                    "variation_type": str(row["variation_type"]),
                    "target": None if pd.isna(row["target"]) else row["target"],
                    "key": self.key_of(row),
                }
            )
        rows.sort(key=lambda r: (PRIORITY.get(_family(r["variation_type"]), 9), r["name"]))
        return rows

    def series_points(self, key) -> pd.DataFrame:
        points = self.points
        if not self.by:
            return points
        values = key if isinstance(key, tuple) else (key,)
        mask = pd.Series(True, index=points.index)
        for column, value in zip(self.by, values, strict=True):
            mask &= points[column] == value
        return points[mask]

    def charts(self, wanted: list[str] | None = None, limit: int = MAX_CHARTS) -> list[dict]:
        """Charts for the ``wanted`` series names, else the first ``limit`` by priority (concerns first)."""
        rows = self.series_rows()
        if wanted:
            chosen = [r for r in rows if r["name"] in set(wanted)][:limit]
        else:
            chosen = rows[:limit]
        out = []
        for row in chosen:
            points = self.series_points(row["key"])
            out.append(
                {
                    "name": row["name"],
                    "svg": render_chart(self.result, series=row["key"]),
                    "text": describe_series(points, None, self.target, value_column=self.value, date_column=self.date),
                    "variation_icon": row["variation_icon"],
                    "assurance_icon": row["assurance_icon"],
                }
            )
        return out


def _family(variation_type: str) -> str:
    return "special_cause_neutral" if variation_type.startswith("special_cause_neutral") else variation_type


def analyse_upload(frame: pd.DataFrame, options: dict) -> Analysis:
    """Run the engine with the form's options; SPCInputError carries the engine's message."""
    by = list(options.get("by") or [])
    result = spc_analysis(
        frame,
        value=options["value"],
        date=options["date"],
        by=by or None,
        direction=options.get("direction") or "increase",
        target=options.get("target"),
        rebase=options.get("rebase") or None,
        missing=options.get("missing") or "error",
    )
    # Build the frames now, so input errors surface here rather than while rendering.
    result.points  # noqa: B018
    result.summary  # noqa: B018
    return Analysis(result, by, options["value"], options["date"], options.get("target"))


__all__ = ["Analysis", "SPCInputError", "UploadError", "analyse_upload", "read_upload", "save_upload", "upload_of"]
