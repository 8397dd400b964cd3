"""NHS Oversight Framework (NOF) segmentation, year-versioned. Pure analytics: no Django, no I/O beyond
reading the file a caller names.

    from oversight.nof import load_method, read_trust_file, segment
    method = load_method("2025-26")
    result = segment(read_trust_file("nof.csv", method), method)
    result.table()        # one row per trust: average, segments, rank, drivers, metric scores

The method (metrics per trust type, scoring rules, segmentation rule) is configuration in
``methods/<year>.toml``; see docs/nof.md for the rules, their sources and what is confirmed.
"""

from oversight.nof.errors import InputError, MethodError, NofError
from oversight.nof.method import Method, available_years, load_method
from oversight.nof.pipeline import SegmentationResult, segment
from oversight.nof.readers import TrustData, read_long_csv, read_trust_file, read_wide_csv

__all__ = [
    "InputError",
    "Method",
    "MethodError",
    "NofError",
    "SegmentationResult",
    "TrustData",
    "available_years",
    "load_method",
    "read_long_csv",
    "read_trust_file",
    "read_wide_csv",
    "segment",
]
