"""Funnel plots with FunnelPlotR 0.6.0 parity: SR (SHMI, CQC), PR and RC, overdispersion, outliers.

NumPy and SciPy only, no Django and no I/O: usable from a notebook, a page, the CLI or a report.
See docs/funnel.md and docs/rules/funnel-plots.md.

>>> from oversight.funnel import FunnelOptions, funnel
>>> result = funnel(observed, expected, trust, FunnelOptions(data_type="SR"))  # doctest: +SKIP
>>> result.outliers()  # doctest: +SKIP
{'high': ['RXX'], 'low': []}
"""

from oversight.funnel.engine import FunnelResult, funnel
from oversight.funnel.errors import FunnelInputError
from oversight.funnel.options import FunnelOptions

__all__ = ["FunnelInputError", "FunnelOptions", "FunnelResult", "funnel"]
