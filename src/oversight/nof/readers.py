"""Read NOF inputs: NHS England's published long CSV, or a wide CSV with one column per metric.

Both give a :class:`TrustData`: one row per trust (type, deficit and Recovery Support Programme flags)
and the trusts' observations (metric ID, units, value, NHS England's rank when published). Every
problem is an :class:`~oversight.nof.errors.InputError` naming the file, the line and the column.

Long layout (NHS England's NOF dashboard CSV, e.g. ``nhse_nof_2025-26_q1_acute_trust_data.csv``):
``Region, Trust_type, Trust_subtype, Trust_code, Trust_name, Domain, Sub-domain, Metric_ID,
Metric_description, Reporting_date, Units, Value, Median_value, Lower_quartile, Upper_quartile, Rank``;
one row per trust and metric ID. The deficit and RSP flags are the IDs the method's ``[publication]``
table names (2025/26: OF5004 and OF5007).

Wide layout: ``trust_code, trust_type, in_deficit`` then one column per metric input ID of the method:
the value ID (``OF0003``) of a scored metric, the score ID (``OF1046``) of a discrete one, and
``<value ID>_<units>`` (``OF0048_count``) for a value in the metric's other units. Optional:
``trust_name``, ``trust_subtype``, ``in_rsp`` (blank = no) and the published average score's ID
(``OF5002``, for segmenting from it). A blank ``in_deficit`` is derived by the method's rule.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from oversight.nof.errors import InputError, MethodError
from oversight.nof.method import Method

LONG_REQUIRED = ("Trust_code", "Trust_type", "Metric_ID", "Units", "Value")
WIDE_REQUIRED = ("trust_code", "trust_type", "in_deficit")
WIDE_OPTIONAL = ("trust_name", "trust_subtype", "in_rsp")
METRIC_ID = re.compile(r"^OF\d{4}$")
TRUE_WORDS = {"1", "1.0", "true", "yes", "y", "t"}
FALSE_WORDS = {"0", "0.0", "false", "no", "n", "f"}
OBSERVATION_COLUMNS = ["trust_code", "metric_id", "units", "value", "published_rank", "line"]


@dataclass(frozen=True)
class TrustData:
    """Trusts and their observations from one input file."""

    trusts: (
        pd.DataFrame
    )  # index trust_code: trust_name, trust_type, trust_subtype, in_deficit (NA = derive), in_rsp
    observations: pd.DataFrame  # OBSERVATION_COLUMNS; one row per trust and metric ID
    source: str
    layout: str  # "long" or "wide"

    def observed(self, metric_id: str) -> pd.DataFrame:
        """The rows for one metric ID, indexed by trust code."""
        rows = self.observations[self.observations["metric_id"] == metric_id]
        return rows.set_index("trust_code")

    def published(self, metric_id: str) -> pd.Series:
        """The published values of one metric ID (e.g. OF5002), by trust code; empty when absent."""
        return self.observed(metric_id)["value"]

    def wide(self, prefix: str) -> pd.DataFrame:
        """Trust x metric ID table of the values whose IDs start with ``prefix`` ("OF0": metric values,
        "OF1": published metric scores)."""
        rows = self.observations[self.observations["metric_id"].str.startswith(prefix)]
        return rows.pivot(index="trust_code", columns="metric_id", values="value")


def read_trust_file(path: str | Path, method: Method) -> TrustData:
    """Read ``path`` in whichever layout its header shows (long NHS England, or wide)."""
    header, rows = _read_csv(path)
    names = {h.strip() for h in header}
    if {"Metric_ID", "Value"} <= names:
        return _long(path, header, rows, method)
    if "trust_code" in {h.strip().casefold() for h in header}:
        return _wide(path, header, rows, method)
    raise InputError(
        f"{path}: header is neither NHS England's long layout (needs {', '.join(LONG_REQUIRED)}) "
        f"nor the wide layout (needs {', '.join(WIDE_REQUIRED)} and one column per metric)"
    )


def read_long_csv(path: str | Path, method: Method) -> TrustData:
    """Read NHS England's published long CSV."""
    header, rows = _read_csv(path)
    return _long(path, header, rows, method)


def read_wide_csv(path: str | Path, method: Method) -> TrustData:
    """Read a wide CSV: one row per trust, one column per metric input ID."""
    header, rows = _read_csv(path)
    return _wide(path, header, rows, method)


# --- long layout ---------------------------------------------------------------------------------------


