"""NHS Oversight Framework (NOF) segmentation, year-versioned. Pure analytics: no Django, no I/O beyond
reading the file a caller names.

    from oversight.nof import load_method, read_trust_file, segment
    method = load_method("2025-26")
    result = segment(read_trust_file("nof.csv", method), method)
    result.table()        # one row per trust: average, segments, rank, drivers, metric scores

The method (metrics per trust type, scoring rules, segmentation rule) is configuration in
``methods/<year>.toml``; see docs/nof.md for the rules, their sources and what is confirmed.
"""

from importlib import import_module

from oversight.nof.errors import InputError, MethodError, NofError
from oversight.nof.method import Method, available_years, load_method

# The pandas parts load on first use, so `oversight --help` and the CLI's start stay fast.
_LAZY = {
    "SegmentationResult": "oversight.nof.pipeline",
    "segment": "oversight.nof.pipeline",
    "TrustData": "oversight.nof.readers",
    "read_long_csv": "oversight.nof.readers",
    "read_trust_file": "oversight.nof.readers",
    "read_wide_csv": "oversight.nof.readers",
}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'oversight.nof' has no attribute {name!r}")


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
