"""Reports: choose an organisation and period, write the narratives, choose the metrics, download."""

from .choose import index
from .report import download, prepare
from .template import template

__all__ = ["download", "index", "prepare", "template"]