def _long(path, header: list[str], rows: list[tuple[int, list[str]]], method: Method) -> TrustData:
    col = _columns(path, header, LONG_REQUIRED, optional=("Trust_name", "Trust_subtype", "Rank"))
    primary_units = {m.value_id: m.units for m in method.metrics.values() if m.value_id}
    deficit_id, rsp_id = method.publication["deficit_flag"], method.publication["rsp_flag"]
    trusts: dict[str, dict] = {}
    kept: dict[tuple[str, str], dict] = {}
    for line, cells in rows:
        code = _cell(cells, col["Trust_code"])
        if not code:
            raise InputError(f"{path} line {line}: Trust_code is blank")
        metric_id = _cell(cells, col["Metric_ID"])
        if not METRIC_ID.match(metric_id):
            raise InputError(
                f"{path} line {line}: Metric_ID {metric_id!r} is not an NHS England ID like OF0003"
            )
        trust = _trust(
            path,
            line,
            trusts,
            code,
            _cell(cells, col["Trust_type"]),
            method,
            name=_cell(cells, col.get("Trust_name")),
            subtype=_cell(cells, col.get("Trust_subtype")),
        )
        text = _cell(cells, col["Value"])
        if text == "":
            continue  # not published for this trust
        value = _number(path, line, "Value", text)
        units = _cell(cells, col["Units"])
        rank_text = _cell(cells, col.get("Rank"))
        rank = _number(path, line, "Rank", rank_text) if rank_text else math.nan
        row = {
            "trust_code": code,
            "metric_id": metric_id,
            "units": units,
            "value": value,
            "published_rank": rank,
            "line": line,
        }
        key = (code, metric_id)
        earlier = kept.get(key)
        if earlier is not None:
            # NHS England's file may carry a metric in two units for a trust (OF0048/OF0088: count and
            # rate); keep the units the method scores, as the data README says.
            wanted = primary_units.get(metric_id)
            if earlier["units"] == units or wanted not in (earlier["units"], units):
                raise InputError(
                    f"{path} line {line}: {metric_id} for {code} appears twice "
                    f"(also line {earlier['line']}, units {earlier['units']!r} and {units!r})"
                )
            if units != wanted:
                continue
        kept[key] = row
        _check_discrete(path, line, metric_id, value, method)
        if metric_id in (deficit_id, rsp_id):
            if value not in (0.0, 1.0):
                raise InputError(f"{path} line {line}: {metric_id} flag must be 0 or 1, got {text!r}")
            trust["in_deficit" if metric_id == deficit_id else "in_rsp"] = bool(value)
    if not trusts:
        raise InputError(f"{path}: no data rows")
    observations = pd.DataFrame(list(kept.values()), columns=OBSERVATION_COLUMNS)
    return TrustData(_trust_frame(trusts), observations, str(path), "long")


# --- wide layout ---------------------------------------------------------------------------------------


def _wide(path, header: list[str], rows: list[tuple[int, list[str]]], method: Method) -> TrustData:
    fixed = {h.strip().casefold(): i for i, h in enumerate(header)}
    missing = [c for c in WIDE_REQUIRED if c not in fixed]
    if missing:
        raise InputError(
            f"{path}: missing column(s) {', '.join(missing)} (wide layout needs "
            f"{', '.join(WIDE_REQUIRED)} and one column per metric)"
        )
    inputs = method.input_ids()
    average_id = method.publication["average_score"]
    metric_columns: dict[int, tuple[str, str | None]] = {}  # column -> (metric ID, units)
    unknown = []
    for i, raw in enumerate(header):
        name = raw.strip()
        if name.casefold() in (*WIDE_REQUIRED, *WIDE_OPTIONAL):
            continue
        base, _, units = name.upper().partition("_")
        if not METRIC_ID.match(base):
            continue  # a column we do not use (region, notes, ...)
        metric = inputs.get(base)
        if base == average_id and not units:
            metric_columns[i] = (base, "score")
        elif metric is None or (units and units.casefold() not in {u.casefold() for u in metric.by_units}):
            unknown.append(name)
        else:
            wanted = next((u for u in metric.by_units if u.casefold() == units.casefold()), None)
            metric_columns[i] = (base, wanted if units else (metric.units or "score"))
    if unknown:
        raise InputError(f"{path}: column(s) {', '.join(unknown)} are not inputs of NOF method {method.year}")
    if not metric_columns:
        raise InputError(
            f"{path}: no metric columns (expected columns such as OF0003, OF0023, OF1046, or OF5002)"
        )

    trusts: dict[str, dict] = {}
    observations = []
    primary = {m.input_id: m.units for m in method.metrics.values()}
    for line, cells in rows:
        code = _cell(cells, fixed["trust_code"])
        if not code:
            raise InputError(f"{path} line {line}: trust_code is blank")
        if code in trusts:
            raise InputError(
                f"{path} line {line}: trust {code} appears twice (also line {trusts[code]['line']})"
            )
        trust = _trust(
            path,
            line,
            trusts,
            code,
            _cell(cells, fixed["trust_type"]),
            method,
            name=_cell(cells, fixed.get("trust_name")),
            subtype=_cell(cells, fixed.get("trust_subtype")),
        )
        trust["in_deficit"] = _flag(path, line, "in_deficit", _cell(cells, fixed["in_deficit"]))
        rsp = _flag(path, line, "in_rsp", _cell(cells, fixed.get("in_rsp")))
        trust["in_rsp"] = bool(rsp) if rsp is not None else False
        seen: dict[str, dict] = {}
        for i, (metric_id, units) in metric_columns.items():
            text = _cell(cells, i)
            if text == "":
                continue
            value = _number(path, line, header[i].strip(), text)
            _check_discrete(path, line, metric_id, value, method)
            row = {
                "trust_code": code,
                "metric_id": metric_id,
                "units": units,
                "value": value,
                "published_rank": math.nan,
                "line": line,
            }
            if metric_id in seen and units != primary.get(metric_id):
                continue  # the value in the method's own units wins
            seen[metric_id] = row
        observations.extend(seen.values())
    if not trusts:
        raise InputError(f"{path}: no data rows")
    frame = pd.DataFrame(observations, columns=OBSERVATION_COLUMNS)
    return TrustData(_trust_frame(trusts), frame, str(path), "wide")


