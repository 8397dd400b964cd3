"""Making Data Count statistical process control, faithful to NHSRplotthedots and fast.

Pure Python and NumPy, no Django: usable from a notebook, a web view, a CLI or a Spark
partition. See docs/spc.md.

>>> from oversight.spc import spc, spc_summary
>>> points = spc(frame, value="y", date="month", by="org", target=0.95)  # doctest: +SKIP
"""

from oversight.spc.analysis import SPCResult, spc, spc_analysis, spc_summary
from oversight.spc.errors import SPCInputError
from oversight.spc.icons import icon_states
from oversight.spc.options import SPCOptions, spc_options
from oversight.spc.suggest import suggest_rebase

__all__ = [
    "SPCInputError",
    "SPCOptions",
    "SPCResult",
    "icon_states",
    "spc",
    "spc_analysis",
    "spc_options",
    "spc_summary",
    "suggest_rebase",
]
