"""The golden sets of shared/reference/funnel (FunnelPlotR 0.6.0 on real NHS data; README there)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from oversight.funnel import FunnelOptions

GOLDEN_SETS = (
    "FA_ae_type1_breaches_2025_06",
    "FC_ae_admissions_sr_shmi_2025_03",
    "FE_dta12h_per_admission_rc_2025_05",
    "FG_package_six_groups_sr",
)
#: The options each set was made with (others at the package defaults), from the README's table.
SET_OPTIONS = {
    "FA_ae_type1_breaches_2025_06": {"data_type": "PR", "limit": 99, "trim_by": 0.1},
    "FC_ae_admissions_sr_shmi_2025_03": {"data_type": "SR", "sr_method": "SHMI"},
    "FE_dta12h_per_admission_rc_2025_05": {"data_type": "RC"},
    "FG_package_six_groups_sr": {"data_type": "SR", "sr_method": "SHMI", "draw_unadjusted": True},
}
#: golden limit column -> ours, in the groups file and in the limits grid.
GROUP_LIMITS = {"OD95LCL": "od95lcl", "OD95UCL": "od95ucl", "OD99LCL": "od998lcl", "OD99UCL": "od998ucl",
                "LCL95": "lcl95", "UCL95": "ucl95", "LCL99": "lcl998", "UCL99": "ucl998"}
GRID_LIMITS = {"number_seq": "denominator", "s": "s", "odll95": "od95lcl", "odul95": "od95ucl",
               "odll998": "od998lcl", "odul998": "od998ucl", "ll95": "lcl95", "ul95": "ucl95",
               "ll998": "lcl998", "ul998": "ucl998"}


def folder(shared: Path) -> Path:
    return shared / "reference" / "funnel"


def read(shared: Path, name: str, part: str) -> pd.DataFrame:
    return pd.read_csv(folder(shared) / f"{name}_{part}.csv.gz", dtype={"group": str}, keep_default_na=False,
                       na_values=["NA"])


def meta(shared: Path, name: str) -> dict:
    return json.loads((folder(shared) / f"{name}_meta.json").read_text(encoding="utf-8"))


def options(name: str) -> FunnelOptions:
    return FunnelOptions(**SET_OPTIONS[name])