# --- shared helpers ------------------------------------------------------------------------------------


def _read_csv(path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise InputError(f"{path}: empty file (no header row)")
            rows = [(reader.line_num, cells) for cells in reader if any(c.strip() for c in cells)]
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a CSV file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except csv.Error as exc:
        raise InputError(f"{path}: not a readable CSV ({exc})") from None
    names = [h.strip().casefold() for h in header]
    repeated = sorted({h.strip() for h, n in zip(header, names, strict=True) if n and names.count(n) > 1})
    if repeated:
        raise InputError(f"{path}: column(s) {', '.join(repeated)} appear more than once in the header")
    for line, cells in rows:
        if len(cells) > len(header):
            raise InputError(
                f"{path} line {line}: {len(cells)} cells but the header has {len(header)} columns"
            )
    return header, rows


def _columns(path, header: list[str], required: tuple[str, ...], optional: tuple[str, ...]) -> dict[str, int]:
    index = {h.strip(): i for i, h in enumerate(header)}
    missing = [c for c in required if c not in index]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)} (NHS England's long layout)")
    return {c: index[c] for c in (*required, *optional) if c in index}


def _cell(cells: list[str], i: int | None) -> str:
    return cells[i].strip() if i is not None and i < len(cells) else ""


def _number(path, line: int, column: str, text: str) -> float:
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise InputError(f"{path} line {line}: {column} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise InputError(f"{path} line {line}: {column} {text!r} is not a finite number")
    return value


def _flag(path, line: int, column: str, text: str) -> bool | None:
    word = text.casefold()
    if word == "":
        return None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise InputError(f"{path} line {line}: {column} {text!r} is not yes/no (use 1/0, true/false or yes/no)")


def _trust(
    path, line: int, trusts: dict, code: str, type_name: str, method: Method, name: str, subtype: str
) -> dict:
    try:
        trust_type = method.trust_type(type_name).name
    except MethodError as exc:
        raise InputError(f"{path} line {line}: {exc}") from None
    trust = trusts.get(code)
    if trust is None:
        trust = trusts[code] = {
            "trust_code": code,
            "trust_name": name or code,
            "trust_type": trust_type,
            "trust_subtype": subtype,
            "in_deficit": None,
            "in_rsp": False,
            "line": line,
        }
    elif trust["trust_type"] != trust_type:
        raise InputError(
            f"{path} line {line}: trust {code} is {type_name!r} here but "
            f"{trust['trust_type']!r} on line {trust['line']}"
        )
    return trust


def _check_discrete(path, line: int, metric_id: str, value: float, method: Method) -> None:
    metric = method.metrics.get(metric_id)
    if metric is not None and metric.rule.name == "discrete" and value not in (1.0, 2.0, 3.0, 4.0):
        raise InputError(f"{path} line {line}: {metric_id} is a whole score 1-4, got {value:g}")


def _trust_frame(trusts: dict[str, dict]) -> pd.DataFrame:
    frame = pd.DataFrame(list(trusts.values())).set_index("trust_code").drop(columns="line")
    frame["in_deficit"] = frame["in_deficit"].astype("boolean")
    frame["in_rsp"] = frame["in_rsp"].astype(bool)
    return frame
