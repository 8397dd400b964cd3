"""The golden sets of shared/reference/spc (NHSRplotthedots 0.2.2 on real NHS data).

Each set's input is rebuilt from shared/data exactly as that folder's README says, and
the engine is called with the same options as the package was.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

HANDFUL = ["RF4_1", "R1H_1", "RRK_1", "RJ1_1", "RW6_1", "RXH_1", "RTH_1", "RWE_1", "RF4_other", "RXH_2"]


#: Made-up monthly A&E counts for two trusts, shaped like ae_attendances.csv (see fixtures/README.md).
SYNTHETIC_AE = Path(__file__).parent / "fixtures" / "synthetic_ae_attendances.csv"


def read_ae(path: Path) -> pd.DataFrame:
    """An A&E attendances file with codes read as text, series key ``f`` and 4-hour performance ``y``."""
    ae = pd.read_csv(path, dtype={"org_code": str, "type": str})
    ae["f"] = ae["org_code"] + "_" + ae["type"]
    ae["y"] = 1 - ae["breaches"] / ae["attendances"]
    return ae


def ae_attendances(shared: Path) -> pd.DataFrame:
    """The real ae_attendances.csv from shared/data."""
    return read_ae(shared / "data" / "ae_attendances.csv")


def england_total(shared: Path) -> pd.DataFrame:
    """Set J: England total per month, ``y = 1 - sum(breaches) / sum(attendances)``."""
    total = ae_attendances(shared).groupby("period", as_index=False)[["attendances", "breaches"]].sum()
    total["y"] = 1 - total["breaches"] / total["attendances"]
    return total


def one_hospital(shared: Path) -> pd.DataFrame:
    """Set P: autospc's monthly ED data; ``month_start`` holds the month's last day, as the golden x."""
    ed = pd.read_csv(shared / "data" / "autospc_ed_attendances_monthly_one_hospital.csv")
    ed["y"] = ed["percent_in_4h"] / 100
    return ed


def golden_input(name: str, shared: Path) -> tuple[pd.DataFrame, dict]:
    """Input frame and spc() arguments of one golden set."""
    perf = {"value": "y", "date": "period", "by": "f", "target": 0.95}
    if name == "A_perf_increase_target95":
        return ae_attendances(shared), perf
    if name == "B_attendances_neutral":
        return ae_attendances(shared), {
            "value": "attendances",
            "date": "period",
            "by": "f",
            "direction": "neutral",
        }
    if name == "E_perf_rebase_20180401":
        ae = ae_attendances(shared)
        return ae[ae["f"].isin(HANDFUL)], {**perf, "rebase": ["2018-04-01"]}
    if name == "G_perf_fix_after_12":
        return ae_attendances(shared), {**perf, "fix_after": 12}
    if name == "I_perf_no_outlier_screening":
        return ae_attendances(shared), {**perf, "screen_outliers": False}
    if name == "J_england_total_perf_no_facet":
        return england_total(shared), {"value": "y", "date": "period", "target": 0.95}
    if name == "P_single_hospital_ed_perf_2015_2024":
        return one_hospital(shared), {"value": "y", "date": "month_start", "target": 0.95}
    raise KeyError(name)


GOLDEN_SETS = (
    "A_perf_increase_target95",
    "B_attendances_neutral",
    "E_perf_rebase_20180401",
    "G_perf_fix_after_12",
    "I_perf_no_outlier_screening",
    "J_england_total_perf_no_facet",
    "P_single_hospital_ed_perf_2015_2024",
)


def read_golden(shared: Path, name: str, part: str) -> pd.DataFrame:
    """A golden file (``spc`` rows sorted by series and date, or ``summary``)."""
    folder = shared / "reference" / "spc"
    text = {"f": str, "org_code": str, "type": str}
    if part == "spc":
        golden = pd.read_csv(folder / f"{name}_spc.csv.gz", dtype=text)
        return golden.sort_values(["f", "x"], kind="stable").reset_index(drop=True)
    return pd.read_csv(folder / f"{name}_summary.csv", dtype=text)


def as_float(values) -> np.ndarray:
    """Booleans, nullable booleans and numbers as float64 with NaN for missing."""
    return pd.Series(values).astype("Float64").to_numpy(dtype=np.float64, na_value=np.nan)
